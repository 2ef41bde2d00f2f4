"""Cash drawer sessions: open with a counted float, cash moves, a blind close, X and Z reports.

Contracts:
- One open session per register. Opening, moving cash and closing each happen in one ``BEGIN
  IMMEDIATE`` transaction together with their audit row and outbox event; every record is immutable.
- Cash payments and cash voids belong to the session open at their register (``Payments`` records it);
  with ``DrawerPolicy.cash_requires_open_drawer`` they are refused while no session is open.
- ``expected = float + cash received - cash refunded by voids + cash moves`` (cash received is the
  amount of each cash payment, that is tendered minus change: the change went back to the customer).
- The close is blind: :meth:`Drawers.close` takes the count first and only then reveals the expected
  amount. A difference beyond ``over_short_threshold`` needs a manager's approval with a note; without
  it the close is refused (the attempt is audited, nothing else changes).
- :meth:`Drawers.summary` (the X report) changes nothing. :meth:`Drawers.issue_z` numbers the Z report of
  the last closed session that has none in a gap-free sequence per register; a second Z for the same
  session is refused (its copy can be printed again).
"""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from sqlalchemy import Engine, func, insert, select, text
from sqlalchemy.orm import Session

from app.audit import AuditLog
from app.clock import Clock, iso_utc, local_date
from app.errors import InvalidInput, NotFound, Refused
from app.jsonable import jsonable
from app.money import from_cents, json_money, to_cents
from app.outbox import record_event
from app.settings import BranchSettings
from app.storage.drawer_models import CashMove, DrawerClose, DrawerSession, ZReport
from app.storage.models import Payment, PaymentVoid
from app.users import UserInfo, require_manager

Counts = dict[Decimal, int]


def parse_counts(text_value: str, denominations: tuple[Decimal, ...]) -> Counts:
    """Parse ``"200x1,20x5,0.50x10"`` (denomination x quantity); refuse unknown denominations,
    negative or non-integer quantities and repeated denominations. An empty text is an empty count."""
    counts: Counts = {}
    for part in [p.strip() for p in (text_value or "").split(",") if p.strip()]:
        m = re.fullmatch(r"(\d+(?:\.\d{1,2})?)\s*[xX*]\s*(\d{1,6})", part)
        if not m:
            raise InvalidInput("counts_invalid", part=part)
        try:
            denom = Decimal(m.group(1))
        except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
            raise InvalidInput("counts_invalid", part=part) from None
        match = next((d for d in denominations if d == denom), None)
        if match is None:
            raise InvalidInput(
                "denomination_unknown", value=m.group(1), choices=", ".join(str(d) for d in denominations)
            )
        if match in counts:
            raise InvalidInput("counts_invalid", part=part)
        counts[match] = int(m.group(2))
    return counts


def counts_total(counts: Counts) -> Decimal:
    return sum((d * n for d, n in counts.items()), Decimal("0.00"))


def counts_json(counts: Counts) -> str:
    return json.dumps({str(d): n for d, n in sorted(counts.items(), reverse=True)}, sort_keys=False)


@dataclass(frozen=True, slots=True)
class MethodTotal:
    method: str
    count: int
    amount: Decimal


@dataclass(frozen=True, slots=True)
class CashMoveView:
    move_id: str
    amount: Decimal  # positive: cash in; negative: cash out
    reason: str
    manager: str
    created_at: str


@dataclass(frozen=True, slots=True)
class DrawerSummary:
    """A session's figures (the X report, and the content of its Z)."""

    session_id: str
    register: str
    business_date: date
    opened_by: str
    opened_at: str
    float_amount: Decimal
    float_counts: dict[str, int]
    cash_payments: int
    cash_received: Decimal
    tendered: Decimal
    change_given: Decimal
    cash_voids: int
    cash_refunded: Decimal
    cash_in: Decimal
    cash_out: Decimal
    moves: tuple[CashMoveView, ...]
    by_method: tuple[MethodTotal, ...]
    voids: int
    expected: Decimal
    status: str  # open | closed
    closed_by: str | None = None
    closed_at: str | None = None
    counted: Decimal | None = None
    counts: dict[str, int] | None = None
    over_short: Decimal | None = None
    approved_by: str | None = None
    note: str = ""
    z_no: int | None = None


@dataclass(frozen=True, slots=True)
class CloseResult:
    session_id: str
    counted: Decimal
    expected: Decimal
    over_short: Decimal
    approved_by: str | None


@dataclass(frozen=True, slots=True)
class ZReportView:
    z_no: int
    register: str
    issued_by: str
    issued_at: str
    summary: dict[str, Any]  # the DrawerSummary as JSON, frozen when the Z was issued
    copy: bool = False


