"""Migrations build the schema from empty, match the models, and go back down to nothing."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select

from storage.db import SCHEMA_HEAD, alembic_config, downgrade, is_current, make_engine, session_scope, upgrade
from storage.models import Base, Province

TABLES = {
    "provinces",
    "sources",
    "documents",
    "document_urls",
    "document_versions",
    "document_checks",
    "figures",
    "change_events",
}


def test_upgrade_from_empty_then_downgrade_to_base_and_up_again(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        assert not TABLES & set(inspect(engine).get_table_names())
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
        assert is_current(engine)
        downgrade(engine)
        assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
        upgrade(engine)
        assert set(inspect(engine).get_table_names()) >= TABLES
    finally:
        engine.dispose()


def test_schema_head_is_the_newest_migration(engine) -> None:
    """Crawls check the schema against SCHEMA_HEAD without Alembic: a new migration must move it."""
    assert ScriptDirectory.from_config(alembic_config(engine)).get_heads() == [SCHEMA_HEAD]


def test_a_schema_one_migration_behind_is_not_current_and_upgrade_brings_it_up(db_url: str) -> None:
    engine = make_engine(db_url)
    try:
        upgrade(engine)
        downgrade(engine, "-1")
        assert not is_current(engine)
        upgrade(engine)
        assert is_current(engine)
    finally:
        engine.dispose()


EXTERNAL_TABLES = ("apscheduler_jobs",)  # created by migrations, owned by APScheduler's job store, no model


def test_migrations_match_the_models(engine) -> None:
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    assert [d for d in diff if not any(name in str(d) for name in EXTERNAL_TABLES)] == []


def test_upgrade_seeds_the_province_reference_once(engine) -> None:
    upgrade(engine)  # a second upgrade must not duplicate rows
    with session_scope(engine) as session:
        current = session.scalar(select(func.count()).where(Province.is_current.is_(True)))
        absorbed = session.scalar(select(func.count()).where(Province.merged_into_id.is_not(None)))
        total = session.scalar(select(func.count()).select_from(Province))
    # 63 pre-2025 units: 34 kept a name as a current unit, the other 29 were absorbed on 2025-07-01
    assert (current, absorbed, total) == (34, 29, 63)


def test_sqlite_engine_enforces_foreign_keys(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'nested' / 'dir' / 'db.sqlite'}")
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()
