"""Taking and voiding payments: the branch's ledger.

Contracts of :meth:`Payments.take`:
- Validates everything before writing: a known method; a positive amount with at most the currency's
  decimals; for cash, tendered >= amount (change = tendered - amount); for card, a brand, exactly four
  last digits and an authorization code; for wallet and deposit, an operation number; no field of
  another method; nothing that looks like a full card number in any field (refused, never stored).
- In ONE ``BEGIN IMMEDIATE`` transaction: reads the account's state, allocates the amount by policy
  (refusing more than the payoff unless the policy allows a credit balance), takes the next number of
  the register's gap-free receipt sequence, inserts the immutable payment and its allocation lines,
  an outbox event for head office and an audit row. Either all of it commits or none of it does.
- ``request_id`` makes a retry safe: a second call with the same id returns the first payment
  instead of posting again (a different account or amount under the same id is refused).

Contracts of :meth:`Payments.void`: only a manager (or a cashier with a manager's approval passed as
``manager``) can void; a reason is required; a payment is voided at most once; the void is a new
immutable record pointing at the payment, with its own outbox event and audit row.
"""

from __future__ import annotations

import contextlib
import re
import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine, insert, select, text, update
from sqlalchemy.orm import Session

from app.accounts import load_schedules, load_states
from app.allocation import OverPayment, allocate
from app.audit import AuditLog
from app.cards import refuse_card_numbers
from app.clock import Clock, iso_utc, local_date
from app.errors import InvalidInput, NotFound, Refused
from app.ledger import AllocationLine, account_state
from app.money import check_amount, from_cents, json_money, to_cents
from app.outbox import record_event
from app.settings import BranchSettings, PaymentMethod
from app.storage.models import (
    Account,
    Customer,
    Payment,
    PaymentAllocation,
    PaymentVoid,
    PrintJob,
    ReceiptSequence,
)
from app.users import UserInfo, require_manager

_ALNUM = re.compile(r"^[A-Za-z0-9]+$")


@dataclass(frozen=True, slots=True)
class ValidatedPayment:
    """A request that passed :meth:`Payments.validate`: amounts in cents, details cleaned."""

    method: PaymentMethod
    amount_cents: int
    tendered_cents: int | None
    change_cents: int | None
    details: dict[str, Any]


class _AlreadyPosted(Exception):
    """Raised inside a payment's transaction when its request id was already posted."""


def queue_print_job(
    s: Session, kind: str, receipt_no: str, requested_by: str, now: str, copy: bool = False
) -> int:
    """Queue a receipt (``kind="payment"``) or void slip (``"void"``) in the caller's transaction."""
    return s.execute(
        insert(PrintJob)
        .values(
            kind=kind,
            receipt_no=receipt_no,
            copy=int(copy),
            status="pending",
            attempts=0,
            requested_by=requested_by,
            created_at=now,
            updated_at=now,
        )
        .returning(PrintJob.id)
    ).scalar_one()


@dataclass(frozen=True, slots=True)
class PaymentRequest:
    """What the cashier entered. Amounts are ``Decimal``; card data is brand, last four and auth code only."""

    account_no: str
    amount: Decimal
    method: str
    tendered: Decimal | None = None
    card_brand: str | None = None
    card_last4: str | None = None
    auth_code: str | None = None
    operation_number: str | None = None
    request_id: str | None = None


@dataclass(frozen=True, slots=True)
class AllocationView:
    installment: int | None  # None: credit balance
    due_date: date | None
    late_fee: Decimal
    interest: Decimal
    principal: Decimal

    @property
    def amount(self) -> Decimal:
        return self.late_fee + self.interest + self.principal


