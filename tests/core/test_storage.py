"""Opening branch databases: what is refused, what is migrated, the pragmas every connection uses."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from app import Branch
from app.errors import DatabaseRefused, Refused
from app.storage.engine import head_revision, open_engine
from app.storage.models import Base


def test_a_text_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    f = tmp_path / "notes.db"
    f.write_text("this is not a database\n")
    with pytest.raises(DatabaseRefused) as e:
        Branch.open(f)
    assert "no es una base de datos de Abono" in e.value.message("es")
    assert f.read_text() == "this is not a database\n"


def test_another_programs_sqlite_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "other.db"
    con = sqlite3.connect(f)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseRefused) as e:
        Branch.open(f)
    assert e.value.code == "db_not_abono"
    con = sqlite3.connect(f)
    assert [r[0] for r in con.execute("SELECT name FROM sqlite_master")] == ["invoices"]


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "b.db"
    Branch.create(f, "B001", "Uno").close()
    con = sqlite3.connect(f)
    con.execute("UPDATE alembic_version SET version_num = '9999'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseRefused) as e:
        Branch.open(f)
    assert e.value.code == "db_newer"
    assert "9999" in e.value.message("en") and "newer version" in e.value.message("en")


def test_a_missing_file_is_not_created_by_open(tmp_path: Path) -> None:
    with pytest.raises(DatabaseRefused) as e:
        Branch.open(tmp_path / "nope.db")
    assert e.value.code == "db_missing"
    assert not (tmp_path / "nope.db").exists()


def test_an_uninitialised_database_asks_for_init(tmp_path: Path) -> None:
    open_engine(tmp_path / "b.db").dispose()
    with pytest.raises(DatabaseRefused) as e:
        Branch.open(tmp_path / "b.db")
    assert "abono init" in e.value.message("es")


def test_init_twice_is_refused(tmp_path: Path) -> None:
    Branch.create(tmp_path / "b.db", "B001", "Uno").close()
    with pytest.raises(Refused):
        Branch.create(tmp_path / "b.db", "B002", "Dos")
    with Branch.open(tmp_path / "b.db") as b:
        assert b.settings.branch_code == "B001"


def test_connections_use_wal_full_sync_and_foreign_keys(tmp_path: Path) -> None:
    with Branch.create(tmp_path / "b.db", "B001", "Uno") as b, b.engine.connect() as c:
        assert c.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert c.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert c.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert c.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert c.exec_driver_sql("PRAGMA application_id").scalar() == 0x41424E4F


def test_write_transactions_begin_immediate(tmp_path: Path) -> None:
    """A writer holds the write lock from its first statement: a second writer cannot start."""
    with Branch.create(tmp_path / "b.db", "B001", "Uno") as b, b.write_engine.connect() as c:
        c.exec_driver_sql("SELECT 1")  # only a read: with BEGIN IMMEDIATE the lock is already held
        other = sqlite3.connect(tmp_path / "b.db", timeout=0.1)
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            other.execute("BEGIN IMMEDIATE")
        other.close()
        c.rollback()


def test_models_describe_the_migrated_schema(tmp_path: Path) -> None:
    engine = open_engine(tmp_path / "b.db")
    with engine.connect() as c:
        diff = compare_metadata(MigrationContext.configure(c), Base.metadata)
    engine.dispose()
    con = sqlite3.connect(tmp_path / "b.db")

    def unique_in_db(table: str, columns: list[str]) -> bool:
        for _, name, unique, _origin, _partial in con.execute(f"PRAGMA index_list({table})"):
            cols = [r[2] for r in con.execute(f"PRAGMA index_info('{name}')")]
            if unique and cols == columns:
                return True
        return False

    relevant = []
    for d in diff:
        if d[0] == "remove_table" and d[1].name.startswith("customer_fts"):
            continue  # the FTS5 tables are created by the migration only; the ORM never maps them
        # Alembic cannot match SQLite's unnamed inline UNIQUE constraints; check the index instead.
        if (
            d[0] == "add_constraint"
            and d[1].__class__.__name__ == "UniqueConstraint"
            and unique_in_db(d[1].table.name, [c.name for c in d[1].columns])
        ):
            continue
        relevant.append(d)
    assert relevant == []


def test_a_new_database_is_at_the_head_revision(tmp_path: Path) -> None:
    Branch.create(tmp_path / "b.db", "B001", "Uno").close()
    con = sqlite3.connect(tmp_path / "b.db")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
