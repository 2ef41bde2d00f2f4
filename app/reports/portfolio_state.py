"""Each account's aging figures at the end of a business date: from the ledger, or from the checkpoint
plus the ledger for what changed since.

The figures of an account at the end of day ``d`` (only ``active`` accounts that still owe principal or
interest; any opening date, the report filters that):
- ``overdue``: principal and interest still owed on installments due before ``d``;
- ``outstanding``: principal and interest still owed on every installment;
- ``oldest``: the due date of the oldest installment due before ``d`` that still owes something;
- ``next_due``: the due date of the first installment due on or after ``d`` that still owes something.
"Owed" counts the valid allocation lines (payments dated on or before ``d``, not voided by then); what
an installment received beyond its principal or interest is a credit, not a payment of another one.

**Exact** (:func:`_fill_exact`): two passes over the ledger, one over every allocation line (in the
order of ``ix_payment_allocations_installment``) and one over every installment. Time grows with the
history: about 1 s per 100,000 customers with years of payments.

**Checkpoint** (``portfolio_checkpoint``, migration 0007): the figures of every account at the end of one
date ``A``, computed exactly, with the ledger position they include (last payment id, void id, account
change). For a day ``d >= A`` an account keeps its checkpoint figures unless one of these happened, and
then it is computed exactly (the *scope*):
- a payment after the position, or dated after ``A`` (late-synced payments included);
- a void after the position, or dated after ``A``;
- a change to the account or its schedule after the position (``account_changes``, written by
  triggers in the same transaction as the change);
- its next open installment fell due before ``d`` (``next_due < d``).
Nothing else can change an account's figures between ``A`` and ``d``: payments and allocation lines are
immutable, and without a new due installment the passing days change only the days past due, which
the report computes from ``oldest``. An account outside the checkpoint owed nothing at ``A`` (or was not
active) and, without any of the above, still owes nothing. So the two ways give the same figures;
``tests/core/test_portfolio_checkpoint.py`` checks it over generated histories.

:func:`advance_checkpoint` moves the checkpoint to a later date by rewriting the rows of the scope only
(the rest stay true at the new date, by the argument above). The checkpoint is a cache: it is never read
to take, allocate or void a payment, and deleting it only makes the next report slower.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, text
from sqlalchemy.orm import Session

from app.storage.bulk_write import anything_set_aside, forget_portfolio_checkpoint

# What an installment still owes of principal and interest: what was paid beyond either is a credit.
_OWED = (
    "(i.principal_cents - min(coalesce(pd.pp, 0), i.principal_cents)"
    " + i.interest_cents - min(coalesce(pd.pi, 0), i.interest_cents))"
)

# Scratch tables of the connection (TEMP: in memory, never in the branch file).
_TEMP_TABLES = (
    "CREATE TEMP TABLE IF NOT EXISTS aging_paid (account_id INTEGER NOT NULL, number INTEGER NOT NULL,"
    " pp INTEGER NOT NULL, pi INTEGER NOT NULL, PRIMARY KEY (account_id, number)) WITHOUT ROWID",
    "CREATE TEMP TABLE IF NOT EXISTS aging_scope (account_id INTEGER NOT NULL PRIMARY KEY)",
    "CREATE TEMP TABLE IF NOT EXISTS aging_state (account_id INTEGER NOT NULL PRIMARY KEY,"
    " opened_on TEXT NOT NULL, overdue INTEGER NOT NULL, outstanding INTEGER NOT NULL, oldest TEXT,"
    " next_due TEXT)",
)
_CLEAR = ("DELETE FROM temp.aging_paid", "DELETE FROM temp.aging_scope", "DELETE FROM temp.aging_state")

_IN_SCOPE = "IN (SELECT account_id FROM temp.aging_scope)"

# What each installment received as of the end of :d, in two statements: every allocation line of an
# installment, read in (account, installment) order so the sums need no sort and arrive in the table's
# key order; then the lines that do not count are taken back: those of payments dated after the day and
# of payments voided by then (short lists for a recent day; cheaper than testing every line).
_PAID_FILL = """
INSERT INTO temp.aging_paid (account_id, number, pp, pi)
SELECT al.account_id, al.installment_no, sum(al.principal_cents), sum(al.interest_cents)
FROM payment_allocations al INDEXED BY ix_payment_allocations_installment
WHERE al.installment_no IS NOT NULL {scope}
GROUP BY al.account_id, al.installment_no
"""
_PAID_TAKE_BACK = """
UPDATE temp.aging_paid SET pp = aging_paid.pp - x.pp, pi = aging_paid.pi - x.pi
FROM (
  SELECT al.account_id AS account_id, al.installment_no AS number,
         sum(al.principal_cents) AS pp, sum(al.interest_cents) AS pi
  FROM payment_allocations al
  WHERE al.installment_no IS NOT NULL {scope}
    AND al.payment_id IN (SELECT p.id FROM payments p WHERE p.business_date > :d
                          UNION SELECT v.payment_id FROM payment_voids v WHERE v.business_date <= :d)
  GROUP BY al.account_id, al.installment_no
) AS x
WHERE aging_paid.account_id = x.account_id AND aging_paid.number = x.number
"""

# The figures, from the installments in their key order (grouping by account needs no sort).
_STATE_FILL = f"""
INSERT INTO temp.aging_state (account_id, opened_on, overdue, outstanding, oldest, next_due)
SELECT pa.account_id, a.opened_on, pa.overdue, pa.outstanding, pa.oldest, pa.next_due
FROM (
  SELECT i.account_id AS account_id,
         sum(CASE WHEN i.due_on < :d THEN {_OWED} ELSE 0 END) AS overdue,
         sum({_OWED}) AS outstanding,
         min(CASE WHEN i.due_on < :d AND {_OWED} > 0 THEN i.due_on END) AS oldest,
         min(CASE WHEN i.due_on >= :d AND {_OWED} > 0 THEN i.due_on END) AS next_due
  FROM installments i LEFT JOIN temp.aging_paid pd ON pd.account_id = i.account_id AND pd.number = i.number
  WHERE 1 {{scope}}
  GROUP BY i.account_id
) AS pa JOIN accounts a ON a.id = pa.account_id
WHERE a.status = 'active' AND pa.outstanding > 0
"""

# The accounts whose checkpoint figures may not hold at the end of :d (see the module contract).
_SCOPE_FILL = """
INSERT OR IGNORE INTO temp.aging_scope (account_id)
SELECT account_id FROM payments WHERE id > :pm
UNION SELECT account_id FROM payments WHERE business_date > :a
UNION SELECT p.account_id FROM payment_voids v JOIN payments p ON p.id = v.payment_id WHERE v.id > :vm
UNION SELECT p.account_id FROM payment_voids v JOIN payments p ON p.id = v.payment_id
      WHERE v.business_date > :a
