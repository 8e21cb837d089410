"""Settings the administrator changes from a screen, each change kept with who made it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data.models.base import Base


class ScoreWeightSet(Base):
    """One change of the composite score's weights (综合得分权重): who set them, and when."""

    __tablename__ = "score_weight_sets"

    id: Mapped[int] = mapped_column(primary_key=True)  # the latest set is the greatest id
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime]

    weights: Mapped[list[ScoreWeight]] = relationship(
        back_populates="weight_set", order_by="ScoreWeight.figure")


class ScoreWeight(Base):
    """The weight of one rate in a set, as a fraction of the composite."""

    __tablename__ = "score_weights"

    set_id: Mapped[int] = mapped_column(ForeignKey("score_weight_sets.id"), primary_key=True)
    figure: Mapped[str] = mapped_column(String(32), primary_key=True)
    weight: Mapped[float]

    weight_set: Mapped[ScoreWeightSet] = relationship(back_populates="weights")

    __table_args__ = (CheckConstraint("weight >= 0", name="weight_not_negative"),)
