"""Customer search: index one-letter prefixes too, so "quispe m" (a cashier still typing) is as fast
as "quispe mar". The FTS5 table is rebuilt from ``customers`` (about 4 s per million customers).

Revision ID: 0005
Revises: 0004
"""

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for trigger in ("customers_fts_insert", "customers_fts_delete", "customers_fts_update"):
        op.execute(f"DROP TRIGGER {trigger}")
    op.execute("DROP TABLE customer_fts")
    op.execute(
        """CREATE VIRTUAL TABLE customer_fts USING fts5(
            first_names, last_names,
            content='customers', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='1 2 3')"""
    )
    op.execute("INSERT INTO customer_fts(customer_fts) VALUES ('rebuild')")
    op.execute(
        """CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
            INSERT INTO customer_fts(rowid, first_names, last_names)
            VALUES (new.id, new.first_names, new.last_names);
        END"""
    )
    op.execute(
        """CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
            INSERT INTO customer_fts(customer_fts, rowid, first_names, last_names)
            VALUES ('delete', old.id, old.first_names, old.last_names);
        END"""
    )
    op.execute(
        """CREATE TRIGGER customers_fts_update AFTER UPDATE OF first_names, last_names ON customers BEGIN
            INSERT INTO customer_fts(customer_fts, rowid, first_names, last_names)
            VALUES ('delete', old.id, old.first_names, old.last_names);
            INSERT INTO customer_fts(rowid, first_names, last_names)
            VALUES (new.id, new.first_names, new.last_names);
        END"""
    )


def downgrade() -> None:
    raise NotImplementedError("Abono databases are never downgraded")
