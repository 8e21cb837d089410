"""A rate kept as its numerator and denominator (PRODUCT §6)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rate:
    """A rate kept as its parts, so a screen can show both, and "—" when nothing was counted."""

    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """Return the rate as a fraction, or None when the denominator is 0."""
        return self.numerator / self.denominator if self.denominator else None

    def as_dict(self) -> dict[str, int]:
        """Return the rate's parts as plain JSON."""
        return {"numerator": self.numerator, "denominator": self.denominator}


NOTHING = Rate(0, 0)
