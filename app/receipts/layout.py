"""What goes on the paper, independent of the printer: a short list of abstract lines.

:func:`layout` turns a :class:`PaymentReceipt`, :class:`VoidSlip`, :class:`TestPage`, an X or Z
:class:`DrawerReport` or the end-of-day :class:`DayReport` into items (text with alignment,
bold and double size; separators; two-column rows with a right-aligned amount; a QR code; a logo slot;
a drawer kick; a cut). :func:`rows` wraps one item into the rows a printer of ``width`` columns prints;
:func:`render_text` is the plain-text rendering used by ``abono receipt show``, the golden tests and
the PDF. Every row fits the width: long names, addresses and footers wrap, a word longer than a row is
broken, and double-size text wraps at half the width. The ESC/POS builder and the PDF writer walk the
same items, so the three outputs say the same thing.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Literal

from app.receipts.formatting import format_date, format_datetime, format_money, mask_document
from app.receipts.labels import Labels, labels_for
from app.receipts.model import (
    CompanyHeader,
    DayReport,
    Document,
    DrawerReport,
    PaymentReceipt,
    ReportLine,
    TestPage,
    VoidSlip,
)
from app.receipts.text import clean

Align = Literal["left", "center", "right"]
MIN_WIDTH = 24
MAX_WIDTH = 80


@dataclass(frozen=True, slots=True)
class Text:
    """A paragraph; wrapped on word boundaries."""

    text: str
    align: Align = "left"
    bold: bool = False
    double: bool = False  # double width and height: half as many columns


@dataclass(frozen=True, slots=True)
class Columns:
    """A label on the left and a value (usually an amount) flush right."""

    left: str
    right: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """A full-width separator made of ``char``."""

    char: str = "-"


@dataclass(frozen=True, slots=True)
class Feed:
    """Blank lines."""

    lines: int = 1


@dataclass(frozen=True, slots=True)
class Qr:
    """A QR code carrying ``payload``, centred."""

    payload: str


@dataclass(frozen=True, slots=True)
class Logo:
    """Where the company logo goes, if the printer job has one."""


@dataclass(frozen=True, slots=True)
class DrawerKick:
    """Open the cash drawer (cash payments and cash voids, never for a copy)."""


@dataclass(frozen=True, slots=True)
class Cut:
    """Feed past the tear bar and cut the paper."""


Item = Text | Columns | Rule | Feed | Qr | Logo | DrawerKick | Cut


def check_width(width: int) -> int:
    """``width`` if a receipt can be laid out in that many columns, else ``ValueError``."""
    if not isinstance(width, int) or not MIN_WIDTH <= width <= MAX_WIDTH:
        raise ValueError(f"receipt width must be {MIN_WIDTH}..{MAX_WIDTH} columns, not {width!r}")
    return width


def layout(document: Document, language: str = "es") -> tuple[Item, ...]:
    """The items of ``document`` with labels in ``language`` ("es" or "en"); text is cleaned."""
    words = labels_for(language)
    if isinstance(document, PaymentReceipt):
        items = _payment_items(document, words)
    elif isinstance(document, VoidSlip):
        items = _void_items(document, words)
    elif isinstance(document, TestPage):
        items = _test_items(document, words)
    elif isinstance(document, DrawerReport):
        items = _drawer_report_items(document, words)
    elif isinstance(document, DayReport):
        items = _day_report_items(document, words)
    else:
        raise TypeError(f"cannot lay out {type(document).__name__}")
    return tuple(map_text(items, clean))


def map_text(items: Iterable[Item], convert: Callable[[str], str]) -> list[Item]:
    """The items with ``convert`` applied to every piece of printed text (e.g. a code page fit)."""
    out: list[Item] = []
    for item in items:
        if isinstance(item, Text):
            out.append(replace(item, text=convert(item.text)))
        elif isinstance(item, Columns):
            out.append(replace(item, left=convert(item.left), right=convert(item.right)))
        else:
            out.append(item)
    return out


def rows(item: Item, width: int) -> list[str]:
    """The printed rows of ``item`` at ``width`` columns; none longer than ``width``.

    Text rows are not padded (the printer aligns them; :func:`render_text` pads them); two-column rows
    and rules are full width. Double-size text counts double. Non-printing items give no rows.
    """
    if isinstance(item, Text):
        return _wrap(item.text, width // 2 if item.double else width)
    if isinstance(item, Columns):
        return _columns(item.left, item.right, width)
    if isinstance(item, Rule):
        return [(item.char * width)[:width]]
    if isinstance(item, Feed):
        return [""] * item.lines
    return []


def render_lines(items: Iterable[Item], width: int) -> list[str]:
    """Plain-text rows of ``items``: aligned, right-stripped, each at most ``width`` long."""
    check_width(width)
    out: list[str] = []
    for item in items:
        if isinstance(item, Qr):
            out.append(_pad("[QR]", width, "center"))
            chunks = [item.payload[i : i + width] for i in range(0, len(item.payload), width)]
            out.extend(_pad(chunk, width, "center") for chunk in chunks)
            continue
        align: Align = item.align if isinstance(item, Text) else "left"
        for row in rows(item, width):
            shown = row
            if isinstance(item, Text) and item.double:
                # Each character is two columns on paper; the text rendering shows it spaced out.
                shown = " ".join(row) if len(row) * 2 - 1 <= width else row
            out.append(_pad(shown, width, align))
    return out


def render_text(document: Document, width: int = 42, language: str = "es") -> str:
    """The plain-text rendering of ``document`` at ``width`` columns, one ``\\n`` after each row."""
    return "\n".join(render_lines(layout(document, language), width)) + "\n"


def _pad(row: str, width: int, align: Align) -> str:
    if align == "center":
        row = " " * ((width - len(row)) // 2) + row
    elif align == "right":
        row = " " * (width - len(row)) + row
    return row.rstrip()


def _wrap(text: str, width: int) -> list[str]:
    if not text.strip():
        return [""]
    return textwrap.wrap(text, width, break_long_words=True, break_on_hyphens=False) or [""]


def _columns(left: str, right: str, width: int) -> list[str]:
    right = right.strip()
    if len(right) > width:
        return _wrap(left, width) + [r.rjust(width) for r in _wrap(right, width)]
    if len(left) + 1 + len(right) <= width:
        return [left + " " * (width - len(left) - len(right)) + right]
    lines = _wrap(left, width)
    last = lines[-1]
    if len(last) + 1 + len(right) <= width:
        lines[-1] = last + " " * (width - len(last) - len(right)) + right
    else:
        lines.append(right.rjust(width))
    return lines


def _company(company: CompanyHeader, words: Labels) -> list[Item]:
    items: list[Item] = [Logo(), Text(company.trade_name, "center", bold=True)]
    items.append(Text(f"{company.tax_id_label} {company.tax_id}", "center"))
    if company.branch_name:
        items.append(Text(company.branch_name, "center"))
    if company.address:
        items.append(Text(company.address, "center"))
    if company.phone:
        items.append(Text(words.phone.format(phone=company.phone), "center"))
    return items


def _title(title: str, number: str, copy: bool, reprinted: str | None, words: Labels) -> list[Item]:
    items: list[Item] = [Rule(), Text(title, "center", bold=True, double=True)]
    if number:
        items.append(Text(number, "center", bold=True))
    if copy:
        items.append(Text(words.copy, "center", bold=True))
        if reprinted:
            items.append(Text(words.reprinted.format(when=reprinted), "center"))
    return items


def _payment_items(r: PaymentReceipt, words: Labels) -> list[Item]:
    def money(amount: Decimal) -> str:
        return format_money(amount, r.currency, r.locale)

    items: list[Item] = []
    if r.method == "cash" and not r.copy:
        items.append(DrawerKick())
    items += _company(r.company, words)
    reprinted = format_datetime(r.reprinted_at, r.locale) if r.reprinted_at else None
    items += _title(words.receipt_title, r.receipt_no, r.copy, reprinted, words)
    items += [
        Rule(),
        Columns(words.date, format_datetime(r.issued_at, r.locale)),
        Columns(words.register, r.register),
        Columns(words.cashier, r.cashier),
        Rule(),
        Text(f"{words.customer} {r.customer_name}"),
        Text(f"{r.doc_type}: {mask_document(r.doc_number)}"),
        Text(f"{words.account} {r.account_no}"),
        Rule(),
    ]
    if r.allocations:
        items.append(Text(words.applied_to))
        for a in r.allocations:
            label = words.installment.format(number=a.installment_no, due=format_date(a.due_date, r.locale))
            items.append(Columns(label, money(a.amount)))
        items.append(Rule())
    items += [Columns(words.total_paid, money(r.amount), bold=True), Columns(words.method, r.method_label)]
    if r.tendered is not None:
        items.append(Columns(words.tendered, money(r.tendered)))
    if r.change is not None:
        items.append(Columns(words.change, money(r.change)))
    if r.card_brand or r.card_last4:
        card = " ".join(
            part for part in (r.card_brand, f"****{r.card_last4}" if r.card_last4 else "") if part
        )
        items.append(Columns(words.card, card))
    if r.auth_code:
        items.append(Columns(words.auth_code, r.auth_code))
    if r.operation_number:
        items.append(Columns(words.operation, r.operation_number))
    items.append(Rule())
    if r.balance_after < 0:
        items.append(Columns(words.credit_balance, money(-r.balance_after)))
    else:
        items.append(Columns(words.balance, money(r.balance_after)))
    if r.next_due_date is not None:
        label = words.next_due.format(due=format_date(r.next_due_date, r.locale))
        items.append(Columns(label, money(r.next_due_amount) if r.next_due_amount is not None else ""))
    if r.still_overdue_amount > 0:
        notice = words.overdue_notice.format(amount=money(r.still_overdue_amount))
        items += [Feed(), Text(notice, "center", bold=True)]
    items += [Feed(), Qr(r.verification)]
    if r.company.footer_lines:
        items.append(Feed())
        items += [Text(line, "center") for line in r.company.footer_lines]
    items.append(Cut())
    return items


def _void_items(v: VoidSlip, words: Labels) -> list[Item]:
    items: list[Item] = []
    if v.method == "cash" and not v.copy:
        items.append(DrawerKick())  # the cash goes back to the customer
    items += _company(v.company, words)
    reprinted = format_datetime(v.reprinted_at, v.locale) if v.reprinted_at else None
    items += _title(words.void_title, "", v.copy, reprinted, words)
    items += [
        Rule(),
        Columns(words.void_date, format_datetime(v.voided_at, v.locale)),
        Columns(words.register, v.register),
        Columns(words.cashier, v.cashier),
        Rule(),
        Columns(words.voided_receipt, v.receipt_no),
        Text(f"{words.customer} {v.customer_name}"),
        Text(f"{words.account} {v.account_no}"),
        Rule(),
        Columns(words.amount_voided, format_money(v.amount, v.currency, v.locale), bold=True),
        Columns(words.method, v.method_label),
        Text(f"{words.reason} {v.reason}"),
        Text(f"{words.approved_by} {v.approved_by}"),
        Feed(3),
        Rule("_"),
        Text(words.customer_signature, "center"),
        Cut(),
    ]
    return items


SPANISH_CHARACTERS = "ñ Ñ á é í ó ú Á É Í Ó Ú ü Ü ¿ ¡ € °"


def _test_items(t: TestPage, words: Labels) -> list[Item]:
    ruler = "".join(str(i % 10) for i in range(1, t.width + 1))
    return [
        *_company(t.company, words),
        *_title(words.test_title, "", False, None, words),
        Rule(),
        Columns(words.date, format_datetime(t.printed_at, t.locale)),
        Text(f"{words.test_printer} {t.printer}"),
        Text(words.test_settings.format(width=t.width, codepage=t.codepage)),
        Rule(),
        Text(words.test_characters),
        Text(SPANISH_CHARACTERS, "center", bold=True),
        Text("¡Señor Núñez: cañón, pingüino y año!", "center"),
        Text(ruler),
        Columns(words.total_paid, format_money(Decimal("1234.50"), t.currency, t.locale), bold=True),
        Feed(),
        Text(words.test_ok, "center"),
        Feed(),
        Qr(f"ABONO-TEST|{t.printer}|{t.width}|{t.codepage}"),
        Cut(),
    ]


def _lines(lines: Iterable[ReportLine], words: Labels, money: Callable[[Decimal], str]) -> list[Item]:
    return [
        Columns(words.line_count.format(label=line.label, count=line.count), money(line.amount))
        for line in lines
    ]


def _drawer_report_items(r: DrawerReport, words: Labels) -> list[Item]:
    def money(amount: Decimal) -> str:
        return format_money(amount, r.currency, r.locale)

    def when(moment: datetime) -> str:
        return format_datetime(moment, r.locale)

    title = words.x_title if r.kind == "X" else words.z_title
    number = words.z_number.format(number=f"{r.z_no:06d}") if r.z_no is not None else ""
    reprinted = when(r.reprinted_at) if r.reprinted_at else None
    items: list[Item] = [
        *_company(r.company, words),
        *_title(title, number, r.copy, reprinted, words),
        Rule(),
    ]
    items += [
        Columns(words.date, when(r.printed_at)),
        Columns(words.register, r.register),
        Columns(words.business_day, format_date(r.business_date, r.locale)),
        Text(f"{words.opened} {r.opened_by} {when(r.opened_at)}"),
    ]
    if r.closed_at is not None:
        items.append(Text(f"{words.closed} {r.closed_by or ''} {when(r.closed_at)}"))
    else:
        items.append(Text(words.still_open, bold=True))
    if r.issued_by:
        items.append(Text(f"{words.issued_by} {r.issued_by}"))
    items += [Rule(), Columns(words.float_title, money(r.float_amount), bold=True)]
    items += [Columns(f"  {money(d)} x {n}", money(d * n)) for d, n in r.float_counts if n]
    items += [
        Rule(),
        Text(words.cash_title, bold=True),
        Columns(words.cash_payments.format(count=r.cash_payments), money(r.cash_received)),
        Columns(f"  {words.cash_tendered}", money(r.tendered)),
        Columns(f"  {words.cash_change}", money(r.change_given)),
        Columns(words.cash_refunded.format(count=r.cash_voids), money(-r.cash_refunded)),
    ]
    for move in r.moves:
        template = words.cash_in if move.amount > 0 else words.cash_out
        items.append(Columns(template.format(reason=move.reason, manager=move.manager), money(move.amount)))
    items += [Rule(), Columns(words.expected, money(r.expected), bold=True)]
    if r.counted is not None:
        items.append(Columns(words.counted, money(r.counted)))
    if r.over_short is not None:
        items.append(Columns(words.over_short, money(r.over_short), bold=True))
    if r.approved_by:
        items.append(Text(f"{words.approved_by} {r.approved_by}"))
    if r.note:
        items.append(Text(f"{words.note} {r.note}"))
    items += [Rule(), Text(words.by_method_title, bold=True), *_lines(r.by_method, words, money)]
    items += [Text(words.voids_count.format(count=r.voids)), Feed(), Cut()]
    return items


def _day_report_items(r: DayReport, words: Labels) -> list[Item]:
    def money(amount: Decimal) -> str:
        return format_money(amount, r.currency, r.locale)

    items: list[Item] = [*_company(r.company, words), *_title(words.day_title, "", False, None, words)]
    items += [
        Text(format_date(r.business_date, r.locale), "center", bold=True),
        Rule(),
        Columns(words.generated, format_datetime(r.generated_at, r.locale)),
        Columns(words.generated_by, r.generated_by or "-"),
        Rule(),
        Columns(words.payments_total.format(count=r.payments), money(r.payments_amount)),
        Columns(words.voids_total.format(count=r.voids), money(-r.voids_amount)),
        Columns(words.net_collected, money(r.net_collected), bold=True),
        Text(words.reprints.format(count=r.reprints)),
        Rule(),
        Text(words.by_method_title, bold=True),
        *_lines(r.by_method, words, money),
        Text(words.by_cashier_title, bold=True),
        *_lines(r.by_cashier, words, money),
    ]
    if r.sessions:
        items += [Rule(), Text(words.sessions_title, bold=True)]
        for session in r.sessions:
            items.append(
                Text(words.session_line.format(register=session.register, opened_by=session.opened_by))
            )
            items.append(Columns(f"  {words.expected.capitalize()}", money(session.expected)))
            counted = money(session.counted) if session.counted is not None else words.session_open
            items.append(Columns(f"  {words.counted}", counted))
            if session.over_short is not None:
                items.append(Columns(f"  {words.over_short}", money(session.over_short)))
    efficiency = f"{r.efficiency_pct} %" if r.efficiency_pct is not None else "-"
    items += [
        Rule(),
        Text(words.dues_title, bold=True),
        Columns(words.due_today, money(r.due_amount)),
        Columns(words.due_paid, money(r.due_paid)),
        Columns(words.efficiency, efficiency, bold=True),
        Rule(),
        Text(words.aging_title, bold=True),
    ]
    for line in r.aging:
        label = words.aging_current if line.label == "current" else words.aging_days.format(bucket=line.label)
        items.append(Columns(words.line_count.format(label=label, count=line.count), money(line.amount)))
    if r.chase:
        items += [Rule(), Text(words.chase_title, bold=True)]
        for line in r.chase:
            items += [
                Text(line.label),
                Columns(f"  {words.chase_days.format(days=line.count)}", money(line.amount)),
            ]
    items += [Feed(), Cut()]
    return items
