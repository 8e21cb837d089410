"""How large a district's file (a workbook, a grid layer) may be, and sizes as people read them."""

from __future__ import annotations

MAX_UPLOAD = 20 * 1024 * 1024  # a district's grid layer at survey precision fits with room


def size(count: int) -> str:
    """A byte count as a person reads it: 20 MiB, 350 KiB."""
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.3g} MiB"
    return f"{max(1, round(count / 1024))} KiB"
