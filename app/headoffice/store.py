"""Opening the head office database: a SQLite file (default) or PostgreSQL through psycopg 3.

Contracts of :func:`open_store`:
- ``url`` is a SQLAlchemy URL (``sqlite:///path``, ``postgresql+psycopg://user@host/db``; a bare
  ``postgresql://`` gets the psycopg driver) or a plain file path, which means a SQLite file.
- The head office migrations (``migrations/versions``) run on open, under their own version table
  (``headoffice_version``). A SQLite file that is a branch database, or any SQLite file that is not
  empty and is not a head office database, is refused and left untouched.
- SQLite connections use WAL, ``synchronous=FULL``, foreign keys and a busy timeout; write
  transactions (:meth:`HeadOfficeStore.write`) start with ``BEGIN IMMEDIATE`` and are serialised in
  the process, so concurrent pushes queue instead of failing with "database is locked". On
  PostgreSQL writes run at READ COMMITTED; the feed counter's row lock orders feed entries.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from app.headoffice.errors import HeadOfficeError

VERSION_TABLE = "headoffice_version"
APPLICATION_ID = 0x4142484F  # "ABHO"
BRANCH_APPLICATION_ID = 0x41424E4F  # "ABNO", a branch database
MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
BUSY_TIMEOUT_MS = 30_000


def default_url() -> str:
    """``ABONO_HEADOFFICE_DB``, else the SQLite file ``headoffice.db`` in the user data directory."""
    env = os.environ.get("ABONO_HEADOFFICE_DB")
    if env:
        return env
    from platformdirs import user_data_dir

    return str(Path(user_data_dir("abono", appauthor=False)) / "headoffice.db")


def normalize_url(text: str) -> str:
    """A SQLAlchemy URL for ``text``: a path becomes ``sqlite:///ABS``; ``postgresql://`` gets psycopg."""
    raw = (text or "").strip()
    if not raw:
        raise HeadOfficeError("ho_db_url_invalid", url=text)
    if "://" not in raw:
        return f"sqlite:///{Path(raw).expanduser().resolve()}"
    try:
        url = make_url(raw)
    except ArgumentError:
        raise HeadOfficeError("ho_db_url_invalid", url=raw) from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise HeadOfficeError("ho_db_url_invalid", url=raw)
    return url.render_as_string(hide_password=False)


def _sqlite_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA cache_size = -64000")
    cur.close()


def _sqlite_begin(conn: Any) -> None:
    conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("ho_write") else "BEGIN")


def _check_sqlite_file(path: Path) -> None:
    """Refuse a non-empty SQLite file that is not a head office database (e.g. a branch's)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as f:
        if f.read(16) != b"SQLite format 3\x00":
            raise HeadOfficeError("ho_db_not_headoffice", path=str(path))
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        app_id = con.execute("PRAGMA application_id").fetchone()[0]
        tables = con.execute("SELECT count(*) FROM sqlite_master WHERE type='table'").fetchone()[0]
    except sqlite3.DatabaseError:
        raise HeadOfficeError("ho_db_not_headoffice", path=str(path)) from None
    finally:
        con.close()
    if app_id != APPLICATION_ID and tables > 0:
        raise HeadOfficeError("ho_db_not_headoffice", path=str(path))


@dataclass
class HeadOfficeStore:
    """The open head office database. Share it between threads; each call opens its own connection."""

    url: str
    engine: Engine
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def is_sqlite(self) -> bool:
        return self.engine.dialect.name == "sqlite"

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        guard = self._lock if self.is_sqlite else nullcontext()
        with guard, self.engine.execution_options(ho_write=True).begin() as conn:
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """One read transaction (a consistent snapshot on SQLite)."""
        with self.engine.connect() as conn, conn.begin():
            yield conn

    def placeholder(self) -> str:
        """The DB-API parameter marker of the driver (for ``executemany`` bulk loads)."""
        return "?" if self.is_sqlite else "%s"

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None) -> HeadOfficeStore:
    """Open (creating and migrating if needed) the head office database; see the module contract."""
    full = normalize_url(url or default_url())
    parsed = make_url(full)
    if parsed.drivername.startswith("sqlite"):
        path = Path(parsed.database or "")
        if not parsed.database or parsed.database == ":memory:":
            raise HeadOfficeError("ho_db_url_invalid", url=full)
        _check_sqlite_file(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            full, pool_size=8, max_overflow=32, connect_args={"check_same_thread": False, "timeout": 30}
        )
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
    else:
        engine = create_engine(full, pool_size=8, max_overflow=32, pool_pre_ping=True)
    store = HeadOfficeStore(full, engine)
    try:
        _migrate(store)
    except HeadOfficeError:
        engine.dispose()
        raise
    except Exception as e:
        engine.dispose()
        if type(e).__module__.startswith(("sqlalchemy", "psycopg")):
            raise HeadOfficeError(
                "ho_db_unreachable", url=parsed.render_as_string(), detail=str(e)[:200]
            ) from e
        raise
    return store


def _migrate(store: HeadOfficeStore) -> None:
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    with store.write() as conn:
        if store.is_sqlite:
            conn.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
