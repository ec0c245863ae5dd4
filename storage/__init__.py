"""Storage: SQLAlchemy models, Alembic migrations, the raw-body archive, and the queries archivists use.

Repositories here flush; the job or command that owns the unit of work commits (see ``storage.db``).
"""
