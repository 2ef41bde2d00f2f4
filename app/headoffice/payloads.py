"""The JSON that travels between branches and head office: branch events and feed entries.

Money is always a string with the currency's decimals ("123.45"), never a JSON number; dates are ISO
text. :func:`content_hash` is the SHA-256 of an event's canonical JSON (keys sorted, no spaces), which
is what "the same event" means: a replay with the same id and the same hash is the same event; the
same id with another hash is a conflict.

:func:`parse_payment` and :func:`parse_void` check a branch's payload and return its facts in integer
cents, or raise :class:`InvalidEvent` with what is wrong. :func:`customer_entry` and
:func:`account_entry` build the feed payloads of master data.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.money import from_cents, json_money, minor_digits

KINDS = ("payment", "void")
_UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_MONEY = re.compile(r"^\d{1,12}(\.\d{1,4})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$")
_BRANCH = re.compile(r"^[A-Z0-9]{2,8}$")
_REGISTER = re.compile(r"^\d{2}$")
METHOD_KINDS = ("cash", "card", "wallet", "deposit")


class InvalidEvent(ValueError):
    """A branch event whose payload is not what the protocol says; ``str(e)`` says what is wrong."""


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def content_hash(kind: str, payload: Any, canonical_payload: str | None = None) -> str:
    """SHA-256 (hex) of the event's canonical JSON ``{"kind": ..., "payload": ...}``; pass the payload's
    canonical JSON if it is already at hand (it is the same text :func:`canonical_json` gives)."""
    text = canonical_payload if canonical_payload is not None else canonical_json(payload)
    return hashlib.sha256(f'{{"kind":{canonical_json(kind)},"payload":{text}}}'.encode()).hexdigest()


def is_uuid(value: Any) -> bool:
    return isinstance(value, str) and _UUID.match(value) is not None


def _text(p: dict[str, Any], key: str, max_len: int, *, required: bool = True) -> str | None:
    value = p.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value.strip()) or len(value) > max_len:
        raise InvalidEvent(f"{key}: text of 1 to {max_len} characters expected")
    return value


def _match(p: dict[str, Any], key: str, pattern: re.Pattern[str]) -> str:
    value = p.get(key)
    if not isinstance(value, str) or not pattern.match(value):
        raise InvalidEvent(f"{key}: {value!r} is not valid")
    return value


def money_cents(value: Any, currency: str, key: str, *, allow_zero: bool = True) -> int:
    """Cents of a money string; ``InvalidEvent`` for a number, a float, a negative or too many decimals."""
    if not isinstance(value, str) or not _MONEY.match(value):
        raise InvalidEvent(f'{key}: money must be a string like "123.45", got {value!r}')
    amount = Decimal(value)
    scaled = amount.scaleb(minor_digits(currency))
    if scaled != scaled.to_integral_value() or (amount == 0 and not allow_zero):
        raise InvalidEvent(f"{key}: {value!r} is not a valid amount in {currency}")
    return int(scaled)


@dataclass(frozen=True, slots=True)
class AllocationFacts:
    installment_no: int | None
    late_fee_cents: int
    interest_cents: int
    principal_cents: int


@dataclass(frozen=True, slots=True)
class PaymentFacts:
    payment_uuid: str
    receipt_no: str
    account_uuid: str
    account_no: str
    amount_cents: int
    method: str
    method_kind: str
    cashier: str
    branch_code: str
    register: str
    created_at: str
    business_date: str
    allocations: tuple[AllocationFacts, ...]
    tendered_cents: int | None = None
    change_cents: int | None = None
    card_brand: str | None = None
    card_last4: str | None = None
    auth_code: str | None = None
    operation_number: str | None = None


@dataclass(frozen=True, slots=True)
class VoidFacts:
    void_uuid: str
    payment_uuid: str
    receipt_no: str
    manager: str
    requested_by: str
    reason: str
    branch_code: str
    register: str
    created_at: str
    business_date: str


def _currency(p: dict[str, Any]) -> str:
    currency = p.get("currency", "PEN")
    if not isinstance(currency, str) or not re.fullmatch(r"[A-Z]{3}", currency):
        raise InvalidEvent(f"currency: {currency!r} is not valid")
    try:
        minor_digits(currency)
    except Exception:
        raise InvalidEvent(f"currency: {currency!r} is not valid") from None
    return currency


def parse_payment(p: Any) -> PaymentFacts:
    """The facts of a ``payment`` event; ``InvalidEvent`` if the payload is not a valid payment."""
    if not isinstance(p, dict):
        raise InvalidEvent("payload: an object expected")
    _text(p, "payment_id", 36)
    _text(p, "account_id", 36)
    currency = _currency(p)
    amount = money_cents(p.get("amount"), currency, "amount", allow_zero=False)
    kind = p.get("method_kind")
    if kind not in METHOD_KINDS:
        raise InvalidEvent(f"method_kind: {kind!r} is not one of {', '.join(METHOD_KINDS)}")
    tendered, change = (
        money_cents(p[key], currency, key) if p.get(key) is not None else None
        for key in ("tendered", "change")
    )
    last4 = _text(p, "card_last4", 4, required=False)
    if last4 is not None and not re.fullmatch(r"\d{4}", last4):
        raise InvalidEvent("card_last4: four digits expected")
    raw_lines = p.get("allocations")
    if not isinstance(raw_lines, list) or not raw_lines:
        raise InvalidEvent("allocations: a non-empty list expected")
    lines: list[AllocationFacts] = []
    for n, line in enumerate(raw_lines, start=1):
        if not isinstance(line, dict):
            raise InvalidEvent(f"allocations[{n}]: an object expected")
        inst = line.get("installment")
        if inst is not None and (
            isinstance(inst, bool) or not isinstance(inst, int) or not 1 <= inst <= 1000
        ):
            raise InvalidEvent(f"allocations[{n}].installment: {inst!r} is not valid")
        lines.append(
            AllocationFacts(
                inst,
                money_cents(line.get("late_fee"), currency, "late_fee"),
                money_cents(line.get("interest"), currency, "interest"),
                money_cents(line.get("principal"), currency, "principal"),
            )
        )
    total = sum(a.late_fee_cents + a.interest_cents + a.principal_cents for a in lines)
    if total != amount:
        raise InvalidEvent(f"allocations add up to {total} cents, the amount is {amount} cents")
    return PaymentFacts(
        payment_uuid=p["payment_id"],
        receipt_no=str(_text(p, "receipt_no", 24)),
        account_uuid=p["account_id"],
        account_no=str(_text(p, "account_no", 20)),
        amount_cents=amount,
        method=str(_text(p, "method", 16)),
        method_kind=kind,
        cashier=str(_text(p, "cashier", 64)),
        branch_code=_match(p, "branch_code", _BRANCH),
        register=_match(p, "register", _REGISTER),
        created_at=_match(p, "created_at", _STAMP),
        business_date=_match(p, "business_date", _DATE),
        allocations=tuple(lines),
        tendered_cents=tendered,
        change_cents=change,
        card_brand=_text(p, "card_brand", 20, required=False),
        card_last4=last4,
        auth_code=_text(p, "auth_code", 12, required=False),
        operation_number=_text(p, "operation_number", 20, required=False),
    )


def parse_void(p: Any) -> VoidFacts:
    """The facts of a ``void`` event; ``InvalidEvent`` if the payload is not a valid void."""
    if not isinstance(p, dict):
        raise InvalidEvent("payload: an object expected")
    _text(p, "void_id", 36)
    _text(p, "payment_id", 36)
    return VoidFacts(
        void_uuid=p["void_id"],
        payment_uuid=p["payment_id"],
        receipt_no=str(_text(p, "receipt_no", 24)),
        manager=str(_text(p, "manager", 64)),
        requested_by=str(_text(p, "requested_by", 64, required=False) or p["manager"]),
        reason=str(_text(p, "reason", 500)),
        branch_code=_match(p, "branch_code", _BRANCH),
        register=_match(p, "register", _REGISTER),
        created_at=_match(p, "created_at", _STAMP),
        business_date=_match(p, "business_date", _DATE),
    )


def event_branch(kind: str, payload: Any) -> str | None:
    """The branch an event says it comes from (``branch_code`` of its payload), if it says one."""
    if isinstance(payload, dict) and isinstance(payload.get("branch_code"), str):
        return str(payload["branch_code"])
    return None


def customer_entry(
    customer_uuid: str,
    doc_type: str,
    doc_number: str,
    first_names: str,
    last_names: str,
    phone: str | None,
    phone2: str | None,
    address: str,
    created_at: str,
) -> str:
    """The feed payload (JSON text) of a customer."""
    return canonical_json(
        {
            "customer_id": customer_uuid,
            "doc_type": doc_type,
            "doc_number": doc_number,
            "first_names": first_names,
            "last_names": last_names,
            "phone": phone,
            "phone2": phone2,
            "address": address,
            "created_at": created_at,
        }
    )


def account_entry(
    account_uuid: str,
    account_no: str,
    customer_uuid: str,
    description: str,
    principal_cents: int,
    rate_bp: int,
    term: int,
    frequency: str,
    opened_on: str,
    credit_limit_cents: int,
    status: str,
    created_at: str,
    installments: Sequence[tuple[int, str, int, int]],
    currency: str = "PEN",
    *,
    first_due: str | None = None,
) -> str:
    """The feed payload (JSON text) of an account with its whole schedule.

    ``installments`` are (number, due date, principal cents, interest cents). With ``first_due`` the
    caller says they are exactly ``build_schedule``'s for these terms: the JSON then carries the
    terms and a total (``app.headoffice.schedules``); otherwise each installment is
    ``[number, "YYYY-MM-DD", "principal", "interest"]`` (money as strings)."""

    def m(cents: int) -> str:
        return json_money(from_cents(cents, currency))

    schedule: dict[str, Any]
    if first_due is not None:
        total = sum(p + i for _, _, p, i in installments)
        schedule = {"schedule": {"kind": "french", "first_due": first_due, "total": m(total)}}
    else:
        schedule = {"installments": [[n, due, m(p), m(i)] for n, due, p, i in installments]}
    return canonical_json(
        {
            "account_id": account_uuid,
            "account_no": account_no,
            "customer_id": customer_uuid,
            "description": description,
            "principal": m(principal_cents),
            "monthly_rate_bp": rate_bp,
            "term": term,
            "frequency": frequency,
            "opened_on": opened_on,
            "credit_limit": m(credit_limit_cents),
            "status": status,
            "created_at": created_at,
            "currency": currency,
            **schedule,
        }
    )
