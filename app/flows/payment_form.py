"""The take-payment form as a state machine, without Qt.

Contracts:
- :meth:`PaymentForm.check` turns what the cashier typed into the ``PaymentRequest`` of each part, or
  the first error with the part and field it belongs to. It never touches the database: amounts go
  through ``app.money.parse_amount`` and every part through the injected ``validate`` (the core's
  ``Payments.validate``), so a bad amount or a missing card detail is refused before anything posts.
- A split payment is two parts with two methods: the cashier types the total and the second part's
  amount; the first part gets the rest. Both parts are validated before the first one posts ("both or
  neither" as far as validation can tell).
- Each form draws one ``request_id`` per part when it is created and keeps it for its whole life, so a
  retry (a second Enter, a retry after a failure, a lost reply) returns the payment already posted
  instead of posting again.
- :meth:`PaymentForm.begin_post` is the double-confirm guard: it hands out the requests once and then
  returns ``None`` until the post has finished (or failed with nothing posted).
- :func:`post_parts` posts the parts in order on the caller's thread (the desk's database worker) and
  stops at the first failure; :meth:`PaymentForm.finish` records the outcome. If the first part posted
  and the second failed, the form is ``partial``: only the missing part can be retried, with its same
  request id.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from app.errors import AbonoError, Refused
from app.flows.messages import flow_error
from app.money import parse_amount
from app.payments import PaymentRecord, PaymentRequest
from app.settings import BranchSettings

EDITING, POSTING, PARTIAL, POSTED = "editing", "posting", "partial", "posted"

DETAIL_FIELDS: dict[str, tuple[str, ...]] = {
    "cash": ("tendered",),
    "card": ("card_brand", "card_last4", "auth_code"),
    "wallet": ("operation_number",),
    "deposit": ("operation_number",),
}

_CODE_FIELDS = (
    ("amount", "amount"),
    ("account_settled", "amount"),
    ("tendered", "tendered"),
    ("card_brand", "card_brand"),
    ("card_last4", "card_last4"),
    ("auth_code", "auth_code"),
    ("operation_number", "operation_number"),
    ("split_", "amount"),
)


def field_for(error: AbonoError) -> str:
    """The form field an error from parsing or ``Payments.validate`` is about ("" if none)."""
    for prefix, name in _CODE_FIELDS:
        if error.code.startswith(prefix):
            return name
    return ""


@dataclass(frozen=True, slots=True)
class PartInput:
    """What the cashier typed for one method. ``amount_text`` is only read for the second part."""

    method: str
    amount_text: str = ""
    tendered_text: str = ""
    card_brand: str = ""
    card_last4: str = ""
    auth_code: str = ""
    operation_number: str = ""


@dataclass(frozen=True, slots=True)
class QuickAmount:
    """A one-key amount: ``key`` is "overdue", "next_due" or "payoff"."""

    key: str
    amount: Decimal


@dataclass(frozen=True, slots=True)
class AccountFigures:
    """What the form needs to know of the account (from ``AccountView``)."""

    account_no: str
    overdue: Decimal
    next_due: Decimal | None
    payoff: Decimal

    @classmethod
    def of(cls, view: Any) -> AccountFigures:
        """From an ``app.accounts.AccountView``."""
        nxt = view.next_due.amount if view.next_due else None
        return cls(view.account_no, view.overdue_amount, nxt, view.payoff_amount)


@dataclass(frozen=True, slots=True)
class FormError:
    """An error shown inline: ``part`` 0 or 1 (the method it belongs to), ``field`` as in :data:`DETAIL_FIELDS`
    or "amount" ("" for the form as a whole)."""

    part: int
    field: str
    error: AbonoError

    def message(self, lang: str = "es") -> str:
        return self.error.message(lang)


class BadAmount(Exception):
    """Raised by :meth:`PaymentForm.amounts` with the inline error to show."""

    def __init__(self, error: FormError) -> None:
        super().__init__(error.error.code)
        self.error = error


@dataclass(frozen=True, slots=True)
class FormCheck:
    """The result of :meth:`PaymentForm.check`: requests when ``error`` is None."""

    requests: tuple[PaymentRequest, ...] = ()
    total: Decimal | None = None
    change: Decimal | None = None
    error: FormError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.requests)


@dataclass(frozen=True, slots=True)
class PostOutcome:
    """What :func:`post_parts` did: the records posted (in part order) and the error that stopped it."""

    records: tuple[PaymentRecord, ...]
    error: BaseException | None = None


def post_parts(
    requests: Sequence[PaymentRequest], take: Callable[[PaymentRequest], PaymentRecord]
) -> PostOutcome:
    """Post ``requests`` in order with ``take``; stop at the first exception and report it.

    Runs on the caller's thread (the desk calls it on its database worker). Never raises for a failed
    part: the outcome says which parts posted."""
    records: list[PaymentRecord] = []
    for req in requests:
        try:
            records.append(take(req))
        except Exception as exc:  # reported to the form; the desk shows it
            return PostOutcome(tuple(records), exc)
    return PostOutcome(tuple(records))


@dataclass
class PaymentForm:
    """The state of one take-payment dialog for one account; see the module contract.

    ``validate`` is ``Payments.validate`` (pure: no database). ``new_request_id`` makes the request
    ids (uuid4 by default)."""

    figures: AccountFigures
    settings: BranchSettings
    validate: Callable[[PaymentRequest], Any]
    new_request_id: Callable[[], str] = field(default=lambda: str(uuid.uuid4()))
    amount_text: str = ""
    first: PartInput = field(default_factory=lambda: PartInput("cash"))
    second: PartInput | None = None
    state: str = EDITING
    posted: tuple[PaymentRecord, ...] = ()
    request_ids: tuple[str, str] = ("", "")
    _frozen: tuple[PaymentRequest, ...] = ()

    def __post_init__(self) -> None:
        self.request_ids = (self.new_request_id(), self.new_request_id())
        if self.first.method not in self.method_codes():
            self.first = PartInput(self.method_codes()[0])

    # ---- what the cashier can choose --------------------------------------------------------------
    def method_codes(self) -> list[str]:
        return [m.code for m in self.settings.payment_methods]

    def kind(self, method: str) -> str:
        return self.settings.method(method).kind

    def quick_amounts(self) -> list[QuickAmount]:
        """Overdue, next installment and payoff amounts, leaving out zeros and repeats of an earlier one."""
        f = self.figures
        out: list[QuickAmount] = []
        for key, amount in (("overdue", f.overdue), ("next_due", f.next_due), ("payoff", f.payoff)):
            if amount is not None and amount > 0 and all(q.amount != amount for q in out):
                out.append(QuickAmount(key, amount))
        return out

    # ---- editing ----------------------------------------------------------------------------------
    @property
    def editable(self) -> bool:
        return self.state == EDITING

    def set_amount(self, text: str) -> None:
        if self.editable:
            self.amount_text = text

    def set_part(self, index: int, **changes: str) -> None:
        """Change fields of part ``index`` (0 or 1) while editing."""
        if not self.editable:
            return
        if index == 0:
            self.first = replace(self.first, **changes)
        elif self.second is not None:
            self.second = replace(self.second, **changes)

    def set_split(self, on: bool) -> None:
        """Add (with the first other method) or remove the second part."""
        if not self.editable:
            return
        if not on:
            self.second = None
        elif self.second is None:
            other = [c for c in self.method_codes() if c != self.first.method]
            self.second = PartInput(other[0] if other else self.first.method)

    @property
    def parts(self) -> list[PartInput]:
        return [self.first] if self.second is None else [self.first, self.second]

    # ---- checking ---------------------------------------------------------------------------------
    def _request(self, index: int, part: PartInput, amount: Decimal) -> PaymentRequest:
        kind = self.kind(part.method)
        cur = self.settings.currency
        tendered = None
        if kind == "cash" and part.tendered_text.strip():
            try:
                tendered = parse_amount(part.tendered_text, cur)
            except AbonoError as e:
                raise BadAmount(FormError(index, "tendered", e)) from None
        wanted = DETAIL_FIELDS[kind]

        def detail(name: str) -> str | None:
            value: str = getattr(part, name)
            return value if name in wanted and value.strip() else None

        return PaymentRequest(
            account_no=self.figures.account_no,
            amount=amount,
            method=part.method,
            tendered=tendered,
            card_brand=detail("card_brand"),
            card_last4=detail("card_last4"),
            auth_code=detail("auth_code"),
            operation_number=detail("operation_number"),
            request_id=self.request_ids[index],
        )

    def amounts(self) -> tuple[Decimal, ...]:
        """The total and each part's amount; raises :class:`BadAmount` for the first bad one."""
        cur = self.settings.currency
        try:
            total = parse_amount(self.amount_text, cur)
            if total > self.figures.payoff:
                if self.figures.payoff <= 0:
                    raise Refused("account_settled", account_no=self.figures.account_no)
                raise Refused("amount_above_payoff", amount=str(total), payoff=str(self.figures.payoff))
        except AbonoError as e:
            raise BadAmount(FormError(0, "amount", e)) from None
        if self.second is None:
            return total, total
        try:
            second = parse_amount(self.second.amount_text, cur)
            if second >= total:
                raise flow_error("split_second_amount")
        except AbonoError as e:
            raise BadAmount(FormError(1, "amount", e)) from None
        return total, total - second, second

    def check(self) -> FormCheck:
        """Validate everything typed; see the module contract."""
        try:
            amounts = self.amounts()
        except BadAmount as bad:
            return FormCheck(error=bad.error)
        total = amounts[0]
        if self.second is not None and self.second.method == self.first.method:
            return FormCheck(total=total, error=FormError(1, "method", flow_error("split_same_method")))
        requests: list[PaymentRequest] = []
        change = None
        for index, (part, amount) in enumerate(zip(self.parts, amounts[1:], strict=True)):
            try:
                req = self._request(index, part, amount)
                self.validate(req)
            except BadAmount as bad:
                return FormCheck(total=total, error=bad.error)
            except AbonoError as e:
                return FormCheck(total=total, error=FormError(index, field_for(e), e))
            requests.append(req)
            if self.kind(part.method) == "cash":
                change = (req.tendered - amount) if req.tendered is not None else Decimal(0)
        return FormCheck(tuple(requests), total, change)

    def live_change(self) -> Decimal | None:
        """Change for the cash part as typed so far (negative: money still missing); None if unknown."""
        try:
            amounts = self.amounts()
        except BadAmount:
            return None
        for part, amount in zip(self.parts, amounts[1:], strict=True):
            if self.kind(part.method) == "cash":
                if not part.tendered_text.strip():
                    return None
                try:
                    return parse_amount(part.tendered_text, self.settings.currency) - amount
                except AbonoError:
                    return None
        return None

    # ---- posting ----------------------------------------------------------------------------------
    def begin_post(self) -> tuple[PaymentRequest, ...] | None:
        """The requests still to post, once; ``None`` while a post runs, after it, or if the form is bad.

        In ``partial`` state it returns the parts not posted yet, exactly as they were first sent."""
        if self.state == EDITING:
            result = self.check()
            if not result.ok:
                return None
            self._frozen = result.requests
        elif self.state != PARTIAL:
            return None
        self.state = POSTING
        return self._frozen[len(self.posted) :]

    def finish(self, outcome: PostOutcome) -> None:
        """Record what :func:`post_parts` did with the requests :meth:`begin_post` handed out."""
        if self.state != POSTING:
            return
        self.posted = self.posted + outcome.records
        if outcome.error is None:
            self.state = POSTED
        elif self.posted:
            self.state = PARTIAL
        else:
            self.state = EDITING

    @property
    def pending_requests(self) -> tuple[PaymentRequest, ...]:
        """Requests handed out but not posted (only meaningful in ``partial`` state)."""
        return self._frozen[len(self.posted) :]
