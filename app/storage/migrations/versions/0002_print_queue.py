"""The print queue: one row per receipt, void slip or reprint to print, kept until it has printed.

Revision ID: 0002
Revises: 0001
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """CREATE TABLE print_jobs (
            id INTEGER NOT NULL PRIMARY KEY,
            kind VARCHAR(8) NOT NULL CHECK (kind IN ('payment', 'void')),
            receipt_no VARCHAR(24) NOT NULL,
            copy INTEGER NOT NULL DEFAULT 0,
            status VARCHAR(8) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'failed', 'printed')),
            attempts INTEGER NOT NULL DEFAULT 0,
            last_error TEXT,
            requested_by VARCHAR NOT NULL,
            created_at VARCHAR NOT NULL,
            updated_at VARCHAR NOT NULL,
            printed_at VARCHAR)"""
    )
    op.execute("CREATE INDEX ix_print_jobs_waiting ON print_jobs (id) WHERE status <> 'printed'")
    op.execute("CREATE INDEX ix_print_jobs_receipt_no ON print_jobs (receipt_no)")


def downgrade() -> None:
    raise NotImplementedError("Abono databases are never downgraded")
