"""Departments and the whistle list (吹哨清单) with its limits (PRODUCT §2–§3)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data.domain import ClassKind, LimitUnit
from data.models.base import Base, str_enum


class Department(Base):
    """A functional department (职能部门) that is dispatched to and reports for duty."""

    __tablename__ = "departments"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    short_name: Mapped[str] = mapped_column(String(20))
    active: Mapped[bool] = mapped_column(default=True)


class ItemClass(Base):
    """One of the three classes of the whistle list."""

    __tablename__ = "item_classes"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    kind: Mapped[ClassKind] = mapped_column(str_enum(ClassKind))
    name: Mapped[str] = mapped_column(String(50))

    items: Mapped[list[Item]] = relationship(back_populates="item_class", order_by="Item.code")


class Item(Base):
    """A whistle-list item: a kind of matter, its lead department and its two limits."""

    __tablename__ = "items"

    id: Mapped[int] = mapped_column(primary_key=True)
    class_id: Mapped[int] = mapped_column(ForeignKey("item_classes.id"), index=True)
    code: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    lead_department_id: Mapped[int] = mapped_column(ForeignKey("departments.id"))
    response_amount: Mapped[float]  # time to sign for it
    response_unit: Mapped[LimitUnit] = mapped_column(str_enum(LimitUnit))
    resolution_amount: Mapped[float]  # time to resolve it
    resolution_unit: Mapped[LimitUnit] = mapped_column(str_enum(LimitUnit))
    active: Mapped[bool] = mapped_column(default=True)

    item_class: Mapped[ItemClass] = relationship(back_populates="items")
    lead_department: Mapped[Department] = relationship()

    __table_args__ = (
        CheckConstraint("response_amount > 0", name="response_positive"),
        CheckConstraint("resolution_amount > 0", name="resolution_positive"),
    )