UNION SELECT account_id FROM account_changes WHERE seq > :cm
UNION SELECT account_id FROM portfolio_checkpoint_accounts WHERE next_due < :d
"""

_HEADER_PLACEHOLDER = (
    "INSERT INTO portfolio_checkpoint (id, as_of, payment_mark, void_mark, change_mark, updated_at)"
    " VALUES (1, NULL, 0, 0, 0, :now) ON CONFLICT (id) DO NOTHING"
)

_MARKS = (
    "SELECT (SELECT coalesce(max(id), 0) FROM payments), (SELECT coalesce(max(id), 0) FROM payment_voids),"
    " (SELECT coalesce(max(seq), 0) FROM account_changes)"
)

# Columns: account_id, opened_on, overdue, outstanding, oldest, next_due.
_EXACT_SOURCE = "SELECT account_id, opened_on, overdue, outstanding, oldest, next_due FROM temp.aging_state"
_CHECKPOINT_SOURCE = (
    "SELECT account_id, opened_on, overdue_cents AS overdue, outstanding_cents AS outstanding,"
    " oldest_due AS oldest, next_due"
    f" FROM portfolio_checkpoint_accounts WHERE account_id NOT {_IN_SCOPE}"
    f" UNION ALL {_EXACT_SOURCE}"
)


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """Where the checkpoint stands: its date and the last payment, void and change it includes."""

    as_of: date
    payment_mark: int
    void_mark: int
    change_mark: int


def read_checkpoint(s: Session) -> Checkpoint | None:
    """The checkpoint, or None: none kept, its first figures still being computed, or a bulk write
    under way (its change-log triggers are set aside: ``app.storage.bulk_write``)."""
    if anything_set_aside(s):
        return None
    row = s.execute(
        text("SELECT as_of, payment_mark, void_mark, change_mark FROM portfolio_checkpoint WHERE id = 1")
    ).first()
    if row is None or row[0] is None:  # no checkpoint, or its first figures are still being computed
        return None
    return Checkpoint(date.fromisoformat(row[0]), int(row[1]), int(row[2]), int(row[3]))


def _run(s: Session, sql: str, params: Mapping[str, object] | None = None) -> None:
    s.execute(text(sql), params or {})


def _fill_exact(s: Session, day: date, scoped: bool) -> None:
    """Figures of every account (``scoped``: of the accounts in ``temp.aging_scope``) into
    ``temp.aging_state``, from the ledger."""
    d = {"d": day.isoformat()}
    lines = f"AND al.account_id {_IN_SCOPE}" if scoped else ""
    _run(s, _PAID_FILL.format(scope=lines), d)
    _run(s, _PAID_TAKE_BACK.format(scope=lines), d)
    _run(s, _STATE_FILL.format(scope=f"AND i.account_id {_IN_SCOPE}" if scoped else ""), d)


def _prepare(s: Session, day: date, checkpoint: Checkpoint | None) -> str:
    """Fill the scratch tables for ``day``; return the SELECT that lists every account's figures."""
    for sql in _TEMP_TABLES:
        _run(s, sql)
    for sql in _CLEAR:
        _run(s, sql)
    if checkpoint is None or day < checkpoint.as_of:
        _fill_exact(s, day, scoped=False)
        return _EXACT_SOURCE
    _run(
        s,
        _SCOPE_FILL,
        {
            "d": day.isoformat(),
            "a": checkpoint.as_of.isoformat(),
            "pm": checkpoint.payment_mark,
            "vm": checkpoint.void_mark,
            "cm": checkpoint.change_mark,
        },
    )
    _fill_exact(s, day, scoped=True)
    return _CHECKPOINT_SOURCE


