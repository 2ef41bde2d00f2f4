"""The end-of-day report as an A4 PDF made with reportlab (platypus tables and graphics charts).

Contracts:
- :func:`write_eod_pdf` writes atomically: the PDF goes to a temporary file in the target's folder,
  is flushed to disk and then renamed over the target, so a crash never leaves half a report under
  the target's name. :func:`eod_pdf_bytes` returns the same PDF in memory (for a preview).
- reportlab's standard fonts are WinAnsi (CP1252): every Spanish letter and sign prints as itself;
  anything else is transliterated as on receipts (:func:`app.receipts.text.fit_to_codec`), never a box.
- Pure: reads only the report; any thread may call it.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from app.company import local_time
from app.receipts.formatting import format_date, format_money
from app.receipts.text import fit_to_codec
from app.reports.end_of_day import EndOfDayReport
from app.reports.eod_charts import aging_bars, method_pie
from app.reports.eod_tables import EodTables
from app.reports.eod_words import EodWords, bucket_name, eod_words
from app.reports.files import write_atomically
from app.settings import BranchSettings


def write_eod_pdf(report: EndOfDayReport, settings: BranchSettings, target: str | os.PathLike[str]) -> Path:
    """Write the report's PDF to ``target`` atomically (see the module contract); returns the path."""
    return write_atomically(target, eod_pdf_bytes(report, settings))


