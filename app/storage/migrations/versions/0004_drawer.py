"""Cash drawer sessions per register: opening float, cash moves, blind closes, Z reports.

Every record is immutable (triggers refuse UPDATE and DELETE): a session is open while it has no close
row. Cash payments and voids record the session they belong to.

Revision ID: 0004
Revises: 0003
"""

from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

IMMUTABLE = ("drawer_sessions", "drawer_closes", "cash_moves", "z_reports")


def upgrade() -> None:
    op.execute(
        """CREATE TABLE drawer_sessions (
            id INTEGER NOT NULL PRIMARY KEY,
            uuid VARCHAR(36) NOT NULL UNIQUE,
            branch_code VARCHAR(8) NOT NULL,
            register VARCHAR(2) NOT NULL,
            opened_by VARCHAR NOT NULL,
            opened_at VARCHAR NOT NULL,
            business_date VARCHAR(10) NOT NULL,
            float_cents INTEGER NOT NULL CHECK (float_cents >= 0),
            float_counts TEXT NOT NULL)"""
    )
    op.execute("CREATE INDEX ix_drawer_sessions_register ON drawer_sessions (register, id)")
    op.execute("CREATE INDEX ix_drawer_sessions_business_date ON drawer_sessions (business_date)")
    op.execute(
        """CREATE TABLE drawer_closes (
            id INTEGER NOT NULL PRIMARY KEY,
            session_id INTEGER NOT NULL UNIQUE REFERENCES drawer_sessions (id),
            closed_by VARCHAR NOT NULL,
            closed_at VARCHAR NOT NULL,
            counted_cents INTEGER NOT NULL CHECK (counted_cents >= 0),
            counts TEXT NOT NULL,
            expected_cents INTEGER NOT NULL,
            over_short_cents INTEGER NOT NULL,
            approved_by VARCHAR,
            note TEXT NOT NULL DEFAULT '')"""
    )
    op.execute(
        """CREATE TABLE cash_moves (
            id INTEGER NOT NULL PRIMARY KEY,
            uuid VARCHAR(36) NOT NULL UNIQUE,
            session_id INTEGER NOT NULL REFERENCES drawer_sessions (id),
            amount_cents INTEGER NOT NULL CHECK (amount_cents <> 0),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
            manager VARCHAR NOT NULL,
            created_at VARCHAR NOT NULL)"""
    )
    op.execute("CREATE INDEX ix_cash_moves_session_id ON cash_moves (session_id)")
    op.execute(
        """CREATE TABLE z_reports (
            id INTEGER NOT NULL PRIMARY KEY,
            uuid VARCHAR(36) NOT NULL UNIQUE,
            register VARCHAR(2) NOT NULL,
            z_no INTEGER NOT NULL,
            session_id INTEGER NOT NULL UNIQUE REFERENCES drawer_sessions (id),
            issued_by VARCHAR NOT NULL,
            issued_at VARCHAR NOT NULL,
            content TEXT NOT NULL,
            CONSTRAINT uq_z_reports_number UNIQUE (register, z_no))"""
    )
    # Cash payments and voids belong to the drawer session that was open at their register.
    op.execute("ALTER TABLE payments ADD COLUMN drawer_session_id INTEGER REFERENCES drawer_sessions (id)")
    op.execute(
        "ALTER TABLE payment_voids ADD COLUMN drawer_session_id INTEGER REFERENCES drawer_sessions (id)"
    )
    op.execute("CREATE INDEX ix_payments_drawer_session_id ON payments (drawer_session_id)")
    op.execute("CREATE INDEX ix_payment_voids_drawer_session_id ON payment_voids (drawer_session_id)")
    for table in IMMUTABLE:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
                f"SELECT RAISE(ABORT, '{table} rows are immutable: {verb} refused'); END"
            )


def downgrade() -> None:
    raise NotImplementedError("Abono databases are never downgraded")
