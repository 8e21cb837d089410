"""The migrations build exactly the schema the models describe, on both databases."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from data import schema
from data.models import Base


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert differences == []
    assert schema.current_revision(engine) == schema.head_revision()


def test_migrations_go_down_to_empty_and_up_again(engine):
    command.downgrade(schema.alembic_config(engine), "base")
    assert schema.current_revision(engine) is None
    schema.upgrade(engine)
    assert schema.current_revision(engine) == schema.head_revision()
