"""The end-of-day report as plain text (the CLI's default output and the desk's preview without QtPdf).

Every section of the PDF, in the same order, as fixed-width tables no wider than ``width`` columns
(long names are cut with an ellipsis, never wrapped into the next column).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from app.company import local_time
from app.receipts.formatting import format_date, format_money
from app.reports.end_of_day import EndOfDayReport
from app.reports.eod_tables import EodTables
from app.reports.eod_words import eod_words
from app.settings import BranchSettings


def _fit(value: str, size: int) -> str:
    return value if len(value) <= size else value[: max(size - 1, 0)] + "…"


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int], width: int
) -> list[str]:
    """Rows of cells; the first column is left-aligned and stretches, the others are right-aligned."""
    fixed = sum(widths[1:]) + len(widths) - 1
    first = max(width - fixed, 8)
    sizes = [first, *widths[1:]]

    def line(cells: Sequence[str]) -> str:
        out = [_fit(cells[0], sizes[0]).ljust(sizes[0])]
        out += [_fit(c, s).rjust(s) for c, s in zip(cells[1:], sizes[1:], strict=True)]
        return " ".join(out).rstrip()

    return [line(headers), "-" * min(width, sum(sizes) + len(sizes) - 1), *(line(r) for r in rows)]


def pairs(rows: Sequence[tuple[str, str]], width: int) -> list[str]:
    """Label and value rows, the values right-aligned at ``width``."""
    return [f"{_fit(k, width - 20).ljust(width - 19)}{v.rjust(19)}".rstrip() for k, v in rows]


def eod_text(report: EndOfDayReport, settings: BranchSettings, width: int = 100) -> str:
    """The whole report as text, ``width`` (60..200) columns wide, one ``\\n`` after each line."""
    width = max(60, min(width, 200))
    w = eod_words(settings.language)
    loc, cur = report.locale, report.currency

    def money(value: Decimal) -> str:
        return format_money(value, cur, loc)

    def when(stored: str) -> str:
        moment = local_time(stored, settings)
        return f"{format_date(moment.date(), loc)} {moment:%H:%M}"

    out: list[str] = [
        f"{report.company} - RUC {report.tax_id}",
        f"{report.branch_name} ({report.branch_code})",
        f"{w.title}: {format_date(report.business_date, loc)}",
        w.generated.format(when=when(report.generated_at), who=report.generated_by or "-"),
        "=" * width,
    ]

    def section(title: str) -> None:
        out.extend(["", title.upper(), ""])

    tables = EodTables(report, w, money, when)
    section(w.summary)
    t = tables.summary()
    out += table(t.header, t.rows, [0, 8, 18], width)
    amounts = [0, 7, 16, 7, 14, 16]
    section(w.by_method)
    t = tables.by_method()
    out += table(t.header, t.rows, amounts, width)
    section(w.by_cashier)
    t = tables.by_cashier()
    out += table(t.header, t.rows, amounts, width)
    section(f"{w.voids} ({report.voids_total.count})")
    if report.voids:
        for v in report.voids:
            out.append(
                f"{v.receipt_no}  {money(v.amount)}  {v.method}  {w.paid_on} {format_date(v.paid_on, loc)}"
                f"  {when(v.voided_at)}"
            )
            out.append(
                f"    {w.approved_by}: {v.approved_by}  {w.requested_by}: {v.requested_by}  {w.reason}: {v.reason}"
            )
    else:
        out.append(w.none)
    section(f"{w.reprints} ({len(report.reprints)})")
    if report.reprints:
        t = tables.reprints()
        out += table(t.header, t.rows, [0, 10, 14, 16], width)
    else:
        out.append(w.none)
    section(w.sessions)
    if report.sessions:
        t = tables.sessions(with_notes=False)
        out += table(t.header, t.rows, [0, 10, 12, 12, 12, 11, 10, 6], width)
    else:
        out.append(w.none)
    section(w.dues)
    out += pairs(tables.dues(), width)
    section(w.aging)
    t = tables.aging()
    out += table(t.header, t.rows, [0, 9, 18, 18], width)
    out.append(w.aging_note)
    section(w.chase)
    if report.chase:
        out += table(
            [f"{w.account} / {w.customer}", w.phone, w.dpd, w.overdue],
            [
                [f"{c.account_no} {c.customer_name}", c.phone or "", str(c.days_past_due), money(c.overdue)]
                for c in report.chase
            ],
            [0, 11, 5, 16],
            width,
        )
    else:
        out.append(w.none)
    return "\n".join(out) + "\n"
