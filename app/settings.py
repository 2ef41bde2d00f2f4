"""Branch configuration: identity, currency and locale, payment methods, late-fee and allocation policy.

Settings live in the branch database (table ``settings``, one JSON value per key) so that every process
on the branch sees the same policy. :class:`BranchSettings` is the frozen, validated view of them; the
defaults below are the documented defaults for a Peruvian branch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from app.errors import InvalidInput

METHOD_KINDS = ("cash", "card", "wallet", "deposit")
COMPONENTS = ("late_fee", "interest", "principal")


@dataclass(frozen=True, slots=True)
class PaymentMethod:
    """A way to pay that the branch accepts. ``kind`` decides which details the payment must carry:
    cash (tendered and change), card (brand, last four, authorization code), wallet and deposit
    (operation number)."""

    code: str
    kind: str
    label_es: str
    label_en: str

    def label(self, lang: str = "es") -> str:
        return self.label_en if lang.startswith("en") else self.label_es


DEFAULT_METHODS: tuple[PaymentMethod, ...] = (
    PaymentMethod("cash", "cash", "Efectivo", "Cash"),
    PaymentMethod("card", "card", "Tarjeta", "Card"),
    PaymentMethod("yape", "wallet", "Yape", "Yape"),
    PaymentMethod("plin", "wallet", "Plin", "Plin"),
    PaymentMethod("deposit", "deposit", "Depósito bancario", "Bank deposit"),
)


@dataclass(frozen=True, slots=True)
class LateFeePolicy:
    """How late fees accrue on an installment that is not fully paid.

    Once an installment is more than ``grace_days`` past its due date and still owes principal or
    interest, it owes ``fixed_fee`` once, plus ``monthly_rate_pct`` percent per 30 days (simple, by
    day) of what it still owes of principal and interest, counted from the due date. Fees already paid
    are subtracted; when the installment's principal and interest are fully paid no further fee is owed.
    Defaults: 3 days of grace, S/ 5.00 per late installment, no rate.
    """

    grace_days: int = 3
    fixed_fee: Decimal = Decimal("5.00")
    monthly_rate_pct: Decimal = Decimal("0")


@dataclass(frozen=True, slots=True)
class AllocationPolicy:
    """In which order a payment pays what is owed.

    ``mode="installment"`` (default) pays each installment whole, oldest first, in ``components`` order
    within it (late fee, then interest, then principal). ``mode="component"`` pays the first component
    of every installment, oldest first, then the second, and so on. ``allow_credit_balance`` lets money
    beyond the payoff stay on the account as a credit; otherwise such an amount is refused.
    """

    mode: str = "installment"
    components: tuple[str, ...] = COMPONENTS
    allow_credit_balance: bool = False


PEN_DENOMINATIONS: tuple[Decimal, ...] = tuple(
    Decimal(d) for d in ("200", "100", "50", "20", "10", "5", "2", "1", "0.50", "0.20", "0.10")
)


@dataclass(frozen=True, slots=True)
class DrawerPolicy:
    """Cash drawer rules. ``denominations`` are the notes and coins counted (PEN by default);
    ``over_short_threshold``: a close whose count differs from the expected cash by more than this needs
    a manager's approval with a note; ``cash_requires_open_drawer``: cash payments and cash voids are
    refused while the register's drawer is not open."""

    denominations: tuple[Decimal, ...] = PEN_DENOMINATIONS
    over_short_threshold: Decimal = Decimal("10.00")
    cash_requires_open_drawer: bool = True


@dataclass(frozen=True, slots=True)
class CompanyInfo:
    """What the receipt header and footer say."""

    trade_name: str = "Abono Demo S.A.C."
    tax_id: str = "20100000001"
    address: str = ""
    phone: str = ""
    footer: str = "Gracias por su pago. Conserve este comprobante."


@dataclass(frozen=True, slots=True)
class BranchSettings:
    """The branch's identity and policies. ``language`` is the first two letters of ``locale``."""

    branch_code: str
    branch_name: str
    register: str = "01"
    currency: str = "PEN"
    locale: str = "es_PE"
    timezone: str = "America/Lima"
    payment_methods: tuple[PaymentMethod, ...] = DEFAULT_METHODS
    late_fee: LateFeePolicy = field(default_factory=LateFeePolicy)
    allocation: AllocationPolicy = field(default_factory=AllocationPolicy)
    company: CompanyInfo = field(default_factory=CompanyInfo)
    printer_uri: str | None = None  # e.g. "tcp://192.168.1.50:9100?width=48"; see app.receipts.settings
    drawer: DrawerPolicy = field(default_factory=DrawerPolicy)

    @property
    def language(self) -> str:
        return "en" if self.locale.lower().startswith("en") else "es"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def method(self, code: str) -> PaymentMethod:
        """The configured method ``code``; ``InvalidInput`` naming the choices if there is none."""
        for m in self.payment_methods:
            if m.code == code.strip().lower():
                return m
        raise InvalidInput(
            "unknown_method", method=code, choices=", ".join(m.code for m in self.payment_methods)
        )

    def with_changes(self, **changes: Any) -> BranchSettings:
        return replace(self, **changes)