def eod_pdf_bytes(report: EndOfDayReport, settings: BranchSettings) -> bytes:
    """The report's PDF in memory."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import SimpleDocTemplate

    w = eod_words(settings.language)
    buffer = io.BytesIO()
    title = _plain(f"{w.title} {report.branch_code} {report.business_date.isoformat()}")
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=15 * mm,
        bottomMargin=15 * mm,
        title=title,
        author=_plain(report.company),
    )

    def footer(canvas: Any, _doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7)
        canvas.drawString(15 * mm, 8 * mm, title)
        canvas.drawRightString(A4[0] - 15 * mm, 8 * mm, _plain(w.page.format(page=canvas.getPageNumber())))
        canvas.restoreState()

    doc.build(_story(report, settings, w), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _plain(text: str) -> str:
    """Text as the standard fonts can show it (CP1252)."""
    return fit_to_codec(text, "cp1252")


def _t(text: str) -> str:
    """:func:`_plain` with XML specials escaped, for a ``Paragraph``."""
    from xml.sax.saxutils import escape

    return escape(_plain(text))


def _story(report: EndOfDayReport, settings: BranchSettings, w: EodWords) -> list[Any]:
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, Spacer
    from reportlab.platypus import Table as RLTable

    styles = getSampleStyleSheet()
    loc, cur = report.locale, report.currency

    def money(value: Decimal) -> str:
        return format_money(value, cur, loc)

    def when(stored: str) -> str:
        moment = local_time(stored, settings)
        return f"{format_date(moment.date(), loc)} {moment:%H:%M}"

    def heading(text: str) -> list[Any]:
        return [Spacer(1, 8), Paragraph(_t(text), styles["Heading2"])]

    small = styles["BodyText"].clone("small", fontSize=8, leading=9.5)

    def cell(text: str) -> Any:
        return Paragraph(_t(text), small)

    story: list[Any] = [
        Paragraph(_t(f"{report.company} - RUC {report.tax_id}"), styles["Normal"]),
        Paragraph(_t(f"{w.title}: {format_date(report.business_date, loc)}"), styles["Title"]),
        Paragraph(_t(f"{report.branch_name} ({report.branch_code})"), styles["Normal"]),
        Paragraph(
            _t(w.generated.format(when=when(report.generated_at), who=report.generated_by or "-")),
            styles["Normal"],
        ),
    ]
    tables = EodTables(report, w, money, when)
    story += heading(w.summary)
    t = tables.summary()
    story.append(_table(t.header, t.rows, [80, 25, 40], bold_last=False))
    no_data = w.none
    charts = RLTable(
        [
            [
                aging_bars(
                    _plain(w.chart_aging),
                    [
                        _plain(bucket_name(b.bucket, w)) if b.bucket == "current" else b.bucket
                        for b in report.aging
                    ],  # short axis labels
                    [b.overdue for b in report.aging],
                    _plain(no_data),
                ),
                method_pie(
                    _plain(w.chart_methods),
                    [_plain(m.label) for m in report.by_method],
                    [m.amount for m in report.by_method],
                    _plain(no_data),
                ),
            ]
        ]
    )
    story += [Spacer(1, 8), charts]
    money_cols = [60, 15, 30, 15, 30, 30]
    story += heading(w.by_method)
    t = tables.by_method()
    story.append(_table(t.header, t.rows, money_cols))
    story += heading(w.by_cashier)
    t = tables.by_cashier()
    story.append(_table(t.header, t.rows, money_cols, bold_last=False))
    story += heading(f"{w.voids} ({report.voids_total.count})")
    if report.voids:
        story.append(
            _table(
                [w.receipt, w.amount, w.method, w.paid_on, w.approved_by, w.requested_by, w.reason],
                [
                    [
                        v.receipt_no,
                        money(v.amount),
                        v.method,
                        format_date(v.paid_on, loc),
                        v.approved_by,
                        v.requested_by,
                        cell(v.reason),
                    ]
                    for v in report.voids
                ],
                [30, 22, 20, 18, 20, 20, 50],
                bold_last=False,
                left=(0, 2, 3, 4, 5, 6),
            )
        )
    else:
        story.append(Paragraph(_t(no_data), styles["Normal"]))
    story += heading(f"{w.reprints} ({len(report.reprints)})")
    if report.reprints:
        t = tables.reprints()
        story.append(_table(t.header, t.rows, [40, 30, 30, 35], bold_last=False, left=(0, 1, 2)))
    else:
        story.append(Paragraph(_t(no_data), styles["Normal"]))
    story += heading(w.sessions)
    if report.sessions:
        t = tables.sessions(with_notes=True)
        rows: list[list[Any]] = [[*r[:6], cell(r[6]), r[7]] for r in t.rows]
        story.append(
            _table(t.header, rows, [13, 22, 22, 22, 22, 20, 45, 14], bold_last=False, left=(0, 1, 6))
        )
    else:
        story.append(Paragraph(_t(no_data), styles["Normal"]))
    story += heading(w.dues)
    dues_rows: list[list[Any]] = [[label, value] for label, value in tables.dues()]
    story.append(_table(["", ""], dues_rows, [110, 40], bold_last=False, header=False))
    story += heading(w.aging)
    t = tables.aging()
    story.append(_table(t.header, t.rows, [50, 25, 40, 50]))
    story.append(Paragraph(_t(w.aging_note), small))
    story += heading(w.chase)
    if report.chase:
        story.append(
            _table(
                [w.account, w.customer, w.phone, w.dpd, w.oldest_due, w.overdue],
                [
                    [
                        c.account_no,
                        cell(c.customer_name),
                        c.phone or "",
                        str(c.days_past_due),
                        format_date(c.oldest_due, loc),
                        money(c.overdue),
                    ]
                    for c in report.chase
                ],
                [28, 60, 22, 12, 24, 30],
                bold_last=False,
                left=(0, 1, 2),
            )
        )
    else:
        story.append(Paragraph(_t(no_data), styles["Normal"]))
    return story


def _table(
    headers: list[str],
    rows: list[list[Any]],
    widths_mm: Sequence[float],
    *,
    bold_last: bool = True,
    header: bool = True,
    left: tuple[int, ...] = (0,),
) -> Any:
    """A grid table: a bold header row, numbers right-aligned, optionally a bold total row."""
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    data = ([[_plain(h) for h in headers]] if header else []) + [
        [_plain(c) if isinstance(c, str) else c for c in row] for row in rows
    ]
    table = Table(data, colWidths=[x * mm for x in widths_mm], repeatRows=1 if header else 0)
    style: list[tuple[Any, ...]] = [
        ("FONT", (0, 0), (-1, -1), "Helvetica", 8),
        ("ALIGN", (0, 0), (-1, -1), "RIGHT"),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    style += [("ALIGN", (col, 0), (col, -1), "LEFT") for col in left]
    if header:
        style += [
            ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 8),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
        ]
    if bold_last and rows:
        style.append(("FONT", (0, -1), (-1, -1), "Helvetica-Bold", 8))
    table.setStyle(TableStyle(style))
    return table