def _clear(s: Session) -> None:
    for sql in _CLEAR:
        _run(s, sql)


@contextmanager
def account_figures(s: Session, day: date, *, use_checkpoint: bool = True) -> Iterator[str]:
    """Yield a SELECT (columns: account_id, opened_on, overdue, outstanding, oldest, next_due; cents and
    ISO dates) listing the figures of every active account that owes something at the end of ``day``,
    valid inside the block, in ``s``'s transaction; read-only for the branch file (scratch tables live
    in the connection's temporary store and are emptied on the way out, also on error)."""
    checkpoint = read_checkpoint(s) if use_checkpoint else None
    try:
        yield _prepare(s, day, checkpoint)
    finally:
        _clear(s)


def exact_figures(
    s: Session, day: date, account_ids: list[int]
) -> dict[int, tuple[str, int, int, str | None]]:
    """(opened_on, overdue, outstanding, oldest) of each of ``account_ids`` that owes something at the
    end of ``day``, always from the ledger (for checks)."""
    for sql in _TEMP_TABLES:
        _run(s, sql)
    try:
        for sql in _CLEAR:
            _run(s, sql)
        for account_id in account_ids:
            _run(s, "INSERT OR IGNORE INTO temp.aging_scope VALUES (:a)", {"a": int(account_id)})
        _fill_exact(s, day, scoped=True)
        rows = s.execute(text(_EXACT_SOURCE)).all()
        return {int(a): (str(op), int(o), int(t), w) for a, op, o, t, w, _next in rows}
    finally:
        _clear(s)


