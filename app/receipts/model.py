"""What a printed document says: plain frozen dataclasses, money as ``Decimal``, never ``float``.

The payments service (or a test) builds a :class:`PaymentReceipt` or a :class:`VoidSlip`; the layout,
the ESC/POS builder and the PDF writer only read them. Construction validates what a printer could not
fix later: money fields must be finite ``Decimal`` values with no more decimals than the currency has,
timestamps must be timezone-aware, a card is never more than brand, last four digits and authorization
code. A violation raises ``TypeError`` (wrong type) or ``ValueError`` (wrong value) naming the field.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Literal

PaymentMethod = Literal["cash", "card", "wallet", "deposit"]
PAYMENT_METHODS: frozenset[str] = frozenset({"cash", "card", "wallet", "deposit"})

_CURRENCY = re.compile(r"^[A-Z]{3}$")
_LAST4 = re.compile(r"^\d{4}$")


@lru_cache(maxsize=16)
def currency_digits(currency: str) -> int:
    """Decimal places of ``currency`` from Babel's CLDR data (PEN and USD: 2, CLP: 0)."""
    from babel.numbers import get_currency_precision

    return int(get_currency_precision(currency))


def _check_money(name: str, value: object, currency: str, *, minimum: Decimal | None = None) -> None:
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite amount, not {value}")
    exponent = value.normalize().as_tuple().exponent  # "150.50" -> -1, "150.00" -> 2: trailing zeros are fine
    if isinstance(exponent, int) and -exponent > currency_digits(currency):
        raise ValueError(f"{name} has more decimals than {currency} allows: {value}")
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {value}")


def _check_aware(name: str, value: object) -> None:
    if not isinstance(value, datetime):
        raise TypeError(f"{name} must be a datetime, not {type(value).__name__}")
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (the branch's zone)")


def _check_currency(currency: str) -> None:
    if not _CURRENCY.match(currency):
        raise ValueError(f"currency must be an ISO 4217 code such as 'PEN', not {currency!r}")


def verification_payload(
    receipt_no: str, amount: Decimal, currency: str, account_no: str, issued_at: datetime
) -> str:
    """The text encoded in a receipt's QR code, e.g. ``ABONO1|B012-01-000123|0012345|2024-03-05|PEN|150.00``.

    Pipe-separated, ASCII, stable: version tag, receipt number, account, local business date, currency
    and amount with exactly the currency's decimals. Head office can look the receipt up by it.
    """
    _check_money("amount", amount, currency)
    places = currency_digits(currency)
    shown = amount.quantize(Decimal(1).scaleb(-places)) if places else amount.quantize(Decimal(1))
    return f"ABONO1|{receipt_no}|{account_no}|{issued_at.date().isoformat()}|{currency}|{shown}"


@dataclass(frozen=True, slots=True)
class CompanyHeader:
    """The company block at the top of every document."""

    trade_name: str
    tax_id: str  # RUC in Peru
    branch_name: str
    address: str
    phone: str = ""
    footer_lines: tuple[str, ...] = ()
    tax_id_label: str = "RUC"  # what the tax id is called where the branch is ("RUC", "RFC", "NIT")


@dataclass(frozen=True, slots=True)
class ReceiptAllocation:
    """The part of a payment applied to one installment."""

    installment_no: int
    due_date: date
    amount: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.due_date, date) or isinstance(self.due_date, datetime):
            raise TypeError("due_date must be a date")
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"allocation amount must be a Decimal, not {type(self.amount).__name__}")


