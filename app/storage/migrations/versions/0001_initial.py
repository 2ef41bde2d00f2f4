"""The first branch schema: settings, users, customers (+ FTS5), accounts, installments, payments,
allocations, voids, receipt sequences, the audit log and the sync outbox; immutability triggers.

Revision ID: 0001
Revises:
"""

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

IMMUTABLE = ("payments", "payment_allocations", "payment_voids", "audit_log")

STATEMENTS = [
    """CREATE TABLE settings (
        key VARCHAR NOT NULL PRIMARY KEY,
        value TEXT NOT NULL)""",
    """CREATE TABLE users (
        id INTEGER NOT NULL PRIMARY KEY,
        uuid VARCHAR(36) NOT NULL UNIQUE,
        username VARCHAR(32) NOT NULL UNIQUE,
        full_name VARCHAR NOT NULL,
        role VARCHAR(16) NOT NULL CHECK (role IN ('cashier', 'manager', 'admin')),
        password_hash VARCHAR NOT NULL,
        failed_logins INTEGER NOT NULL DEFAULT 0,
        locked_until VARCHAR,
        active INTEGER NOT NULL DEFAULT 1,
        created_at VARCHAR NOT NULL)""",
    """CREATE TABLE customers (
        id INTEGER NOT NULL PRIMARY KEY,
        uuid VARCHAR(36) NOT NULL UNIQUE,
        doc_type VARCHAR(3) NOT NULL CHECK (doc_type IN ('DNI', 'CE', 'RUC')),
        doc_number VARCHAR(12) NOT NULL,
        first_names VARCHAR NOT NULL,
        last_names VARCHAR NOT NULL,
        phone VARCHAR(15),
        phone2 VARCHAR(15),
        address VARCHAR NOT NULL DEFAULT '',
        created_at VARCHAR NOT NULL,
        CONSTRAINT uq_customers_doc UNIQUE (doc_number, doc_type))""",
    "CREATE INDEX ix_customers_phone ON customers (phone)",
    "CREATE INDEX ix_customers_phone2 ON customers (phone2)",
    """CREATE VIRTUAL TABLE customer_fts USING fts5(
        first_names, last_names,
        content='customers', content_rowid='id',
        tokenize='unicode61 remove_diacritics 2', prefix='2 3')""",
    """CREATE TRIGGER customers_fts_insert AFTER INSERT ON customers BEGIN
        INSERT INTO customer_fts(rowid, first_names, last_names)
        VALUES (new.id, new.first_names, new.last_names);
    END""",
    """CREATE TRIGGER customers_fts_delete AFTER DELETE ON customers BEGIN
        INSERT INTO customer_fts(customer_fts, rowid, first_names, last_names)
        VALUES ('delete', old.id, old.first_names, old.last_names);
    END""",
    """CREATE TRIGGER customers_fts_update AFTER UPDATE OF first_names, last_names ON customers BEGIN
        INSERT INTO customer_fts(customer_fts, rowid, first_names, last_names)
        VALUES ('delete', old.id, old.first_names, old.last_names);
        INSERT INTO customer_fts(rowid, first_names, last_names)
        VALUES (new.id, new.first_names, new.last_names);
    END""",
    """CREATE TABLE accounts (
        id INTEGER NOT NULL PRIMARY KEY,
        uuid VARCHAR(36) NOT NULL UNIQUE,
        account_no VARCHAR(20) NOT NULL UNIQUE,
        customer_id INTEGER NOT NULL REFERENCES customers (id),
        description VARCHAR NOT NULL DEFAULT '',
        principal_cents INTEGER NOT NULL CHECK (principal_cents > 0),
        rate_bp INTEGER NOT NULL CHECK (rate_bp >= 0),
        term INTEGER NOT NULL CHECK (term > 0),
        frequency VARCHAR(10) NOT NULL DEFAULT 'monthly',
        opened_on VARCHAR(10) NOT NULL,
        credit_limit_cents INTEGER NOT NULL,
        status VARCHAR(12) NOT NULL DEFAULT 'active'
            CHECK (status IN ('active', 'closed', 'written_off')),
        created_at VARCHAR NOT NULL)""",
    "CREATE INDEX ix_accounts_customer_id ON accounts (customer_id)",
    """CREATE TABLE installments (
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        number INTEGER NOT NULL,
        due_on VARCHAR(10) NOT NULL,
        principal_cents INTEGER NOT NULL CHECK (principal_cents >= 0),
        interest_cents INTEGER NOT NULL CHECK (interest_cents >= 0),
        PRIMARY KEY (account_id, number)) WITHOUT ROWID""",
    """CREATE TABLE payments (
        id INTEGER NOT NULL PRIMARY KEY,
        uuid VARCHAR(36) NOT NULL UNIQUE,
        receipt_no VARCHAR(24) NOT NULL UNIQUE,
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
        method VARCHAR(16) NOT NULL,
        method_kind VARCHAR(8) NOT NULL CHECK (method_kind IN ('cash', 'card', 'wallet', 'deposit')),
        tendered_cents INTEGER,
        change_cents INTEGER,
        card_brand VARCHAR(20),
        card_last4 VARCHAR(4),
        auth_code VARCHAR(12),
        operation_number VARCHAR(20),
        cashier_id INTEGER REFERENCES users (id),
        cashier_name VARCHAR NOT NULL,
        branch_code VARCHAR(8) NOT NULL,
        register VARCHAR(2) NOT NULL,
        created_at VARCHAR NOT NULL,
        business_date VARCHAR(10) NOT NULL,
        CHECK (card_last4 IS NULL OR (length(card_last4) = 4 AND card_last4 NOT GLOB '*[^0-9]*')))""",
    "CREATE INDEX ix_payments_account_id ON payments (account_id)",
    "CREATE INDEX ix_payments_created_at ON payments (created_at)",
    "CREATE INDEX ix_payments_business_date ON payments (business_date)",
    """CREATE TABLE payment_allocations (
        payment_id INTEGER NOT NULL REFERENCES payments (id),
        line_no INTEGER NOT NULL,
        installment_no INTEGER,
        late_fee_cents INTEGER NOT NULL DEFAULT 0,
        interest_cents INTEGER NOT NULL DEFAULT 0,
        principal_cents INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (payment_id, line_no)) WITHOUT ROWID""",
    """CREATE TABLE payment_voids (
        id INTEGER NOT NULL PRIMARY KEY,
        uuid VARCHAR(36) NOT NULL UNIQUE,
        payment_id INTEGER NOT NULL UNIQUE REFERENCES payments (id),
        manager_id INTEGER REFERENCES users (id),
        manager_name VARCHAR NOT NULL,
        requested_by VARCHAR NOT NULL,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        branch_code VARCHAR(8) NOT NULL,
        register VARCHAR(2) NOT NULL,
        created_at VARCHAR NOT NULL,
        business_date VARCHAR(10) NOT NULL)""",
    "CREATE INDEX ix_payment_voids_business_date ON payment_voids (business_date)",
    """CREATE TABLE receipt_sequences (
        series VARCHAR(16) NOT NULL PRIMARY KEY,
        last_no INTEGER NOT NULL DEFAULT 0)""",
    """CREATE TABLE audit_log (
        id INTEGER NOT NULL PRIMARY KEY,
        created_at VARCHAR NOT NULL,
        actor VARCHAR NOT NULL,
        action VARCHAR(32) NOT NULL,
        subject VARCHAR NOT NULL,
        details TEXT NOT NULL,
        prev_hash VARCHAR(64) NOT NULL,
        hash VARCHAR(64) NOT NULL)""",
    """CREATE TABLE outbox (
        id INTEGER NOT NULL PRIMARY KEY,
        event_uuid VARCHAR(36) NOT NULL UNIQUE,
        kind VARCHAR(32) NOT NULL,
        payload TEXT NOT NULL,
        created_at VARCHAR NOT NULL,
        sent_at VARCHAR)""",
    "CREATE INDEX ix_outbox_pending ON outbox (id) WHERE sent_at IS NULL",
]


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)
    for table in IMMUTABLE:
        for verb in ("UPDATE", "DELETE"):
            op.execute(
                f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} BEGIN "
                f"SELECT RAISE(ABORT, '{table} rows are immutable: {verb} refused'); END"
            )


def downgrade() -> None:
    raise NotImplementedError("Abono databases are never downgraded")