def advance_checkpoint(engine: Engine, day: date, now: str) -> bool:
    """Make the checkpoint hold the figures at the end of ``day`` (``now``: the UTC time stamp it is
    stamped with). Computed in a read transaction (from the current checkpoint when it is not later than
    ``day``, else from the ledger), then written in a short write transaction that replaces only the rows
    of the accounts computed again. Returns False, changing nothing, when the checkpoint is already past
    ``day`` or another process moved it in between."""
    with engine.connect() as conn:
        conn.execution_options(abono_write=True)
        with Session(bind=conn) as s, s.begin():
            if anything_set_aside(s):
                return False
            # From here on the triggers log every account change (see migration 0007), so none made
            # while the figures below are computed can be missed.
            _run(s, _HEADER_PLACEHOLDER, {"now": now})
        conn.execution_options(abono_write=False)
        with Session(bind=conn) as s, s.begin():
            checkpoint = read_checkpoint(s)
            if checkpoint is not None and checkpoint.as_of > day:
                return False
            marks = s.execute(text(_MARKS)).one()
            _prepare(s, day, checkpoint)
        try:
            conn.execution_options(abono_write=True)  # BEGIN IMMEDIATE from here on
            with Session(bind=conn) as s, s.begin():
                if anything_set_aside(s) or read_checkpoint(s) != checkpoint:
                    return False
                if checkpoint is None:
                    _run(s, "DELETE FROM portfolio_checkpoint_accounts")
                else:
                    _run(s, f"DELETE FROM portfolio_checkpoint_accounts WHERE account_id {_IN_SCOPE}")
                _run(
                    s,
                    "INSERT INTO portfolio_checkpoint_accounts (account_id, opened_on, overdue_cents,"
                    " outstanding_cents, oldest_due, next_due) " + _EXACT_SOURCE,
                )
                _run(
                    s,
                    "INSERT INTO portfolio_checkpoint (id, as_of, payment_mark, void_mark, change_mark, updated_at)"
                    " VALUES (1, :a, :pm, :vm, :cm, :now) ON CONFLICT (id) DO UPDATE SET as_of = excluded.as_of,"
                    " payment_mark = excluded.payment_mark, void_mark = excluded.void_mark,"
                    " change_mark = excluded.change_mark, updated_at = excluded.updated_at",
                    {"a": day.isoformat(), "pm": marks[0], "vm": marks[1], "cm": marks[2], "now": now},
                )
                _run(s, "DELETE FROM account_changes WHERE seq <= :cm", {"cm": marks[2]})
        finally:
            conn.execution_options(abono_write=False)
            with Session(bind=conn) as s, s.begin():
                _clear(s)
    return True


@dataclass(frozen=True, slots=True)
class CheckpointStatus:
    """What ``abono report checkpoint`` shows."""

    as_of: date | None
    accounts: int
    updated_at: str | None
    pending_changes: int


def checkpoint_status(engine: Engine) -> CheckpointStatus:
    with Session(engine) as s, s.begin():
        checkpoint = read_checkpoint(s)
        updated = s.execute(text("SELECT updated_at FROM portfolio_checkpoint WHERE id = 1")).scalar()
        accounts = s.execute(text("SELECT count(*) FROM portfolio_checkpoint_accounts")).scalar_one()
        changes = s.execute(text("SELECT count(*) FROM account_changes")).scalar_one()
    return CheckpointStatus(
        checkpoint.as_of if checkpoint else None,
        int(accounts) if checkpoint else 0,
        str(updated) if checkpoint and updated else None,
        int(changes),
    )


def verify_checkpoint(engine: Engine, day: date) -> list[int]:
    """The accounts whose figures at the end of ``day`` differ between the checkpoint's way and the
    ledger alone (empty: they agree; also empty when there is no usable checkpoint). One read
    transaction; changes nothing."""
    with Session(engine) as s, s.begin():
        with account_figures(s, day) as state:
            via = {int(r[0]): tuple(r[1:]) for r in s.execute(text(state))}
        with account_figures(s, day, use_checkpoint=False) as state:
            exact = {int(r[0]): tuple(r[1:]) for r in s.execute(text(state))}
    return sorted(a for a in via.keys() | exact.keys() if via.get(a) != exact.get(a))


def forget_checkpoint(engine: Engine) -> None:
    """Delete the checkpoint (the next report reads the whole ledger, then keeps a new one)."""
    with Session(engine.execution_options(abono_write=True)) as s, s.begin():
        forget_portfolio_checkpoint(s)