def open_session_id(s: Session, register: str) -> int | None:
    """The id of the register's open session (the latest with no close row), or None."""
    return s.scalar(
        select(DrawerSession.id)
        .where(DrawerSession.register == register, ~DrawerSession.id.in_(select(DrawerClose.session_id)))
        .order_by(DrawerSession.id.desc())
        .limit(1)
    )


class Drawers:
    """``branch.drawer``: the register's cash drawer. Safe from any thread."""

    def __init__(
        self, engine: Engine, write_engine: Engine, settings: BranchSettings, clock: Clock, register: str
    ) -> None:
        self._engine = engine
        self._write = write_engine
        self._settings = settings
        self._clock = clock
        self._register = register

    @property
    def denominations(self) -> tuple[Decimal, ...]:
        return self._settings.drawer.denominations

    def parse_counts(self, text_value: str) -> Counts:
        return parse_counts(text_value, self.denominations)

    def _cents(self, value: Decimal) -> int:
        return to_cents(value, self._settings.currency)

    def _money(self, cents: int) -> Decimal:
        return from_cents(cents, self._settings.currency)

    # ---- open, move, close ------------------------------------------------------------------------
    def is_open(self) -> bool:
        with Session(self._engine) as s:
            return open_session_id(s, self._register) is not None

    def open(self, float_counts: Counts, user: UserInfo) -> DrawerSummary:
        """Open the register's drawer with the counted float; refused if one is already open."""
        if any(n < 0 for n in float_counts.values()):
            raise InvalidInput("counts_invalid", part="-")
        total = counts_total(float_counts)
        now_dt = self._clock()
        now = iso_utc(now_dt)
        session_uuid = str(uuid.uuid4())
        with Session(self._write) as s, s.begin():
            if open_session_id(s, self._register) is not None:
                raise Refused("drawer_already_open", register=self._register)
            s.execute(
                insert(DrawerSession).values(
                    uuid=session_uuid,
                    branch_code=self._settings.branch_code,
                    register=self._register,
                    opened_by=user.username,
                    opened_at=now,
                    business_date=local_date(now_dt, self._settings.zone).isoformat(),
                    float_cents=self._cents(total),
                    float_counts=counts_json(float_counts),
                )
            )
            payload = {
                "session_id": session_uuid,
                "branch_code": self._settings.branch_code,
                "register": self._register,
                "opened_by": user.username,
                "opened_at": now,
                "float": json_money(total),
            }
            record_event(s, "drawer_open", payload, now)
            AuditLog.record(
                s,
                now,
                user.username,
                "drawer_open",
                f"{self._settings.branch_code}-{self._register}",
                {"float": json_money(total), "session_id": session_uuid},
            )
        return self.summary()

    def move(self, amount: Decimal, reason: str, manager: UserInfo) -> CashMoveView:
        """Put cash in (``amount`` > 0) or take it out (< 0) of the open drawer; managers only."""
        require_manager(manager, "registrar movimientos de caja")
        reason = " ".join((reason or "").split())
        if not reason:
            raise InvalidInput("field_required", field="reason")
        if amount == 0:
            raise InvalidInput("amount_zero")
        from app.money import check_amount

        check_amount(abs(amount), self._settings.currency)
        now = iso_utc(self._clock())
        move_uuid = str(uuid.uuid4())
        with Session(self._write) as s, s.begin():
            sid = open_session_id(s, self._register)
            if sid is None:
                raise Refused("drawer_closed", register=self._register)
            s.execute(
                insert(CashMove).values(
                    uuid=move_uuid,
                    session_id=sid,
                    amount_cents=self._cents(amount),
                    reason=reason,
                    manager=manager.username,
                    created_at=now,
                )
            )
            session_uuid = s.scalar(select(DrawerSession.uuid).where(DrawerSession.id == sid))
            payload = {
                "move_id": move_uuid,
                "session_id": session_uuid,
                "amount": json_money(amount),
                "reason": reason,
                "manager": manager.username,
                "created_at": now,
                "branch_code": self._settings.branch_code,
                "register": self._register,
            }
            record_event(s, "cash_move", payload, now)
            AuditLog.record(
                s,
                now,
                manager.username,
                "cash_move",
                f"{self._settings.branch_code}-{self._register}",
                {"amount": json_money(amount), "reason": reason},
            )
        return CashMoveView(move_uuid, amount, reason, manager.username, now)

    def close(
        self, counts: Counts, user: UserInfo, *, approved_by: UserInfo | None = None, note: str = ""
    ) -> CloseResult:
        """Close the drawer with a blind count; see the module contract for the approval rule."""
        if any(n < 0 for n in counts.values()):
            raise InvalidInput("counts_invalid", part="-")
        if approved_by is not None:
            require_manager(approved_by, "aprobar el cierre de caja")
        note = " ".join((note or "").split())
        counted = counts_total(counts)
        now = iso_utc(self._clock())
        refused: Refused | None = None
        with Session(self._write) as s, s.begin():
            sid = open_session_id(s, self._register)
            if sid is None:
                raise Refused("drawer_closed", register=self._register)
            expected_cents = self._expected_cents(s, sid)
            over_short_cents = self._cents(counted) - expected_cents
            over_short = self._money(over_short_cents)
            threshold = self._settings.drawer.over_short_threshold
            subject = f"{self._settings.branch_code}-{self._register}"
            details = {
                "counted": json_money(counted),
                "expected": json_money(self._money(expected_cents)),
                "over_short": json_money(over_short),
            }
            if abs(over_short) > threshold and (approved_by is None or not note):
                # Record the refused attempt (a recount cannot hide it), but close nothing.
                AuditLog.record(s, now, user.username, "drawer_count", subject, {**details, "closed": False})
                refused = Refused(
                    "drawer_needs_approval", over_short=str(over_short), threshold=str(threshold)
                )
            else:
                s.execute(
                    insert(DrawerClose).values(
                        session_id=sid,
                        closed_by=user.username,
                        closed_at=now,
                        counted_cents=self._cents(counted),
                        counts=counts_json(counts),
                        expected_cents=expected_cents,
                        over_short_cents=over_short_cents,
                        approved_by=approved_by.username if approved_by else None,
                        note=note,
                    )
                )
                session_uuid = s.scalar(select(DrawerSession.uuid).where(DrawerSession.id == sid))
                payload = {
                    "session_id": session_uuid,
                    "closed_by": user.username,
                    "closed_at": now,
                    "approved_by": approved_by.username if approved_by else None,
                    "note": note,
                    "branch_code": self._settings.branch_code,
                    "register": self._register,
                    **details,
                }
                record_event(s, "drawer_close", payload, now)
                AuditLog.record(
                    s,
                    now,
                    user.username,
                    "drawer_close",
                    subject,
                    {**details, "approved_by": payload["approved_by"], "note": note},
                )
        if refused is not None:
            raise refused
        return CloseResult(
            str(session_uuid),
            counted,
            self._money(expected_cents),
            over_short,
            approved_by.username if approved_by else None,
        )

    # ---- figures ----------------------------------------------------------------------------------
    def _expected_cents(self, s: Session, sid: int) -> int:
        row = s.execute(
            text(
                "SELECT s.float_cents,"
                " (SELECT coalesce(sum(p.amount_cents), 0) FROM payments p"
                "   WHERE p.drawer_session_id = s.id AND p.method_kind = 'cash'),"
                " (SELECT coalesce(sum(p.amount_cents), 0) FROM payment_voids v JOIN payments p ON p.id = v.payment_id"
                "   WHERE v.drawer_session_id = s.id AND p.method_kind = 'cash'),"
                " (SELECT coalesce(sum(m.amount_cents), 0) FROM cash_moves m WHERE m.session_id = s.id)"
                " FROM drawer_sessions s WHERE s.id = :sid"
            ),
            {"sid": sid},
        ).one()
        float_cents, received, refunded, moves = row
        return int(float_cents + received - refunded + moves)

    def summary(self, session_id: str | None = None) -> DrawerSummary:
        """The X report: the open session (or ``session_id``, or the register's last one). Changes nothing."""
        with Session(self._engine) as s:
            if session_id:
                sid = s.scalar(select(DrawerSession.id).where(DrawerSession.uuid == session_id))
            else:
                sid = open_session_id(s, self._register) or s.scalar(
                    select(func.max(DrawerSession.id)).where(DrawerSession.register == self._register)
                )
            if sid is None:
                raise NotFound("drawer_none", register=self._register)
            return self._summary(s, sid)

    def _summary(self, s: Session, sid: int) -> DrawerSummary:
        ds = s.get_one(DrawerSession, sid)
        close = s.scalar(select(DrawerClose).where(DrawerClose.session_id == sid))
        z_no = s.scalar(select(ZReport.z_no).where(ZReport.session_id == sid))
        cash = s.execute(
            select(
                func.count(),
                func.coalesce(func.sum(Payment.amount_cents), 0),
                func.coalesce(func.sum(Payment.tendered_cents), 0),
                func.coalesce(func.sum(Payment.change_cents), 0),
            ).where(Payment.drawer_session_id == sid, Payment.method_kind == "cash")
        ).one()
        refunds = s.execute(
            select(func.count(), func.coalesce(func.sum(Payment.amount_cents), 0))
            .select_from(PaymentVoid)
            .join(Payment, Payment.id == PaymentVoid.payment_id)
            .where(PaymentVoid.drawer_session_id == sid, Payment.method_kind == "cash")
        ).one()
        voids = (
            s.scalar(
                select(func.count()).select_from(PaymentVoid).where(PaymentVoid.drawer_session_id == sid)
            )
            or 0
        )
        by_method = s.execute(
            select(Payment.method, func.count(), func.sum(Payment.amount_cents))
            .where(Payment.drawer_session_id == sid)
            .group_by(Payment.method)
            .order_by(Payment.method)
        ).all()
        moves = s.scalars(select(CashMove).where(CashMove.session_id == sid).order_by(CashMove.id)).all()
        m = self._money
        return DrawerSummary(
            session_id=ds.uuid,
            register=ds.register,
            business_date=date.fromisoformat(ds.business_date),
            opened_by=ds.opened_by,
            opened_at=ds.opened_at,
            float_amount=m(ds.float_cents),
            float_counts=json.loads(ds.float_counts),
            cash_payments=int(cash[0]),
            cash_received=m(int(cash[1])),
            tendered=m(int(cash[2] or 0)),
            change_given=m(int(cash[3] or 0)),
            cash_voids=int(refunds[0]),
            cash_refunded=m(int(refunds[1])),
            cash_in=m(sum(x.amount_cents for x in moves if x.amount_cents > 0)),
            cash_out=m(-sum(x.amount_cents for x in moves if x.amount_cents < 0)),
            moves=tuple(
                CashMoveView(x.uuid, m(x.amount_cents), x.reason, x.manager, x.created_at) for x in moves
            ),
            by_method=tuple(MethodTotal(meth, int(n), m(int(total))) for meth, n, total in by_method),
            voids=int(voids),
            expected=m(self._expected_cents(s, sid)),
            status="closed" if close else "open",
            closed_by=close.closed_by if close else None,
            closed_at=close.closed_at if close else None,
            counted=m(close.counted_cents) if close else None,
            counts=json.loads(close.counts) if close else None,
            over_short=m(close.over_short_cents) if close else None,
            approved_by=close.approved_by if close else None,
            note=close.note if close else "",
            z_no=z_no,
        )

    def sessions_on(self, day: date) -> list[DrawerSummary]:
        """Every session of every register opened on the business date ``day``."""
        with Session(self._engine) as s:
            ids = s.scalars(
                select(DrawerSession.id)
                .where(DrawerSession.business_date == day.isoformat())
                .order_by(DrawerSession.id)
            ).all()
            return [self._summary(s, sid) for sid in ids]

    # ---- Z reports --------------------------------------------------------------------------------
    def issue_z(self, user: UserInfo) -> ZReportView:
        """Issue the Z of the register's last closed session that has none; refused if there is none."""
        require_manager(user, "emitir el reporte Z")
        now = iso_utc(self._clock())
        with Session(self._write) as s, s.begin():
            sid = s.scalar(
                select(DrawerSession.id)
                .join(DrawerClose, DrawerClose.session_id == DrawerSession.id)
                .where(
                    DrawerSession.register == self._register,
                    ~DrawerSession.id.in_(select(ZReport.session_id)),
                )
                .order_by(DrawerSession.id.desc())
                .limit(1)
            )
            if sid is None:
                raise Refused("z_nothing_to_issue", register=self._register)
            last = s.scalar(select(func.max(ZReport.z_no)).where(ZReport.register == self._register)) or 0
            summary = self._summary(s, sid)
            content = summary_json(summary) | {"z_no": last + 1}
            s.execute(
                insert(ZReport).values(
                    uuid=str(uuid.uuid4()),
                    register=self._register,
                    z_no=last + 1,
                    session_id=sid,
                    issued_by=user.username,
                    issued_at=now,
                    content=json.dumps(content, ensure_ascii=False),
                )
            )
            record_event(
                s, "z_report", {"branch_code": self._settings.branch_code, **content, "issued_at": now}, now
            )
            AuditLog.record(
                s,
                now,
                user.username,
                "z_report",
                f"{self._settings.branch_code}-{self._register}",
                {"z_no": last + 1, "session_id": summary.session_id},
            )
        return ZReportView(last + 1, self._register, user.username, now, content)

    def z_copy(self, z_no: int | None = None) -> ZReportView:
        """A copy of Z ``z_no`` (default: the latest) of this register, exactly as it was issued."""
        with Session(self._engine) as s:
            stmt = select(ZReport).where(ZReport.register == self._register)
            stmt = stmt.where(ZReport.z_no == z_no) if z_no else stmt.order_by(ZReport.z_no.desc()).limit(1)
            z = s.scalar(stmt)
            if z is None:
                raise NotFound("z_not_found", register=self._register)
            return ZReportView(z.z_no, z.register, z.issued_by, z.issued_at, json.loads(z.content), copy=True)


def summary_json(x: DrawerSummary) -> dict[str, Any]:
    """The summary as JSON values (money as strings)."""
    data: dict[str, Any] = jsonable(x)
    return data
