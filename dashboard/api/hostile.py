"""Refuse what no field may hold, wherever it is, before a model or a store sees it.

Deep nesting, NUL characters, lone UTF-16 surrogates and integers past 64 bits are answered
as bad fields (PRODUCT §11), named by their path in the body (`reporter.name`, `co.1`).
"""

from __future__ import annotations

from typing import Any

from dashboard import unfit
from dashboard.api.errors import ApiError

DEPTH = 8  # no request of the API nests deeper than this


def check(value: Any) -> None:
    """Raise a 422 `ApiError` naming the first part of `value` no field may hold."""
    try:
        unfit.check(value, deepest=DEPTH, status=422, root="", brackets=False)
    except unfit.Unfit as bad:
        raise ApiError(bad.status, "invalid", str(bad), bad.field) from None
