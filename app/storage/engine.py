"""Opening a branch database: file checks, SQLite pragmas, write transactions, migrations.

Contracts:
- :func:`open_engine` refuses, with ``DatabaseRefused``, a file that is not SQLite, a SQLite file that is
  not an Abono database, and an Abono database whose schema is newer than this program knows. A new or
  empty file becomes an Abono database: its application id is set and every migration runs. An older
  schema is migrated forward; a current one is opened without importing Alembic at all (fast start).
- Every connection runs with WAL, ``synchronous=FULL``, ``foreign_keys=ON`` and a busy timeout.
- Connections from :func:`write_engine` start their transactions with ``BEGIN IMMEDIATE``: a writer
  takes the write lock before it reads, so two processes writing the same file serialise instead of
  failing half-way with "database is locked". Plain connections start with a deferred ``BEGIN``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

from app.errors import DatabaseRefused

APPLICATION_ID = 0x41424E4F  # "ABNO" in the SQLite header's application-id field
BUSY_TIMEOUT_MS = 15_000
CACHE_SIZE = -32000  # PRAGMA cache_size of every connection: 32 MB of pages
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_MAGIC = b"SQLite format 3\x00"


def known_revisions() -> list[str]:
    """Schema revisions this program knows, oldest first (file names ``NNNN_*.py`` in versions/)."""
    return sorted(
        p.name.split("_", 1)[0] for p in (MIGRATIONS_DIR / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")
    )


def head_revision() -> str:
    return known_revisions()[-1]


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event below decide how transactions start (pysqlite's own
    # implicit BEGIN is deferred and happens too late for BEGIN IMMEDIATE).
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute(f"PRAGMA cache_size = {CACHE_SIZE}")
    cur.execute("PRAGMA temp_store = MEMORY")
    cur.close()


def _on_begin(conn: Any) -> None:
    if conn.get_execution_options().get("abono_write"):
        conn.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        conn.exec_driver_sql("BEGIN")


def _check_file(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        magic = f.read(16)
    if magic != SQLITE_MAGIC:
        raise DatabaseRefused("db_not_abono", path=str(path))


def _inspect(path: Path) -> tuple[int, int, str | None]:
    """(application_id, number of tables, alembic revision or None) read with plain sqlite3."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000)
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
        revision = None
        if con.execute(
            "SELECT 1 FROM sqlite_master WHERE type='table' AND name='alembic_version'"
        ).fetchone():
            row = con.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return int(app_id), int(tables), revision
    except sqlite3.DatabaseError:
        raise DatabaseRefused("db_not_abono", path=str(path)) from None
    finally:
        con.close()


def open_engine(path: Path, *, create: bool = True) -> Engine:
    """Open (and if needed create or migrate) the branch database at ``path``; see module contract."""
    path = Path(path)
    if not path.exists() and not create:
        raise DatabaseRefused("db_missing", path=str(path))
    _check_file(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    revision: str | None = None
    if path.exists() and path.stat().st_size > 0:
        app_id, tables, revision = _inspect(path)
        if app_id != APPLICATION_ID and tables > 0:
            raise DatabaseRefused("db_not_abono", path=str(path))
        if revision is not None and revision not in known_revisions():
            raise DatabaseRefused("db_newer", path=str(path), revision=revision)
    engine = create_engine(
        f"sqlite:///{path}",
        poolclass=QueuePool,
        pool_size=4,
        max_overflow=8,
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    if revision != head_revision():
        _migrate(engine)
    from app.storage import bulk_write  # imports this module

    bulk_write.restore(engine)
    return engine


def write_engine(engine: Engine) -> Engine:
    """The same pool, with transactions that start with ``BEGIN IMMEDIATE``."""
    return engine.execution_options(abono_write=True)


def _migrate(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with write_engine(engine).begin() as conn:
        conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
