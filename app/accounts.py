"""Credit accounts: the account view (schedule, payments, balance, aging) and opening accounts.

Contracts:
- :meth:`Accounts.get` returns the whole state of one account as of a business date (default: the
  branch's today): balance, overdue amount, days past due, aging bucket, payoff amount, next due, each
  installment with what it owes and its status, and the payment history with voids. Payments and voids
  dated after ``as_of`` are left out, so a past date shows the account as it was that day.
- Balances are derived by ``app.ledger`` from the schedule and the valid allocation lines every time.
- :meth:`Accounts.open` creates an account with its schedule (used by import and tests); head office
  is the master of accounts, so the desk never calls it.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import Engine, and_, exists, insert, select
from sqlalchemy.orm import Session

from app.clock import Clock, iso_utc, local_date
from app.errors import InvalidInput, NotFound
from app.ledger import AccountState, AllocationLine, account_state
from app.money import from_cents
from app.schedule import ScheduledInstallment, add_months, build_schedule
from app.settings import BranchSettings
from app.storage.models import Account, Customer, Installment, Payment, PaymentAllocation, PaymentVoid


@dataclass(frozen=True, slots=True)
class CustomerInfo:
    customer_id: str
    name: str
    doc_type: str
    doc_number: str
    phone: str | None
    phone2: str | None
    address: str


@dataclass(frozen=True, slots=True)
class InstallmentView:
    number: int
    due_date: date
    principal: Decimal
    interest: Decimal
    late_fee: Decimal  # owed now
    amount: Decimal  # scheduled principal + interest
    paid: Decimal  # principal + interest + late fees paid
    amount_due: Decimal  # owed now, late fee included
    status: str  # paid | overdue | due | upcoming
    days_late: int


@dataclass(frozen=True, slots=True)
class PaymentSummary:
    payment_id: str
    receipt_no: str
    amount: Decimal
    method: str
    created_at: str
    business_date: date
    cashier: str
    voided: bool
    void_reason: str | None = None
    voided_by: str | None = None


@dataclass(frozen=True, slots=True)
class NextDue:
    date: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class AccountView:
    account_no: str
    account_id: str
    customer: CustomerInfo
    description: str
    principal: Decimal
    monthly_rate_pct: Decimal
    term: int
    frequency: str
    opened_on: date
    credit_limit: Decimal
    status: str  # active | paid_off | closed | written_off
    as_of: date
    balance: Decimal
    overdue_amount: Decimal
    days_past_due: int
    aging_bucket: str
    payoff_amount: Decimal
    late_fees: Decimal
    credit: Decimal
    next_due: NextDue | None
    installments: tuple[InstallmentView, ...]
    payments: tuple[PaymentSummary, ...]


@dataclass(frozen=True, slots=True)
class AccountSummary:
    account_no: str
    balance: Decimal
    overdue_amount: Decimal
    days_past_due: int
    status: str


def customer_name(first_names: str, last_names: str) -> str:
    return f"{first_names} {last_names}".strip()


def load_schedules(session: Session, account_ids: Sequence[int]) -> dict[int, list[ScheduledInstallment]]:
    out: dict[int, list[ScheduledInstallment]] = {a: [] for a in account_ids}
    if not account_ids:
        return out
    rows = session.execute(
        select(
            Installment.account_id,
            Installment.number,
            Installment.due_on,
            Installment.principal_cents,
            Installment.interest_cents,
        )
        .where(Installment.account_id.in_(account_ids))
        .order_by(Installment.account_id, Installment.number)
    )
    fromiso = date.fromisoformat
    for account_id, number, due_on, principal, interest in rows:
        out[account_id].append(ScheduledInstallment(number, fromiso(due_on), principal, interest))
    return out


def load_allocations(
    session: Session, account_ids: Sequence[int], as_of: date
) -> dict[int, list[AllocationLine]]:
    """Allocation lines of the payments on or before ``as_of`` that were not voided by then."""
    out: dict[int, list[AllocationLine]] = {a: [] for a in account_ids}
    if not account_ids:
        return out
    day = as_of.isoformat()
    voided = exists().where(and_(PaymentVoid.payment_id == Payment.id, PaymentVoid.business_date <= day))
    rows = session.execute(
        select(
            Payment.account_id,
            PaymentAllocation.installment_no,
            PaymentAllocation.late_fee_cents,
            PaymentAllocation.interest_cents,
            PaymentAllocation.principal_cents,
            Payment.business_date,
        )
        .join(PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
        .where(Payment.account_id.in_(account_ids), Payment.business_date <= day, ~voided)
    )
    fromiso = date.fromisoformat
    for account_id, inst, fee, interest, principal, paid_on in rows:
        out[account_id].append(AllocationLine(inst, fee, interest, principal, fromiso(paid_on)))
    return out


def load_states(
    session: Session, account_ids: Sequence[int], as_of: date, settings: BranchSettings
) -> dict[int, AccountState]:
    """The derived state of each account, loading schedules and allocations in two queries."""
    schedules = load_schedules(session, account_ids)
    allocations = load_allocations(session, account_ids, as_of)
    return {a: account_state(schedules[a], allocations[a], as_of, settings.late_fee) for a in account_ids}


def display_status(stored: str, state: AccountState) -> str:
    if stored == "active" and state.balance_cents <= 0:
        return "paid_off"
    return stored


class Accounts:
    """Read and open credit accounts. Each call uses its own session; safe from any thread."""

    def __init__(self, engine: Engine, write_engine: Engine, settings: BranchSettings, clock: Clock) -> None:
        self._engine = engine
        self._write = write_engine
        self._settings = settings
        self._clock = clock

    def today(self) -> date:
        return local_date(self._clock(), self._settings.zone)

    def get(self, account_no: str, as_of: date | None = None) -> AccountView:
        """The account as of ``as_of``; ``NotFound`` if there is no such account."""
        as_of = as_of or self.today()
        cur = self._settings.currency
        number = account_no.strip().upper()
        with Session(self._engine) as s:
            row = s.execute(
                select(Account, Customer).join(Customer).where(Account.account_no == number)
            ).first()
            if row is None:
                raise NotFound("account_not_found", account_no=account_no.strip())
            acc, cust = row
            state = load_states(s, [acc.id], as_of, self._settings)[acc.id]
            payments = self._payments(s, acc.id, as_of)

        def m(c: int) -> Decimal:
            return from_cents(c, cur)

        nxt = state.next_due
        return AccountView(
            account_no=acc.account_no,
            account_id=acc.uuid,
            customer=CustomerInfo(
                cust.uuid,
                customer_name(cust.first_names, cust.last_names),
                cust.doc_type,
                cust.doc_number,
                cust.phone,
                cust.phone2,
                cust.address,
            ),
            description=acc.description,
            principal=m(acc.principal_cents),
            monthly_rate_pct=Decimal(acc.rate_bp) / 100,
            term=acc.term,
            frequency=acc.frequency,
            opened_on=date.fromisoformat(acc.opened_on),
            credit_limit=m(acc.credit_limit_cents),
            status=display_status(acc.status, state),
            as_of=as_of,
            balance=m(state.balance_cents),
            overdue_amount=m(state.overdue_cents),
            days_past_due=state.days_past_due,
            aging_bucket=state.aging_bucket,
            payoff_amount=m(state.payoff_cents),
            late_fees=m(state.late_fees_owed_cents),
            credit=m(state.credit_cents),
            next_due=NextDue(nxt.due_on, m(nxt.owed_cents)) if nxt else None,
            installments=tuple(
                InstallmentView(
                    i.number,
                    i.due_on,
                    m(i.principal_cents),
                    m(i.interest_cents),
                    m(i.late_fee_owed_cents),
                    m(i.amount_cents),
                    m(i.paid_cents),
                    m(i.owed_cents),
                    i.status,
                    i.days_late,
                )
                for i in state.installments
            ),
            payments=payments,
        )

    def _payments(self, s: Session, account_id: int, as_of: date) -> tuple[PaymentSummary, ...]:
        day = as_of.isoformat()
        rows = s.execute(
            select(
                Payment.uuid,
                Payment.receipt_no,
                Payment.amount_cents,
                Payment.method,
                Payment.created_at,
                Payment.business_date,
                Payment.cashier_name,
                PaymentVoid.reason,
                PaymentVoid.manager_name,
            )
            .outerjoin(
                PaymentVoid, and_(PaymentVoid.payment_id == Payment.id, PaymentVoid.business_date <= day)
            )
            .where(Payment.account_id == account_id, Payment.business_date <= day)
            .order_by(Payment.created_at.desc(), Payment.id.desc())
        )
        cur = self._settings.currency
        return tuple(
            PaymentSummary(
                uid,
                receipt,
                from_cents(amount, cur),
                method,
                created,
                date.fromisoformat(bday),
                cashier,
                reason is not None,
                reason,
                manager,
            )
            for uid, receipt, amount, method, created, bday, cashier, reason, manager in rows
        )

    def summaries(
        self, customer_ids: Iterable[int], as_of: date | None = None, *, session: Session | None = None
    ) -> dict[int, list[AccountSummary]]:
        """Account summaries per customer (internal ids), for search results; ``session`` lets a caller
        that already has one (the search) avoid a second checkout."""
        as_of = as_of or self.today()
        ids = list(customer_ids)
        out: dict[int, list[AccountSummary]] = {c: [] for c in ids}
        if not ids:
            return out
        with contextlib.ExitStack() as stack:
            s = session if session is not None else stack.enter_context(Session(self._engine))
            accts = s.execute(
                select(Account.id, Account.customer_id, Account.account_no, Account.status)
                .where(Account.customer_id.in_(ids))
                .order_by(Account.customer_id, Account.opened_on.desc())
            ).all()
            states = load_states(s, [a[0] for a in accts], as_of, self._settings)
        cur = self._settings.currency
        for acc_id, cust_id, number, status in accts:
            st = states[acc_id]
            out[cust_id].append(
                AccountSummary(
                    number,
                    from_cents(st.balance_cents, cur),
                    from_cents(st.overdue_cents, cur),
                    st.days_past_due,
                    display_status(status, st),
                )
            )
        return out

    def open(
        self,
        account_no: str,
        customer_id: str,
        principal: Decimal,
        term: int,
        monthly_rate_pct: Decimal,
        opened_on: date,
        *,
        first_due: date | None = None,
        frequency: str = "monthly",
        credit_limit: Decimal | None = None,
        description: str = "",
    ) -> AccountView:
        """Open an account for the customer with uuid ``customer_id`` and store its schedule."""
        from app.money import check_amount, to_cents

        cur = self._settings.currency
        principal_cents = to_cents(check_amount(principal, cur), cur)
        rate_bp = int(monthly_rate_pct * 100)
        if Decimal(rate_bp) != monthly_rate_pct * 100 or not 0 <= rate_bp <= 2000:
            raise InvalidInput("rate_invalid", value=str(monthly_rate_pct))
        if not 1 <= term <= 120:
            raise InvalidInput("term_invalid", value=str(term))
        first_due = first_due or add_months(opened_on, 1)
        schedule = build_schedule(principal_cents, rate_bp, term, first_due, frequency)
        limit_cents = (
            to_cents(check_amount(credit_limit, cur), cur) if credit_limit is not None else principal_cents
        )
        if limit_cents < principal_cents:
            raise InvalidInput("credit_limit_below", principal=str(principal), limit=str(credit_limit))
        now = iso_utc(self._clock())
        number = account_no.strip().upper()
        with Session(self._write) as s, s.begin():
            cust_id = s.scalar(select(Customer.id).where(Customer.uuid == customer_id))
            if cust_id is None:
                raise NotFound("customer_not_found", customer=customer_id)
            acc_id = s.execute(
                insert(Account)
                .values(
                    uuid=str(uuid.uuid4()),
                    account_no=number,
                    customer_id=cust_id,
                    description=description,
                    principal_cents=principal_cents,
                    rate_bp=rate_bp,
                    term=term,
                    frequency=frequency,
                    opened_on=opened_on.isoformat(),
                    credit_limit_cents=limit_cents,
                    status="active",
                    created_at=now,
                )
                .returning(Account.id)
            ).scalar_one()
            s.execute(
                insert(Installment),
                [
                    {
                        "account_id": acc_id,
                        "number": i.number,
                        "due_on": i.due_on.isoformat(),
                        "principal_cents": i.principal_cents,
                        "interest_cents": i.interest_cents,
                    }
                    for i in schedule
                ],
            )
        return self.get(number)
