"""The portfolio checkpoint: each account's aging figures at the end of one business date, kept so the
end-of-day report reads the history once, not every day (``app.reports.portfolio_state``).

- ``portfolio_checkpoint``: one row, the date and the ledger position the figures were computed at
  (the last payment id, void id and account change included); ``as_of`` is NULL while the first
  figures are being computed.
- ``portfolio_checkpoint_accounts``: per account of the portfolio, overdue and outstanding cents, the
  oldest overdue due date and the next open due date.
- ``account_changes``: once the checkpoint row exists, every insert, update or delete of an account or
  of an installment appends the account's id here (triggers, in the same transaction as the change),
  so the report knows which accounts' schedules or status changed after the checkpoint. Before it
  exists nothing is logged (nothing to keep true; bulk loads of a new branch pay nothing).

The checkpoint is a cache, never read to take, allocate or void a payment, and never the only source
of a figure: an account with a payment, void or change after the checkpoint's position, or an
installment falling due since, is computed again from the ledger.

Revision ID: 0007
Revises: 0006
"""

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

STATEMENTS = [
    """CREATE TABLE portfolio_checkpoint (
        id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
        as_of VARCHAR(10),
        payment_mark INTEGER NOT NULL,
        void_mark INTEGER NOT NULL,
        change_mark INTEGER NOT NULL,
        updated_at VARCHAR NOT NULL)""",
    """CREATE TABLE portfolio_checkpoint_accounts (
        account_id INTEGER NOT NULL PRIMARY KEY,
        opened_on VARCHAR(10) NOT NULL,
        overdue_cents INTEGER NOT NULL,
        outstanding_cents INTEGER NOT NULL,
        oldest_due VARCHAR(10),
        next_due VARCHAR(10))""",
    """CREATE TABLE account_changes (
        seq INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
        account_id INTEGER NOT NULL)""",
]

# (trigger name, table, event, the account id in the changed row)
CHANGE_TRIGGERS = (
    ("accounts_changed_insert", "accounts", "INSERT", "NEW.id"),
    ("accounts_changed_update", "accounts", "UPDATE", "NEW.id"),
    ("accounts_changed_delete", "accounts", "DELETE", "OLD.id"),
    ("installments_changed_insert", "installments", "INSERT", "NEW.account_id"),
    ("installments_changed_update", "installments", "UPDATE", "NEW.account_id"),
    ("installments_changed_delete", "installments", "DELETE", "OLD.account_id"),
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)
    for name, table, event, account in CHANGE_TRIGGERS:
        op.execute(
            f"CREATE TRIGGER {name} AFTER {event} ON {table} "
            "WHEN EXISTS (SELECT 1 FROM portfolio_checkpoint) BEGIN "
            f"INSERT INTO account_changes (account_id) VALUES ({account}); END"
        )


def downgrade() -> None:
    raise NotImplementedError("Abono databases are never downgraded")