_BRANCH_CODE = re.compile(r"^[A-Z0-9]{2,8}$")
_REGISTER = re.compile(r"^\d{2}$")


def validate_identity(branch_code: str, register: str, currency: str, locale: str, timezone: str) -> None:
    """Refuse with ``InvalidInput`` a branch code, register, currency, locale or time zone that is not valid."""
    from babel import Locale, UnknownLocaleError
    from babel.numbers import get_currency_name

    if not _BRANCH_CODE.match(branch_code):
        raise InvalidInput("branch_code_invalid", code=branch_code)
    if not _REGISTER.match(register):
        raise InvalidInput("register_invalid", code=register)
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise InvalidInput("locale_invalid", code=locale) from None
    if not re.fullmatch(r"[A-Z]{3}", currency) or get_currency_name(currency, locale="en") == currency:
        raise InvalidInput("currency_invalid", code=currency)
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InvalidInput("timezone_invalid", code=timezone) from None


def settings_to_json(s: BranchSettings) -> dict[str, Any]:
    """The settings as JSON-ready values (money as strings), one entry per stored key."""
    return {
        "branch_code": s.branch_code,
        "branch_name": s.branch_name,
        "register": s.register,
        "currency": s.currency,
        "locale": s.locale,
        "timezone": s.timezone,
        "payment_methods": [
            {"code": m.code, "kind": m.kind, "label_es": m.label_es, "label_en": m.label_en}
            for m in s.payment_methods
        ],
        "late_fee": {
            "grace_days": s.late_fee.grace_days,
            "fixed_fee": str(s.late_fee.fixed_fee),
            "monthly_rate_pct": str(s.late_fee.monthly_rate_pct),
        },
        "allocation": {
            "mode": s.allocation.mode,
            "components": list(s.allocation.components),
            "allow_credit_balance": s.allocation.allow_credit_balance,
        },
        "company": {
            "trade_name": s.company.trade_name,
            "tax_id": s.company.tax_id,
            "address": s.company.address,
            "phone": s.company.phone,
            "footer": s.company.footer,
        },
        "printer": {"uri": s.printer_uri},
        "drawer": {
            "denominations": [str(d) for d in s.drawer.denominations],
            "over_short_threshold": str(s.drawer.over_short_threshold),
            "cash_requires_open_drawer": s.drawer.cash_requires_open_drawer,
        },
    }


def settings_from_json(d: dict[str, Any]) -> BranchSettings:
    """Inverse of :func:`settings_to_json`; missing policy keys take the documented defaults."""
    methods = (
        tuple(
            PaymentMethod(m["code"], m["kind"], m["label_es"], m["label_en"])
            for m in d.get("payment_methods") or []
        )
        or DEFAULT_METHODS
    )
    for m in methods:
        if m.kind not in METHOD_KINDS:
            raise InvalidInput("field_invalid", field="payment_methods.kind", value=m.kind)
    lf = d.get("late_fee") or {}
    al = d.get("allocation") or {}
    co = d.get("company") or {}
    components = tuple(al.get("components") or COMPONENTS)
    if sorted(components) != sorted(COMPONENTS):
        raise InvalidInput("field_invalid", field="allocation.components", value=",".join(components))
    mode = al.get("mode", "installment")
    if mode not in ("installment", "component"):
        raise InvalidInput("field_invalid", field="allocation.mode", value=mode)
    return BranchSettings(
        branch_code=d["branch_code"],
        branch_name=d["branch_name"],
        register=d.get("register", "01"),
        currency=d.get("currency", "PEN"),
        locale=d.get("locale", "es_PE"),
        timezone=d.get("timezone", "America/Lima"),
        payment_methods=methods,
        late_fee=LateFeePolicy(
            grace_days=int(lf.get("grace_days", 3)),
            fixed_fee=Decimal(lf.get("fixed_fee", "5.00")),
            monthly_rate_pct=Decimal(lf.get("monthly_rate_pct", "0")),
        ),
        allocation=AllocationPolicy(
            mode=mode, components=components, allow_credit_balance=bool(al.get("allow_credit_balance", False))
        ),
        company=CompanyInfo(**{k: v for k, v in co.items() if k in CompanyInfo.__slots__}),
        printer_uri=(d.get("printer") or {}).get("uri"),
        drawer=_drawer_policy(d.get("drawer") or {}),
    )


def _drawer_policy(d: dict[str, Any]) -> DrawerPolicy:
    denominations = tuple(Decimal(x) for x in d.get("denominations") or ()) or PEN_DENOMINATIONS
    return DrawerPolicy(
        denominations=tuple(sorted(set(denominations), reverse=True)),
        over_short_threshold=Decimal(d.get("over_short_threshold", "10.00")),
        cash_requires_open_drawer=bool(d.get("cash_requires_open_drawer", True)),
    )
