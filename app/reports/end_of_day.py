"""The end-of-day collection report of a branch and business date (for managers).

:func:`build_end_of_day` gathers, in one read transaction (a consistent snapshot even while the desk
keeps taking payments): the day's payments, voids and reprints (:mod:`app.reports.day_activity`), the
drawer sessions opened that day (``branch.drawer.sessions_on``), collected versus due
(:mod:`app.reports.dues`) and the portfolio's aging with the accounts to chase first
(:mod:`app.reports.portfolio`). It changes nothing. :func:`eod_json` is the same data as JSON (money as
strings); :func:`day_slip` is the short version for the receipt printer; ``app.reports.eod_pdf`` writes
the PDF and ``app.reports.eod_text`` the plain text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from app.company import company_header, local_time, method_labels
from app.drawer import DrawerSummary
from app.jsonable import jsonable
from app.receipts import DayReport, DrawerCloseLine, ReportLine
from app.reports.day_activity import (
    CashierTotal,
    MethodTotal,
    ReprintLine,
    Tally,
    VoidLine,
    day_activity,
)
from app.reports.dues import DueSummary, due_summary
from app.reports.portfolio import AgingBucket, DelinquentAccount, portfolio_aging
from app.settings import BranchSettings

CHASE_LIMIT = 20


@dataclass(frozen=True, slots=True)
class SessionLine:
    """A drawer session opened on the day: its float, what was expected and counted, who approved."""

    register: str
    opened_by: str
    opened_at: str
    status: str  # open | closed
    float_amount: Decimal
    expected: Decimal
    closed_by: str | None
    closed_at: str | None
    counted: Decimal | None
    over_short: Decimal | None
    approved_by: str | None
    note: str
    z_no: int | None


@dataclass(frozen=True, slots=True)
class EndOfDayReport:
    """Everything the end-of-day report says; money is ``Decimal``, timestamps UTC ISO text."""

    branch_code: str
    branch_name: str
    company: str
    tax_id: str
    business_date: date
    generated_at: str
    generated_by: str
    currency: str
    locale: str
    payments: Tally
    voids_total: Tally
    net_collected: Decimal
    by_method: tuple[MethodTotal, ...]
    by_cashier: tuple[CashierTotal, ...]
    voids: tuple[VoidLine, ...]
    reprints: tuple[ReprintLine, ...]
    sessions: tuple[SessionLine, ...]
    dues: DueSummary
    aging: tuple[AgingBucket, ...]
    portfolio_accounts: int
    portfolio_overdue: Decimal
    portfolio_outstanding: Decimal
    chase: tuple[DelinquentAccount, ...]
    aging_includes_late_fees: bool = False


def session_line(x: DrawerSummary) -> SessionLine:
    return SessionLine(
        register=x.register,
        opened_by=x.opened_by,
        opened_at=x.opened_at,
        status=x.status,
        float_amount=x.float_amount,
        expected=x.expected,
        closed_by=x.closed_by,
        closed_at=x.closed_at,
        counted=x.counted,
        over_short=x.over_short,
        approved_by=x.approved_by,
        note=x.note,
        z_no=x.z_no,
    )


def build_end_of_day(
    engine: Engine,
    settings: BranchSettings,
    day: date,
    sessions: list[DrawerSummary],
    generated_at: str,
    generated_by: str,
) -> EndOfDayReport:
    """The report of ``day``; ``sessions`` are the drawer sessions opened that day. Read-only."""
    cur = settings.currency
    with Session(engine) as s, s.begin():
        activity = day_activity(s, day, settings.branch_code, cur, settings.zone, method_labels(settings))
        dues = due_summary(s, day, cur, activity.net)
        aging = portfolio_aging(s, day, cur, CHASE_LIMIT)
    return EndOfDayReport(
        branch_code=settings.branch_code,
        branch_name=settings.branch_name,
        company=settings.company.trade_name,
        tax_id=settings.company.tax_id,
        business_date=day,
        generated_at=generated_at,
        generated_by=generated_by,
        currency=cur,
        locale=settings.locale,
        payments=activity.payments,
        voids_total=activity.voids_total,
        net_collected=activity.net,
        by_method=activity.by_method,
        by_cashier=activity.by_cashier,
        voids=activity.voids,
        reprints=activity.reprints,
        sessions=tuple(session_line(x) for x in sessions),
        dues=dues,
        aging=aging.buckets,
        portfolio_accounts=aging.accounts,
        portfolio_overdue=aging.overdue,
        portfolio_outstanding=aging.outstanding,
        chase=aging.chase,
    )


def eod_json(report: EndOfDayReport) -> dict[str, Any]:
    """The report as JSON values: money as strings ("123.45"), dates ISO, percentages as strings."""
    data: dict[str, Any] = jsonable(report)
    return data


def day_slip(report: EndOfDayReport, settings: BranchSettings, chase: int = 5) -> DayReport:
    """The short version for the receipt printer: totals, drawers, dues, aging and the first
    ``chase`` accounts to call."""
    return DayReport(
        company=company_header(settings),
        business_date=report.business_date,
        generated_at=local_time(report.generated_at, settings),
        generated_by=report.generated_by,
        payments=report.payments.count,
        payments_amount=report.payments.amount,
        voids=report.voids_total.count,
        voids_amount=report.voids_total.amount,
        net_collected=report.net_collected,
        reprints=len(report.reprints),
        by_method=tuple(ReportLine(m.label, m.count, m.amount) for m in report.by_method),
        by_cashier=tuple(ReportLine(c.cashier, c.count, c.amount) for c in report.by_cashier),
        sessions=tuple(
            DrawerCloseLine(x.register, x.opened_by, x.expected, x.counted, x.over_short)
            for x in report.sessions
        ),
        due_amount=report.dues.due,
        due_paid=report.dues.due_paid,
        efficiency_pct=report.dues.efficiency_pct,
        aging=tuple(ReportLine(b.bucket, b.accounts, b.overdue) for b in report.aging),
        chase=tuple(
            ReportLine(f"{d.account_no} {d.customer_name}", d.days_past_due, d.overdue)
            for d in report.chase[:chase]
        ),
        currency=report.currency,
        locale=report.locale,
    )
