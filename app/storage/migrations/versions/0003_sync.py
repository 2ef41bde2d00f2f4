"""What a branch needs to sync with head office: its sync state and the events head office refused.

``sync_state`` is a key/value table (server URL, pull cursor, last success, last error, where the
token is kept). ``sync_refusals`` keeps, for review, each outbox event head office refused (the same
event id with other content) and each change from head office this branch could not apply (a payment
for an account it does not have). Remote payments and voids need nothing new: they go into
``payments``/``payment_allocations``/``payment_voids`` keyed by their UUIDs, which are already unique.

Revision ID: 0003
Revises: 0002
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.execute(
        """CREATE TABLE sync_state (
            key VARCHAR(32) NOT NULL PRIMARY KEY,
            value TEXT NOT NULL)"""
    )
    op.execute(
        """CREATE TABLE sync_refusals (
            id INTEGER NOT NULL PRIMARY KEY,
            direction VARCHAR(4) NOT NULL CHECK (direction IN ('push', 'pull')),
            event_uuid VARCHAR(36) NOT NULL,
            reason VARCHAR(32) NOT NULL,
            detail TEXT NOT NULL,
            created_at VARCHAR NOT NULL,
            CONSTRAINT uq_sync_refusals UNIQUE (direction, event_uuid, reason))"""
    )


def downgrade() -> None:
    raise NotImplementedError("Abono databases are never downgraded")
