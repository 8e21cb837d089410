"""Refuse what no field may hold, wherever it is, before a model or a store sees it.

Deep nesting, NUL characters, lone UTF-16 surrogates and integers past 64 bits are answered
as bad fields (PRODUCT §11), named by their path in the body (`reporter.name`, `co.1`).
"""

from __future__ import annotations

import math
from typing import Any

from dashboard.api.errors import ApiError
from data.incidents import trail

DEPTH = 8  # no request of the API nests deeper than this
INT64 = 2**63


def check(value: Any, path: str = "", depth: int = 0, member: str = "") -> None:
    """Raise a 422 `ApiError` naming the first part of `value` no field may hold.

    `member` is the field the value belongs to: runaway nesting is named by it, not by the
    hundred indexes inside it.
    """
    where = path or "body"
    if depth > DEPTH:
        named = member or "body"
        raise ApiError(422, "invalid", f"{named}: nested more than {DEPTH} levels deep", named)
    if isinstance(value, dict):
        for key, item in value.items():
            check(key, where, depth + 1, member)
            inner = f"{path}.{key}" if path else str(key)
            check(item, inner, depth + 1, inner)
    elif isinstance(value, list):
        for number, item in enumerate(value):
            check(item, f"{path}.{number}" if path else str(number), depth + 1, member)
    elif isinstance(value, str):
        flaw = trail.text_flaw(value)
        if flaw:
            raise ApiError(422, "invalid", f"{where}: {flaw}", where)
    elif isinstance(value, int) and not isinstance(value, bool) and not -INT64 <= value < INT64:
        raise ApiError(422, "invalid", f"{where}: is past the 64-bit integer range", where)
    elif isinstance(value, float) and not math.isfinite(value):
        raise ApiError(422, "invalid", f"{where}: is not a finite number", where)
