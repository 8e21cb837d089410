"""The district and its hierarchy: streets, communities, grids (PRODUCT §2)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from data.models.base import Base, Json


class District(Base):
    """The district (区) the command centre runs."""

    __tablename__ = "districts"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(6), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    boundary: Mapped[dict[str, Any] | None] = mapped_column(Json)
    # As the district workbook gives them; the server's settings apply where none is given.
    timezone: Mapped[str | None] = mapped_column(String(64))
    office_hours: Mapped[str | None] = mapped_column(String(100))

    streets: Mapped[list[Street]] = relationship(back_populates="district", order_by="Street.code")

    __table_args__ = (CheckConstraint("length(code) = 6", name="code_6_digits"),)


class Street(Base):
    """A street (街道) or town (镇); its code is the district's plus three digits."""

    __tablename__ = "streets"

    id: Mapped[int] = mapped_column(primary_key=True)
    district_id: Mapped[int] = mapped_column(ForeignKey("districts.id"), index=True)
    code: Mapped[str] = mapped_column(String(9), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # street, town, township
    boundary: Mapped[dict[str, Any] | None] = mapped_column(Json)
    # Gone from the workbook: kept, inactive. The server default fills rows from before.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    district: Mapped[District] = relationship(back_populates="streets")
    communities: Mapped[list[Community]] = relationship(
        back_populates="street", order_by="Community.code"
    )

    __table_args__ = (CheckConstraint("length(code) = 9", name="code_9_digits"),)


class Community(Base):
    """A community (社区) or village (村); its code is the street's plus three digits."""

    __tablename__ = "communities"

    id: Mapped[int] = mapped_column(primary_key=True)
    street_id: Mapped[int] = mapped_column(ForeignKey("streets.id"), index=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(16))  # community, village
    boundary: Mapped[dict[str, Any] | None] = mapped_column(Json)
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    street: Mapped[Street] = relationship(back_populates="communities")
    grids: Mapped[list[Grid]] = relationship(back_populates="community", order_by="Grid.code")

    __table_args__ = (CheckConstraint("length(code) = 12", name="code_12_digits"),)


class Grid(Base):
    """The smallest unit of management: a polygon with a 15-digit unified code."""

    __tablename__ = "grids"

    id: Mapped[int] = mapped_column(primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id"), index=True)
    code: Mapped[str] = mapped_column(String(15), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    boundary: Mapped[dict[str, Any]] = mapped_column(Json)
    # A point inside the grid, for labels and for placing reports without one.
    lon: Mapped[float]
    lat: Mapped[float]
    households: Mapped[int] = mapped_column(default=0)
    residents: Mapped[int] = mapped_column(default=0)
    head: Mapped[str | None] = mapped_column(String(50))  # 网格长
    workers: Mapped[list[str]] = mapped_column(Json, default=list)  # 网格员
    # Dropped from a later layer while incidents refer to it: kept, neither drawn nor found.
    active: Mapped[bool] = mapped_column(default=True, server_default=true())

    community: Mapped[Community] = relationship(back_populates="grids")

    __table_args__ = (CheckConstraint("length(code) = 15", name="code_15_digits"),)