@dataclass(frozen=True, slots=True)
class PaymentReceipt:
    """A payment receipt as printed at the counter (and reprinted as a COPY).

    ``verification`` is the QR payload (see :func:`verification_payload`). ``tendered``/``change`` are
    for cash; ``card_brand``/``card_last4``/``auth_code`` for card; ``operation_number`` for wallet and
    deposit. ``balance_after`` may be negative: a credit balance in the customer's favour.
    """

    company: CompanyHeader
    receipt_no: str
    issued_at: datetime
    cashier: str
    register: str
    customer_name: str
    doc_type: str
    doc_number: str
    account_no: str
    amount: Decimal
    method: PaymentMethod
    method_label: str
    balance_after: Decimal
    verification: str
    allocations: tuple[ReceiptAllocation, ...] = ()
    currency: str = "PEN"
    locale: str = "es_PE"
    tendered: Decimal | None = None
    change: Decimal | None = None
    card_brand: str | None = None
    card_last4: str | None = None
    auth_code: str | None = None
    operation_number: str | None = None
    next_due_date: date | None = None
    next_due_amount: Decimal | None = None
    still_overdue_amount: Decimal = field(default_factory=lambda: Decimal("0.00"))
    copy: bool = False
    reprinted_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_currency(self.currency)
        _check_aware("issued_at", self.issued_at)
        if self.method not in PAYMENT_METHODS:
            raise ValueError(f"method must be one of {sorted(PAYMENT_METHODS)}, not {self.method!r}")
        _check_money("amount", self.amount, self.currency, minimum=Decimal(0))
        if self.amount == 0:
            raise ValueError("amount must be more than zero")
        _check_money("balance_after", self.balance_after, self.currency)
        _check_money("still_overdue_amount", self.still_overdue_amount, self.currency, minimum=Decimal(0))
        for name in ("tendered", "change", "next_due_amount"):
            value = getattr(self, name)
            if value is not None:
                _check_money(name, value, self.currency, minimum=Decimal(0))
        for allocation in self.allocations:
            _check_money("allocation amount", allocation.amount, self.currency, minimum=Decimal(0))
        if sum((a.amount for a in self.allocations), Decimal(0)) > self.amount:
            raise ValueError("the allocations add up to more than the amount paid")
        if self.tendered is not None and self.tendered < self.amount:
            raise ValueError("tendered must cover the amount paid")
        if (
            self.tendered is not None
            and self.change is not None
            and self.tendered - self.amount != self.change
        ):
            raise ValueError("change must equal tendered minus amount")
        if self.card_last4 is not None and not _LAST4.match(self.card_last4):
            raise ValueError("card_last4 must be exactly the last four digits of the card")
        if self.reprinted_at is not None:
            _check_aware("reprinted_at", self.reprinted_at)

    def as_copy(self, reprinted_at: datetime) -> PaymentReceipt:
        """The same receipt marked COPY, reprinted at ``reprinted_at``."""
        return dataclasses.replace(self, copy=True, reprinted_at=reprinted_at)


@dataclass(frozen=True, slots=True)
class VoidSlip:
    """The slip printed when a manager voids a payment (a reversal record; the payment stays)."""

    company: CompanyHeader
    receipt_no: str  # the voided payment's receipt
    voided_at: datetime
    amount: Decimal
    method: PaymentMethod
    method_label: str
    customer_name: str
    account_no: str
    approved_by: str
    reason: str
    cashier: str
    register: str
    currency: str = "PEN"
    locale: str = "es_PE"
    copy: bool = False
    reprinted_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_currency(self.currency)
        _check_aware("voided_at", self.voided_at)
        if self.method not in PAYMENT_METHODS:
            raise ValueError(f"method must be one of {sorted(PAYMENT_METHODS)}, not {self.method!r}")
        _check_money("amount", self.amount, self.currency, minimum=Decimal(0))
        if not self.reason.strip():
            raise ValueError("a void needs a reason")
        if not self.approved_by.strip():
            raise ValueError("a void needs the manager who approved it")
        if self.reprinted_at is not None:
            _check_aware("reprinted_at", self.reprinted_at)

    def as_copy(self, reprinted_at: datetime) -> VoidSlip:
        """The same slip marked COPY, reprinted at ``reprinted_at``."""
        return dataclasses.replace(self, copy=True, reprinted_at=reprinted_at)


@dataclass(frozen=True, slots=True)
class TestPage:
    """The page ``abono printer test`` prints: the header, the printer's settings, every Spanish
    character, a column ruler, a right-aligned amount, a QR code and the cut."""

    company: CompanyHeader
    printed_at: datetime
    printer: str  # as PrinterSettings.describe() names it
    width: int
    codepage: str
    currency: str = "PEN"
    locale: str = "es_PE"

    def __post_init__(self) -> None:
        _check_currency(self.currency)
        _check_aware("printed_at", self.printed_at)


@dataclass(frozen=True, slots=True)
class ReportLine:
    """One row of a report's table: a label (a payment method, a cashier, an aging bucket), how many,
    and how much."""

    label: str
    count: int
    amount: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal):
            raise TypeError(f"report line amount must be a Decimal, not {type(self.amount).__name__}")


@dataclass(frozen=True, slots=True)
class CashMoveLine:
    """Cash put into (positive) or taken out of (negative) the drawer by a manager, with the reason."""

    amount: Decimal
    reason: str
    manager: str


