"""Allocation lines carry their payment's account, and an index orders them by account and installment.

Why: the portfolio aging (``app.reports.portfolio``) sums what every installment received. With the
lines keyed only by payment, that sum had to sort every line of the history by account first (about
0.9 s per million lines); ordered by the index it is one sequential pass with no sort.

``account_id`` is a fact of the line, not a balance: it is copied from the payment when the line is
written, and like every column of the table it can never change (the immutability triggers). A trigger
refuses a line whose account is not its payment's, so the copy cannot disagree with the payment.

The table is rebuilt (SQLite cannot add a NOT NULL column without a default), about 2 s per million
lines.

Revision ID: 0006
Revises: 0005
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TABLE = "payment_allocations"

CREATE = """CREATE TABLE payment_allocations_new (
        payment_id INTEGER NOT NULL REFERENCES payments (id),
        line_no INTEGER NOT NULL,
        account_id INTEGER NOT NULL REFERENCES accounts (id),
        installment_no INTEGER,
        late_fee_cents INTEGER NOT NULL DEFAULT 0,
        interest_cents INTEGER NOT NULL DEFAULT 0,
        principal_cents INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (payment_id, line_no)) WITHOUT ROWID"""

COPY = """INSERT INTO payment_allocations_new
        (payment_id, line_no, account_id, installment_no, late_fee_cents, interest_cents, principal_cents)
    SELECT al.payment_id, al.line_no, p.account_id, al.installment_no, al.late_fee_cents,
           al.interest_cents, al.principal_cents
    FROM payment_allocations al JOIN payments p ON p.id = al.payment_id
    ORDER BY al.payment_id, al.line_no"""

# Lines of installments (not credit lines) by account and installment; covering for the aging's sums.
INDEX = (
    "CREATE INDEX ix_payment_allocations_installment ON payment_allocations "
    "(account_id, installment_no, principal_cents, interest_cents) WHERE installment_no IS NOT NULL"
)

SAME_ACCOUNT = """CREATE TRIGGER payment_allocations_same_account BEFORE INSERT ON payment_allocations
    WHEN NEW.account_id IS NOT (SELECT p.account_id FROM payments p WHERE p.id = NEW.payment_id)
    BEGIN SELECT RAISE(ABORT, 'payment_allocations.account_id must be the account of its payment'); END"""


def upgrade() -> None:
    for verb in ("update", "delete"):
        op.execute(f"DROP TRIGGER {TABLE}_{'no_' + verb}")
    op.execute(CREATE)
    op.execute(COPY)
    op.execute(f"DROP TABLE {TABLE}")
    op.execute(f"ALTER TABLE payment_allocations_new RENAME TO {TABLE}")
    for verb in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER {TABLE}_no_{verb.lower()} BEFORE {verb} ON {TABLE} BEGIN "
            f"SELECT RAISE(ABORT, '{TABLE} rows are immutable: {verb} refused'); END"
        )
    op.execute(SAME_ACCOUNT)
    op.execute(INDEX)


def downgrade() -> None:
    raise NotImplementedError("Abono databases are never downgraded")
