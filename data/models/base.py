"""The declarative base and the column types every model shares."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    ColumnElement,
    DateTime,
    Enum,
    Integer,
    MetaData,
    String,
    TypeDecorator,
    literal_column,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

# Named constraints, so that migrations can refer to them on every database.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# SQLite only autoincrements an INTEGER PRIMARY KEY; elsewhere ids are 64-bit.
BigId = BigInteger().with_variant(Integer(), "sqlite")

# GeoJSON and event details: JSONB on PostgreSQL, JSON text elsewhere.
Json = JSON().with_variant(JSONB(), "postgresql")


class JsonText(FunctionElement[str]):
    """The text at a key of a JSON column, with the key written into the SQL itself."""

    type = String()
    name = "json_text"
    inherit_cache = True


def json_text(column: ColumnElement[Any], key: str) -> JsonText:
    """The text at `key` of a JSON column, as the same SQL every time it is asked for.

    An index on such an expression is used only by a query that spells it identically, key
    and all; a bound parameter for the key would never match, so the key is inlined.
    """
    if not key.isidentifier():
        raise ValueError(f"JSON key {key!r}: only plain names are inlined into SQL")
    return JsonText(column, literal_column(key))


@compiles(JsonText)
@compiles(JsonText, "sqlite")
def _json_text_sqlite(element: JsonText, compiler: SQLCompiler, **kw: Any) -> str:
    column, key = element.clauses
    return f"json_extract({compiler.process(column, **kw)}, '$.{key.name}')"


@compiles(JsonText, "postgresql")
def _json_text_postgresql(element: JsonText, compiler: SQLCompiler, **kw: Any) -> str:
    column, key = element.clauses
    # No parentheses: PostgreSQL gives an index's expression back without them, and ->>
    # binds tighter than any comparison the figures make with it.
    return f"{compiler.process(column, **kw)} ->> '{key.name}'"


def str_enum(enum: type[StrEnum]) -> Enum:
    """Store an enum by its value as checked text, portable across databases."""
    return Enum(
        enum,
        native_enum=False,
        length=24,
        validate_strings=True,
        values_callable=lambda members: [m.value for m in members],
    )


class UTCDateTime(TypeDecorator[datetime]):
    """Store aware datetimes as UTC and hand them back aware, on every database."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: times are stored in UTC and must be aware")
        value = value.astimezone(UTC)
        # SQLite has no zone type: keep naive UTC text there.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    """The base of every table in the store."""

    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {datetime: UTCDateTime()}
