"""Settings the administrator changes from a screen, each change kept with who made it."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data.models.base import Base


class ScoreWeightSet(Base):
    """One change of the composite score's weights (综合得分权重): who set them, and when."""

    __tablename__ = "score_weight_sets"

    id: Mapped[int] = mapped_column(primary_key=True)  # the latest set is the greatest id
    set_by: Mapped[str] = mapped_column(String(100))
    set_at: Mapped[datetime]
    # Scorecards rank a unit on a rate only with this many decided cases (样本量下限).
    minimum_sample: Mapped[int] = mapped_column(default=10, server_default="10")

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


class CatalogChange(Base):
    """One change to the district's set-up (a limit, a name, an activation): who, when, what."""

    __tablename__ = "catalog_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    # district, street, community, department, item, calendar, user; delivery (a webhook's
    # delivery sent again, by its id)
    subject: Mapped[str] = mapped_column(String(16))
    code: Mapped[str] = mapped_column(String(64))  # a user's change is kept by username
    field: Mapped[str] = mapped_column(String(32))
    before: Mapped[str | None] = mapped_column(String(200))
    after: Mapped[str | None] = mapped_column(String(200))
    changed_by: Mapped[str] = mapped_column(String(100))
    changed_at: Mapped[datetime]

    __table_args__ = (Index("ix_catalog_changes_subject_code", "subject", "code"),)


class CalendarDay(Base):
    """A day of the official schedule entered by an administrator: off (休) or work (班)."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # off, work
    source: Mapped[str] = mapped_column(String(200))  # the workbook's file name, or the screen
    entered_by: Mapped[str] = mapped_column(String(100))
    entered_at: Mapped[datetime]

    __table_args__ = (CheckConstraint("kind IN ('off', 'work')", name="kind_off_or_work"),)