@dataclass(frozen=True, slots=True)
class PaymentRecord:
    """A committed payment as stored, with the account's figures right after it."""

    payment_id: str
    receipt_no: str
    account_no: str
    customer_name: str
    doc_type: str
    doc_number: str
    amount: Decimal
    method: str
    method_kind: str
    tendered: Decimal | None
    change: Decimal | None
    card_brand: str | None
    card_last4: str | None
    auth_code: str | None
    operation_number: str | None
    cashier: str
    branch_code: str
    register: str
    created_at: str
    business_date: date
    allocations: tuple[AllocationView, ...]
    balance_after: Decimal
    overdue_after: Decimal
    next_due_date: date | None
    next_due_amount: Decimal | None
    voided: bool = False
    void: VoidRecord | None = None
    replayed: bool = field(default=False, compare=False)


@dataclass(frozen=True, slots=True)
class VoidRecord:
    void_id: str
    receipt_no: str
    amount: Decimal
    method: str
    manager: str
    requested_by: str
    reason: str
    created_at: str
    business_date: date


def _clean(value: str | None) -> str | None:
    if value is None:
        return None
    v = value.strip()
    return v or None


class Payments:
    """The payment ledger of one register. Each call is one transaction; safe from any thread."""

    def __init__(
        self, engine: Engine, write_engine: Engine, settings: BranchSettings, clock: Clock, register: str
    ) -> None:
        self._engine = engine
        self._write = write_engine
        self._settings = settings
        self._clock = clock
        self._register = register

    @property
    def series(self) -> str:
        return f"{self._settings.branch_code}-{self._register}"

    # ---- validation -------------------------------------------------------------------------------
    def validate(self, req: PaymentRequest) -> ValidatedPayment:
        """Check a request without touching the database: raises ``InvalidInput`` for bad details."""
        refuse_card_numbers(
            req.card_brand, req.card_last4, req.auth_code, req.operation_number, req.account_no
        )
        method = self._settings.method(req.method)
        cur = self._settings.currency
        amount = check_amount(req.amount, cur)
        amount_cents = to_cents(amount, cur)
        details: dict[str, Any] = {
            "card_brand": None,
            "card_last4": None,
            "auth_code": None,
            "operation_number": None,
        }
        given = {
            "card_brand": _clean(req.card_brand),
            "card_last4": _clean(req.card_last4),
            "auth_code": _clean(req.auth_code),
            "operation_number": _clean(req.operation_number),
        }
        allowed = {
            "cash": (),
            "card": ("card_brand", "card_last4", "auth_code"),
            "wallet": ("operation_number",),
            "deposit": ("operation_number",),
        }[method.kind]
        for name, value in given.items():
            if value is not None and name not in allowed:
                raise InvalidInput("field_not_for_method", field=name, method=method.code)
        tendered_cents = change_cents = None
        if method.kind == "cash":
            tendered = check_amount(req.tendered, cur) if req.tendered is not None else amount
            tendered_cents = to_cents(tendered, cur)
            if tendered_cents < amount_cents:
                raise InvalidInput("tendered_below_amount", tendered=str(tendered), amount=str(amount))
            change_cents = tendered_cents - amount_cents
        elif req.tendered is not None:
            raise InvalidInput("tendered_not_cash")
        if method.kind == "card":
            if not given["card_brand"]:
                raise InvalidInput("card_brand_missing")
            if not re.fullmatch(r"\d{4}", given["card_last4"] or ""):
                raise InvalidInput("card_last4")
            if not given["auth_code"]:
                raise InvalidInput("auth_code_missing")
            if not re.fullmatch(r"[A-Za-z0-9]{4,12}", given["auth_code"] or ""):
                raise InvalidInput("auth_code_invalid")
            details.update(
                card_brand=(given["card_brand"] or "")[:20].title(),
                card_last4=given["card_last4"],
                auth_code=(given["auth_code"] or "").upper(),
            )
        if method.kind in ("wallet", "deposit"):
            op = given["operation_number"]
            if not op:
                raise InvalidInput("operation_number_missing")
            op = re.sub(r"[\s\-]", "", op)
            if not re.fullmatch(r"[A-Za-z0-9]{4,20}", op):
                raise InvalidInput("operation_number_invalid")
            details["operation_number"] = op.upper()
        return ValidatedPayment(method, amount_cents, tendered_cents, change_cents, details)

    # ---- taking a payment ---------------------------------------------------------------------------
    def preview(
        self, account_no: str, amount: Decimal, as_of: date | None = None
    ) -> tuple[AllocationView, ...]:
        """How ``amount`` would be allocated now, without writing anything (for the desk's preview)."""
        cur = self._settings.currency
        cents = to_cents(check_amount(amount, cur), cur)
        today = as_of or local_date(self._clock(), self._settings.zone)
        with Session(self._engine) as s:
            acc_id = self._account_id(s, account_no)
            state = load_states(s, [acc_id], today, self._settings)[acc_id]
        lines = self._allocate(state, cents, account_no)
        dues = {i.number: i.due_on for i in state.installments}
        return tuple(self._alloc_view(line, dues) for line in lines)

    def _allocate(self, state: Any, cents: int, account_no: str) -> list[AllocationLine]:
        cur = self._settings.currency
        try:
            return allocate(state, cents, self._settings.allocation)
        except OverPayment as over:
            if over.payoff_cents <= 0:
                raise Refused("account_settled", account_no=account_no) from None
            raise Refused(
                "amount_above_payoff",
                amount=str(from_cents(cents, cur)),
                payoff=str(from_cents(over.payoff_cents, cur)),
            ) from None

    def _alloc_view(self, line: AllocationLine, dues: dict[int, date]) -> AllocationView:
        cur = self._settings.currency
        return AllocationView(
            line.installment_no,
            dues.get(line.installment_no) if line.installment_no is not None else None,
            from_cents(line.late_fee_cents, cur),
            from_cents(line.interest_cents, cur),
            from_cents(line.principal_cents, cur),
        )

    @staticmethod
    def _account_id(s: Session, account_no: str) -> int:
        acc_id = s.scalar(select(Account.id).where(Account.account_no == account_no.strip().upper()))
        if acc_id is None:
            raise NotFound("account_not_found", account_no=account_no.strip())
        return acc_id

    def take(self, req: PaymentRequest, cashier: UserInfo, *, queue_receipt: bool = False) -> PaymentRecord:
        """Post a payment; see the module contract. Returns the committed record.

        With ``queue_receipt`` the receipt's print job is queued in the same transaction, so a crash
        after the commit can never lose the receipt: it waits in the print queue (``app.printing``)."""
        v = self.validate(req)
        now_dt = self._clock()
        now = iso_utc(now_dt)
        today = local_date(now_dt, self._settings.zone)
        payment_uuid = req.request_id or str(uuid.uuid4())
        with contextlib.suppress(_AlreadyPosted):  # a committed retry returns what it posted, once
            self._post(req, cashier, queue_receipt, payment_uuid, now, today, v)
        record = self._by_uuid(payment_uuid)
        assert record is not None
        if (
            record.account_no != req.account_no.strip().upper()
            or to_cents(record.amount, self._settings.currency) != v.amount_cents
        ):
            raise Refused("register_mismatch", detail="request id reused for another payment")
        return record

    def _post(
        self,
        req: PaymentRequest,
        cashier: UserInfo,
        queue_receipt: bool,
        payment_uuid: str,
        now: str,
        today: date,
        v: ValidatedPayment,
    ) -> None:
        """The payment's one write transaction (BEGIN IMMEDIATE); ``_AlreadyPosted`` if its uuid exists."""
        with Session(self._write) as s, s.begin():
            if (
                req.request_id
                and s.scalar(select(Payment.id).where(Payment.uuid == payment_uuid)) is not None
            ):
                raise _AlreadyPosted
            acc = s.execute(
                select(Account.id, Account.uuid, Account.account_no, Account.status).where(
                    Account.account_no == req.account_no.strip().upper()
                )
            ).first()
            if acc is None:
                raise NotFound("account_not_found", account_no=req.account_no.strip())
            if acc.status == "closed":
                raise Refused("account_closed", account_no=acc.account_no, status=acc.status)
            drawer_id = self._drawer_for(s, v.method.kind)
            state = load_states(s, [acc.id], today, self._settings)[acc.id]
            lines = self._allocate(state, v.amount_cents, acc.account_no)
            receipt_no = self._next_receipt_no(s)
            payment_id = s.execute(
                insert(Payment)
                .values(
                    uuid=payment_uuid,
                    receipt_no=receipt_no,
                    account_id=acc.id,
                    amount_cents=v.amount_cents,
                    method=v.method.code,
                    method_kind=v.method.kind,
                    tendered_cents=v.tendered_cents,
                    change_cents=v.change_cents,
                    cashier_id=cashier.id,
                    cashier_name=cashier.username,
                    branch_code=self._settings.branch_code,
                    register=self._register,
                    created_at=now,
                    business_date=today.isoformat(),
                    drawer_session_id=drawer_id,
                    **v.details,
                )
                .returning(Payment.id)
            ).scalar_one()
            s.execute(
                insert(PaymentAllocation),
                [
                    {
                        "payment_id": payment_id,
                        "line_no": n,
                        "account_id": acc.id,
                        "installment_no": line.installment_no,
                        "late_fee_cents": line.late_fee_cents,
                        "interest_cents": line.interest_cents,
                        "principal_cents": line.principal_cents,
                    }
                    for n, line in enumerate(lines, start=1)
                ],
            )
            cur = self._settings.currency
            event = {
                "payment_id": payment_uuid,
                "receipt_no": receipt_no,
                "account_id": acc.uuid,
                "account_no": acc.account_no,
                "amount": json_money(from_cents(v.amount_cents, cur)),
                "currency": cur,
                "method": v.method.code,
                "method_kind": v.method.kind,
                "tendered": json_money(from_cents(v.tendered_cents, cur))
                if v.tendered_cents is not None
                else None,
                "change": json_money(from_cents(v.change_cents, cur)) if v.change_cents is not None else None,
                "cashier": cashier.username,
                "branch_code": self._settings.branch_code,
                "register": self._register,
                "created_at": now,
                "business_date": today.isoformat(),
                "allocations": [
                    {
                        "installment": line.installment_no,
                        "late_fee": json_money(from_cents(line.late_fee_cents, cur)),
                        "interest": json_money(from_cents(line.interest_cents, cur)),
                        "principal": json_money(from_cents(line.principal_cents, cur)),
                    }
                    for line in lines
                ],
                **v.details,
            }
            record_event(s, "payment", event, now)
            AuditLog.record(
                s,
                now,
                cashier.username,
                "payment",
                receipt_no,
                {
                    "account_no": acc.account_no,
                    "amount": event["amount"],
                    "method": v.method.code,
                    "payment_id": payment_uuid,
                },
            )
            if queue_receipt:
                queue_print_job(s, "payment", receipt_no, cashier.username, now)

    def _drawer_for(self, s: Session, method_kind: str) -> int | None:
        """The register's open drawer session, which every payment and void records; cash (taken or
        refunded) is refused while none is open when the policy requires a drawer."""
        from app.drawer import open_session_id

        session_id = open_session_id(s, self._register)
        if session_id is None and method_kind == "cash" and self._settings.drawer.cash_requires_open_drawer:
            raise Refused("drawer_closed", register=self._register)
        return session_id

    def _next_receipt_no(self, s: Session) -> str:
        series = self.series
        last = s.scalar(select(ReceiptSequence.last_no).where(ReceiptSequence.series == series))
        if last is None:
            s.execute(insert(ReceiptSequence).values(series=series, last_no=1))
            number = 1
        else:
            number = last + 1
            s.execute(update(ReceiptSequence).where(ReceiptSequence.series == series).values(last_no=number))
        return f"{series}-{number:06d}"

    # ---- reading ------------------------------------------------------------------------------------
    def get(self, receipt_no: str) -> PaymentRecord:
        """The payment with ``receipt_no``; ``NotFound`` otherwise."""
        number = receipt_no.strip().upper()
        with Session(self._engine) as s:
            pid = s.scalar(select(Payment.uuid).where(Payment.receipt_no == number))
        if pid is None:
            raise NotFound("receipt_not_found", receipt_no=receipt_no.strip())
        record = self._by_uuid(pid)
        assert record is not None
        return record

    def _by_uuid(self, payment_uuid: str) -> PaymentRecord | None:
        cur = self._settings.currency
        with Session(self._engine) as s:
            row = s.execute(
                select(
                    Payment,
                    Account.account_no,
                    Customer.first_names,
                    Customer.last_names,
                    Customer.doc_type,
                    Customer.doc_number,
                )
                .join(Account, Account.id == Payment.account_id)
                .join(Customer, Customer.id == Account.customer_id)
                .where(Payment.uuid == payment_uuid)
            ).first()
            if row is None:
                return None
            p, account_no, first, last, doc_type, doc_number = row
            lines = [
                AllocationLine(a.installment_no, a.late_fee_cents, a.interest_cents, a.principal_cents)
                for a in s.scalars(
                    select(PaymentAllocation)
                    .where(PaymentAllocation.payment_id == p.id)
                    .order_by(PaymentAllocation.line_no)
                )
            ]
            v = s.scalar(select(PaymentVoid).where(PaymentVoid.payment_id == p.id))
            # The account right after this payment: its schedule and every valid payment up to and
            # including this one.
            schedule = load_schedules(s, [p.account_id])[p.account_id]
            all_lines = self._lines_up_to(s, p.account_id, p.id)
            bday = date.fromisoformat(p.business_date)
            after = account_state(schedule, all_lines, bday, self._settings.late_fee)
        dues = {i.number: i.due_on for i in schedule}
        nxt = after.next_due
        void = (
            VoidRecord(
                v.uuid,
                p.receipt_no,
                from_cents(p.amount_cents, cur),
                p.method,
                v.manager_name,
                v.requested_by,
                v.reason,
                v.created_at,
                date.fromisoformat(v.business_date),
            )
            if v
            else None
        )
        return PaymentRecord(
            payment_id=p.uuid,
            receipt_no=p.receipt_no,
            account_no=account_no,
            customer_name=f"{first} {last}",
            doc_type=doc_type,
            doc_number=doc_number,
            amount=from_cents(p.amount_cents, cur),
            method=p.method,
            method_kind=p.method_kind,
            tendered=from_cents(p.tendered_cents, cur) if p.tendered_cents is not None else None,
            change=from_cents(p.change_cents, cur) if p.change_cents is not None else None,
            card_brand=p.card_brand,
            card_last4=p.card_last4,
            auth_code=p.auth_code,
            operation_number=p.operation_number,
            cashier=p.cashier_name,
            branch_code=p.branch_code,
            register=p.register,
            created_at=p.created_at,
            business_date=bday,
            allocations=tuple(self._alloc_view(line, dues) for line in lines),
            balance_after=from_cents(after.balance_cents, cur),
            overdue_after=from_cents(after.overdue_cents, cur),
            next_due_date=nxt.due_on if nxt else None,
            next_due_amount=from_cents(nxt.owed_cents, cur) if nxt else None,
            voided=v is not None,
            void=void,
        )

    @staticmethod
    def _lines_up_to(s: Session, account_id: int, payment_id: int) -> list[AllocationLine]:
        """Allocation lines of the account's payments up to ``payment_id`` that were not voided before it."""
        rows = s.execute(
            text(
                "SELECT a.installment_no, a.late_fee_cents, a.interest_cents, a.principal_cents, p.business_date "
                "FROM payments p JOIN payment_allocations a ON a.payment_id = p.id "
                "WHERE p.account_id = :acc AND p.id <= :pid AND NOT EXISTS ("
                "  SELECT 1 FROM payment_voids v WHERE v.payment_id = p.id AND v.payment_id <> :pid"
                "  AND v.created_at <= (SELECT created_at FROM payments WHERE id = :pid))"
            ),
            {"acc": account_id, "pid": payment_id},
        )
        return [
            AllocationLine(inst, fee, interest, principal, date.fromisoformat(day))
            for inst, fee, interest, principal, day in rows
        ]

    # ---- voids --------------------------------------------------------------------------------------
    def void(
        self,
        receipt_no: str,
        reason: str,
        manager: UserInfo,
        requested_by: UserInfo | None = None,
        *,
        queue_slip: bool = False,
    ) -> VoidRecord:
        """Void the payment ``receipt_no``; see the module contract. ``queue_slip`` queues the void
        slip's print job in the same transaction."""
        require_manager(manager, "anular pagos")
        reason = " ".join((reason or "").split())
        if not reason:
            raise InvalidInput("void_reason_missing")
        refuse_card_numbers(reason)
        number = receipt_no.strip().upper()
        now_dt = self._clock()
        now = iso_utc(now_dt)
        today = local_date(now_dt, self._settings.zone)
        requester = (requested_by or manager).username
        void_uuid = str(uuid.uuid4())
        cur = self._settings.currency
        with Session(self._write) as s, s.begin():
            p = s.scalar(select(Payment).where(Payment.receipt_no == number))
            if p is None:
                raise NotFound("receipt_not_found", receipt_no=receipt_no.strip())
            prior = s.scalar(select(PaymentVoid).where(PaymentVoid.payment_id == p.id))
            if prior is not None:
                raise Refused(
                    "already_voided",
                    receipt_no=p.receipt_no,
                    voided_at=prior.created_at[:16].replace("T", " "),
                    manager=prior.manager_name,
                )
            drawer_id = self._drawer_for(s, p.method_kind)
            s.execute(
                insert(PaymentVoid).values(
                    uuid=void_uuid,
                    payment_id=p.id,
                    manager_id=manager.id,
                    manager_name=manager.username,
                    requested_by=requester,
                    reason=reason,
                    branch_code=self._settings.branch_code,
                    register=self._register,
                    created_at=now,
                    business_date=today.isoformat(),
                    drawer_session_id=drawer_id,
                )
            )
            payload = {
                "void_id": void_uuid,
                "payment_id": p.uuid,
                "receipt_no": p.receipt_no,
                "amount": json_money(from_cents(p.amount_cents, cur)),
                "method": p.method,
                "manager": manager.username,
                "requested_by": requester,
                "reason": reason,
                "branch_code": self._settings.branch_code,
                "register": self._register,
                "created_at": now,
                "business_date": today.isoformat(),
            }
            record_event(s, "void", payload, now)
            AuditLog.record(
                s,
                now,
                manager.username,
                "void",
                p.receipt_no,
                {
                    "reason": reason,
                    "requested_by": requester,
                    "amount": payload["amount"],
                    "void_id": void_uuid,
                },
            )
            if queue_slip:
                queue_print_job(s, "void", p.receipt_no, manager.username, now)
            amount, method = p.amount_cents, p.method
        return VoidRecord(
            void_uuid,
            number,
            from_cents(amount, cur),
            method,
            manager.username,
            requester,
            reason,
            now,
            today,
        )

    def pending_outbox(self) -> int:
        """Events not yet acknowledged by head office."""
        with Session(self._engine) as s:
            return int(s.scalar(text("SELECT count(*) FROM outbox WHERE sent_at IS NULL")) or 0)
