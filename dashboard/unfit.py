"""What no field may hold, found in a JSON value in one walk: nesting past a depth, integers
past 64 bits, numbers that are not finite, and text no store can keep (NUL, lone surrogates).

The pages' guard (`dashboard.inputs`) and the API's (`dashboard.api.hostile`) each walk with
their own depth and status, and name the place in their own way: `body.inputs[0].value` for
a callback, `reporter.name` for a report.
"""

from __future__ import annotations

import math
from typing import Any

from data.incidents import trail

WIDEST_INT = 2**63  # the store's integers are 64-bit


class Unfit(ValueError):
    """A value no field may hold; `field` says where, `status` what to answer."""

    def __init__(self, field: str, message: str, status: int = 400) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message, self.status = field, message, status


def check(value: Any, *, deepest: int, status: int, root: str = "body",
          brackets: bool = True) -> None:
    """Raise `Unfit` for the first part of `value` no field may hold, in document order.

    Places are named from `root` (none: a top-level member is named alone), with list
    indexes as `[n]` or, without `brackets`, as `.n`. Nesting past `deepest` is named by the
    member it runs away in, not by the hundred indexes inside it.
    """
    stack: list[tuple[Any, str, int, str]] = [(value, root, 0, root)]
    while stack:
        value, where, depth, member = stack.pop()
        named = where or "body"
        if depth > deepest:
            raise Unfit(member or "body", f"is nested more than {deepest} levels deep", status)
        if isinstance(value, bool):
            continue
        if isinstance(value, int) and not -WIDEST_INT <= value < WIDEST_INT:
            raise Unfit(named, "is a whole number beyond 64 bits", status)
        if isinstance(value, float) and not math.isfinite(value):
            raise Unfit(named, "is not a finite number", status)
        if isinstance(value, str):
            flaw = trail.text_flaw(value)
            if flaw:
                raise Unfit(named, flaw, status)
        elif isinstance(value, dict):
            inner = []
            for key, item in value.items():
                flaw = trail.text_flaw(key)
                if flaw:
                    raise Unfit(named, f"a key {flaw}", status)
                path = f"{where}.{key}" if where else str(key)
                inner.append((item, path, depth + 1, path))
            stack += reversed(inner)
        elif isinstance(value, list):
            stack += reversed([(item, f"{where}[{n}]" if brackets else
                                f"{where}.{n}" if where else str(n), depth + 1, member)
                               for n, item in enumerate(value)])
