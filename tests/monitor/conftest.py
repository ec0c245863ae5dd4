"""Database fixtures: SQLite always, PostgreSQL when CHITIEU_TEST_PG_URL is set (see storage.testing)."""

from storage.testing import _isolated_data_dir, archive, db_url, engine, pg_engine  # noqa: F401
