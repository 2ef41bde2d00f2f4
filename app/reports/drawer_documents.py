"""X and Z reports as printable documents (:class:`app.receipts.DrawerReport`).

The figures come from ``branch.drawer``: :meth:`Drawers.summary` for an X (changes nothing) and the
content frozen in the Z row for a Z or its copy (:func:`summary_from_json` reads it back), so a Z
printed again next month says exactly what it said when it was issued.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from app.company import company_header, local_time, method_labels
from app.drawer import CashMoveView, DrawerSummary, MethodTotal, ZReportView
from app.receipts import CashMoveLine, DrawerReport, ReportLine
from app.settings import BranchSettings


def _money(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def summary_from_json(data: dict[str, Any]) -> DrawerSummary:
    """The :class:`DrawerSummary` that ``app.drawer.summary_json`` turned into ``data``."""

    def money(key: str) -> Decimal:
        return Decimal(str(data[key]))

    return DrawerSummary(
        session_id=data["session_id"],
        register=data["register"],
        business_date=date.fromisoformat(data["business_date"]),
        opened_by=data["opened_by"],
        opened_at=data["opened_at"],
        float_amount=money("float_amount"),
        float_counts={str(k): int(v) for k, v in (data.get("float_counts") or {}).items()},
        cash_payments=int(data["cash_payments"]),
        cash_received=money("cash_received"),
        tendered=money("tendered"),
        change_given=money("change_given"),
        cash_voids=int(data["cash_voids"]),
        cash_refunded=money("cash_refunded"),
        cash_in=money("cash_in"),
        cash_out=money("cash_out"),
        moves=tuple(
            CashMoveView(m["move_id"], Decimal(m["amount"]), m["reason"], m["manager"], m["created_at"])
            for m in data.get("moves") or ()
        ),
        by_method=tuple(
            MethodTotal(m["method"], int(m["count"]), Decimal(m["amount"]))
            for m in data.get("by_method") or ()
        ),
        voids=int(data["voids"]),
        expected=money("expected"),
        status=data["status"],
        closed_by=data.get("closed_by"),
        closed_at=data.get("closed_at"),
        counted=_money(data.get("counted")),
        counts=data.get("counts"),
        over_short=_money(data.get("over_short")),
        approved_by=data.get("approved_by"),
        note=data.get("note") or "",
        z_no=data.get("z_no"),
    )


def drawer_report(
    summary: DrawerSummary,
    settings: BranchSettings,
    printed_at: datetime,
    *,
    kind: str = "X",
    z_no: int | None = None,
    issued_by: str | None = None,
) -> DrawerReport:
    """The X (``kind="X"``) or Z report of ``summary`` as a printable document."""
    labels = method_labels(settings)
    counts = sorted(((Decimal(d), int(n)) for d, n in summary.float_counts.items()), reverse=True)
    return DrawerReport(
        company=company_header(settings),
        kind="Z" if kind == "Z" else "X",
        register=summary.register,
        business_date=summary.business_date,
        printed_at=printed_at.astimezone(settings.zone),
        opened_by=summary.opened_by,
        opened_at=local_time(summary.opened_at, settings),
        float_amount=summary.float_amount,
        float_counts=tuple(counts),
        cash_payments=summary.cash_payments,
        cash_received=summary.cash_received,
        tendered=summary.tendered,
        change_given=summary.change_given,
        cash_voids=summary.cash_voids,
        cash_refunded=summary.cash_refunded,
        moves=tuple(CashMoveLine(m.amount, m.reason, m.manager) for m in summary.moves),
        expected=summary.expected,
        by_method=tuple(
            ReportLine(labels.get(m.method, m.method), m.count, m.amount) for m in summary.by_method
        ),
        voids=summary.voids,
        z_no=z_no,
        issued_by=issued_by,
        closed_by=summary.closed_by,
        closed_at=local_time(summary.closed_at, settings) if summary.closed_at else None,
        counted=summary.counted,
        over_short=summary.over_short,
        approved_by=summary.approved_by,
        note=summary.note,
        currency=settings.currency,
        locale=settings.locale,
    )


def z_report(z: ZReportView, settings: BranchSettings, now: datetime) -> DrawerReport:
    """The Z report ``z`` as issued (printed at its issue time); a copy is marked COPY at ``now``."""
    document = drawer_report(
        summary_from_json(z.summary),
        settings,
        local_time(z.issued_at, settings),
        kind="Z",
        z_no=z.z_no,
        issued_by=z.issued_by,
    )
    return document.as_copy(now.astimezone(settings.zone)) if z.copy else document
