"""The first head office schema: branches and their token hashes, master customers, accounts and
installments, received and held branch events, payments and voids from the branches, the change feed.

Revision ID: ho0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "ho0001"
down_revision = None
branch_labels = None
depends_on = None


def _ts(name: str, nullable: bool = False) -> sa.Column:  # type: ignore[type-arg]
    return sa.Column(name, sa.String(32), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "branches",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(8), nullable=False, unique=True),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        _ts("created_at"),
        _ts("revoked_at", nullable=True),
    )
    op.create_table(
        "customers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("doc_type", sa.String(3), nullable=False),
        sa.Column("doc_number", sa.String(12), nullable=False),
        sa.Column("first_names", sa.String(120), nullable=False),
        sa.Column("last_names", sa.String(120), nullable=False),
        sa.Column("phone", sa.String(15)),
        sa.Column("phone2", sa.String(15)),
        sa.Column("address", sa.String(200), nullable=False),
        _ts("created_at"),
        sa.UniqueConstraint("doc_type", "doc_number", name="uq_ho_customers_doc"),
    )
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("account_no", sa.String(20), nullable=False, unique=True),
        sa.Column("customer_id", sa.Integer, sa.ForeignKey("customers.id"), nullable=False),
        sa.Column("description", sa.String(200), nullable=False),
        sa.Column("principal_cents", sa.BigInteger, nullable=False),
        sa.Column("rate_bp", sa.Integer, nullable=False),
        sa.Column("term", sa.Integer, nullable=False),
        sa.Column("frequency", sa.String(10), nullable=False),
        sa.Column("opened_on", sa.String(10), nullable=False),
        sa.Column("credit_limit_cents", sa.BigInteger, nullable=False),
        sa.Column("status", sa.String(12), nullable=False),
        _ts("created_at"),
    )
    op.create_index("ix_accounts_customer_id", "accounts", ["customer_id"])
    op.create_table(
        "installments",
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), primary_key=True),
        sa.Column("number", sa.Integer, primary_key=True),
        sa.Column("due_on", sa.String(10), nullable=False),
        sa.Column("principal_cents", sa.BigInteger, nullable=False),
        sa.Column("interest_cents", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "received_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("branch_code", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        _ts("received_at"),
        sa.Column("feed_seq", sa.BigInteger),
    )
    op.create_index("ix_received_events_branch_code", "received_events", ["branch_code"])
    op.create_table(
        "held_events",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("event_uuid", sa.String(36), nullable=False),
        sa.Column("branch_code", sa.String(8), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("payload", sa.Text, nullable=False),
        sa.Column("content_hash", sa.String(64), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        _ts("received_at"),
        sa.Column("subject_uuid", sa.String(36)),
        _ts("resolved_at", nullable=True),
        sa.UniqueConstraint("event_uuid", "content_hash", "reason", name="uq_held_events"),
    )
    op.create_index("ix_held_events_event_uuid", "held_events", ["event_uuid"])
    op.create_index("ix_held_events_subject_uuid", "held_events", ["subject_uuid"])
    op.create_table(
        "payments",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("receipt_no", sa.String(24), nullable=False, unique=True),
        sa.Column("account_id", sa.Integer, sa.ForeignKey("accounts.id"), nullable=False),
        sa.Column("branch_code", sa.String(8), nullable=False),
        sa.Column("register", sa.String(2), nullable=False),
        sa.Column("amount_cents", sa.BigInteger, nullable=False),
        sa.Column("method", sa.String(16), nullable=False),
        sa.Column("method_kind", sa.String(8), nullable=False),
        sa.Column("cashier", sa.String(64), nullable=False),
        _ts("created_at"),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("event_uuid", sa.String(36), nullable=False),
    )
    op.create_index("ix_payments_account_id", "payments", ["account_id"])
    op.create_index("ix_ho_payments_date_branch", "payments", ["business_date", "branch_code"])
    op.create_table(
        "payment_allocations",
        sa.Column("payment_id", sa.Integer, sa.ForeignKey("payments.id"), primary_key=True),
        sa.Column("line_no", sa.Integer, primary_key=True),
        sa.Column("installment_no", sa.Integer),
        sa.Column("late_fee_cents", sa.BigInteger, nullable=False),
        sa.Column("interest_cents", sa.BigInteger, nullable=False),
        sa.Column("principal_cents", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "payment_voids",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("uuid", sa.String(36), nullable=False, unique=True),
        sa.Column("payment_id", sa.Integer, sa.ForeignKey("payments.id"), nullable=False, unique=True),
        sa.Column("branch_code", sa.String(8), nullable=False),
        sa.Column("register", sa.String(2), nullable=False),
        sa.Column("manager", sa.String(64), nullable=False),
        sa.Column("reason", sa.Text, nullable=False),
        _ts("created_at"),
        sa.Column("business_date", sa.String(10), nullable=False),
        sa.Column("event_uuid", sa.String(36), nullable=False),
    )
    op.create_index("ix_ho_voids_date_branch", "payment_voids", ["business_date", "branch_code"])
    op.create_table(
        "feed",
        sa.Column("seq", sa.BigInteger, primary_key=True, autoincrement=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("entity_uuid", sa.String(36), nullable=False),
        sa.Column("origin_branch", sa.String(8)),
        sa.Column("payload", sa.Text, nullable=False),
        _ts("created_at"),
    )
    op.create_table(
        "feed_counter",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("last_seq", sa.BigInteger, nullable=False),
    )
    op.execute("INSERT INTO feed_counter (id, last_seq) VALUES (1, 0)")


def downgrade() -> None:
    raise NotImplementedError("head office databases are never downgraded")
