"""Installments by due date, and the table of objects a bulk write has set aside.

- ``ix_installments_due_on``: "what falls due today" (the end-of-day report's collected-versus-due, and
  any list of what is due on a day) reads the day's installments instead of every schedule. About
  270 MB and 6.5 s to build per 12.9 million installments (the one-million-customer demo).
- ``set_aside``: the name and SQL of each index or trigger a bulk write dropped for its duration
  (``app.storage.bulk_write``), written in the same transaction as the drop, so that whoever opens the
  branch next puts back whatever a crash left out.

Revision ID: 0008
Revises: 0007
"""

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute("CREATE INDEX ix_installments_due_on ON installments (due_on)")
    op.execute("CREATE TABLE set_aside (name VARCHAR NOT NULL PRIMARY KEY, sql TEXT NOT NULL)")


def downgrade() -> None:
    raise NotImplementedError("Abono databases are never downgraded")
