"""The end-of-day report's tables as rows of text, shared by the text and the PDF renderings.

Each method returns the header and the rows of one section, with money and times already formatted
by the functions the renderer passes in; the renderers only lay them out.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from app.reports.end_of_day import EndOfDayReport
from app.reports.eod_words import EodWords, bucket_name


@dataclass(frozen=True, slots=True)
class EodTable:
    header: list[str]
    rows: list[list[str]]


class EodTables:
    def __init__(
        self,
        report: EndOfDayReport,
        words: EodWords,
        money: Callable[[Decimal], str],
        when: Callable[[str], str],
    ) -> None:
        self.report = report
        self.w = words
        self.money = money
        self.when = when

    def summary(self) -> EodTable:
        r, w, m = self.report, self.w, self.money
        return EodTable(
            ["", w.count, w.amount],
            [
                [w.payments, str(r.payments.count), m(r.payments.amount)],
                [w.voids, str(r.voids_total.count), m(-r.voids_total.amount)],
                [w.net, "", m(r.net_collected)],
                [w.reprints, str(len(r.reprints)), ""],
            ],
        )

    def by_method(self) -> EodTable:
        r, w, m = self.report, self.w, self.money
        rows = [
            [x.label, str(x.count), m(x.amount), str(x.voids), m(x.voided), m(x.net)] for x in r.by_method
        ]
        total = [
            w.total,
            str(r.payments.count),
            m(r.payments.amount),
            str(r.voids_total.count),
            m(r.voids_total.amount),
            m(r.net_collected),
        ]
        return EodTable([w.method, w.count, w.amount, w.voids_short, w.voided, w.net_short], [*rows, total])

    def by_cashier(self) -> EodTable:
        r, w, m = self.report, self.w, self.money
        return EodTable(
            [w.cashier, w.count, w.amount, w.voids_short, w.voided, w.net_short],
            [
                [c.cashier, str(c.count), m(c.amount), str(c.voids), m(c.voided), m(c.net)]
                for c in r.by_cashier
            ],
        )

    def reprints(self) -> EodTable:
        w = self.w
        return EodTable(
            [w.receipt, w.kind, w.user, w.time],
            [
                [x.receipt_no, w.kind_void if x.kind == "void" else w.kind_payment, x.user, self.when(x.at)]
                for x in self.report.reprints
            ],
        )

    def sessions(self, *, with_notes: bool) -> EodTable:
        """Drawer sessions; ``with_notes`` puts the manager's note after the approver's name."""
        w, m = self.w, self.money
        return EodTable(
            [
                w.register,
                w.opened_by,
                w.float_amount,
                w.expected,
                w.counted,
                w.over_short,
                w.approved_by,
                w.z_no,
            ],
            [
                [
                    x.register,
                    x.opened_by,
                    m(x.float_amount),
                    m(x.expected),
                    m(x.counted) if x.counted is not None else w.status_open,
                    m(x.over_short) if x.over_short is not None else "",
                    f"{x.approved_by or ''} {x.note}".strip() if with_notes else x.approved_by or "",
                    f"{x.z_no:06d}" if x.z_no else "",
                ]
                for x in self.report.sessions
            ],
        )

    def dues(self) -> list[tuple[str, str]]:
        d, w, m = self.report.dues, self.w, self.money
        return [
            (w.due_installments, str(d.installments)),
            (w.due, m(d.due)),
            (w.due_paid, m(d.due_paid)),
            (w.due_paid_today, m(d.due_paid_today)),
            (w.efficiency, f"{d.efficiency_pct} %" if d.efficiency_pct is not None else "-"),
            (w.net, m(d.collected)),
            (
                w.collected_vs_due,
                f"{d.collected_vs_due_pct} %" if d.collected_vs_due_pct is not None else "-",
            ),
        ]

    def aging(self) -> EodTable:
        r, w, m = self.report, self.w, self.money
        rows = [[bucket_name(b.bucket, w), str(b.accounts), m(b.overdue), m(b.outstanding)] for b in r.aging]
        total = [w.total, str(r.portfolio_accounts), m(r.portfolio_overdue), m(r.portfolio_outstanding)]
        return EodTable([w.bucket, w.accounts, w.overdue, w.outstanding], [*rows, total])
