"""Storage: the SQLAlchemy models, the engine with Abono's SQLite pragmas, and Alembic migrations."""