@dataclass(frozen=True, slots=True)
class DrawerReport:
    """The X report (``kind="X"``: a drawer session's figures at any time, changing nothing) or the Z
    report (``kind="Z"``: the numbered, final report of a closed session) as printed on the receipt
    printer. ``float_counts`` are (denomination, quantity) pairs. An X of an open session has no
    close figures; a Z always has them and its number."""

    company: CompanyHeader
    kind: Literal["X", "Z"]
    register: str
    business_date: date
    printed_at: datetime
    opened_by: str
    opened_at: datetime
    float_amount: Decimal
    float_counts: tuple[tuple[Decimal, int], ...]
    cash_payments: int
    cash_received: Decimal
    tendered: Decimal
    change_given: Decimal
    cash_voids: int
    cash_refunded: Decimal
    moves: tuple[CashMoveLine, ...]
    expected: Decimal
    by_method: tuple[ReportLine, ...]
    voids: int
    z_no: int | None = None
    issued_by: str | None = None
    closed_by: str | None = None
    closed_at: datetime | None = None
    counted: Decimal | None = None
    over_short: Decimal | None = None
    approved_by: str | None = None
    note: str = ""
    currency: str = "PEN"
    locale: str = "es_PE"
    copy: bool = False
    reprinted_at: datetime | None = None

    def __post_init__(self) -> None:
        _check_currency(self.currency)
        if self.kind not in ("X", "Z"):
            raise ValueError(f"kind must be 'X' or 'Z', not {self.kind!r}")
        for name in ("printed_at", "opened_at"):
            _check_aware(name, getattr(self, name))
        for name in ("float_amount", "cash_received", "tendered", "change_given", "cash_refunded"):
            _check_money(name, getattr(self, name), self.currency, minimum=Decimal(0))
        _check_money("expected", self.expected, self.currency)
        for name in ("counted", "over_short"):
            value = getattr(self, name)
            if value is not None:
                _check_money(name, value, self.currency)
        for move in self.moves:
            _check_money("move amount", move.amount, self.currency)
        for line in self.by_method:
            _check_money("method amount", line.amount, self.currency)
        if self.closed_at is not None:
            _check_aware("closed_at", self.closed_at)
        if self.kind == "Z" and (self.z_no is None or self.closed_at is None or self.counted is None):
            raise ValueError("a Z report has a number and the close of its session")
        if self.reprinted_at is not None:
            _check_aware("reprinted_at", self.reprinted_at)

    def as_copy(self, reprinted_at: datetime) -> DrawerReport:
        """The same report marked COPY, reprinted at ``reprinted_at``."""
        return dataclasses.replace(self, copy=True, reprinted_at=reprinted_at)


@dataclass(frozen=True, slots=True)
class DrawerCloseLine:
    """A drawer session of the day on the end-of-day slip; ``counted``/``over_short`` are None while open."""

    register: str
    opened_by: str
    expected: Decimal
    counted: Decimal | None
    over_short: Decimal | None


@dataclass(frozen=True, slots=True)
class DayReport:
    """The short end-of-day collection report for the receipt printer (the full one is a PDF).

    ``efficiency_pct`` is None when nothing fell due that day (no division by zero). ``aging`` lines
    count accounts and sum what is overdue per bucket; ``chase`` lines are the first accounts to chase
    (label: account and customer; count: days past due; amount: overdue)."""

    company: CompanyHeader
    business_date: date
    generated_at: datetime
    generated_by: str
    payments: int
    payments_amount: Decimal
    voids: int
    voids_amount: Decimal
    net_collected: Decimal
    reprints: int
    by_method: tuple[ReportLine, ...]
    by_cashier: tuple[ReportLine, ...]
    sessions: tuple[DrawerCloseLine, ...]
    due_amount: Decimal
    due_paid: Decimal
    efficiency_pct: Decimal | None
    aging: tuple[ReportLine, ...]
    chase: tuple[ReportLine, ...] = ()
    currency: str = "PEN"
    locale: str = "es_PE"

    def __post_init__(self) -> None:
        _check_currency(self.currency)
        _check_aware("generated_at", self.generated_at)
        for name in ("payments_amount", "voids_amount", "due_amount", "due_paid"):
            _check_money(name, getattr(self, name), self.currency, minimum=Decimal(0))
        _check_money("net_collected", self.net_collected, self.currency)
        for line in (*self.by_method, *self.by_cashier, *self.aging, *self.chase):
            _check_money("line amount", line.amount, self.currency)


Document = PaymentReceipt | VoidSlip | TestPage | DrawerReport | DayReport
