"""The payment form's logic without Qt (app.flows.payment_form)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest

from app.errors import Refused
from app.flows.payment_form import (
    EDITING,
    PARTIAL,
    POSTED,
    POSTING,
    AccountFigures,
    PaymentForm,
    PostOutcome,
    post_parts,
)
from app.payments import PaymentRequest, Payments
from app.settings import BranchSettings

SETTINGS = BranchSettings("B012", "Centro")
FIGURES = AccountFigures(
    "A0001", overdue=Decimal("108.00"), next_due=Decimal("120.50"), payoff=Decimal("900.00")
)


def validate(req: PaymentRequest) -> Any:
    # Payments.validate needs no database: an instance without engines checks a request
    return Payments(None, None, SETTINGS, None, "01").validate(req)  # type: ignore[arg-type]


def make_form(**kwargs: Any) -> PaymentForm:
    ids = (f"req-{n}" for n in itertools.count(1))
    return PaymentForm(FIGURES, SETTINGS, validate, new_request_id=lambda: next(ids), **kwargs)


def test_quick_amounts_skip_zeros_and_repeats() -> None:
    form = make_form()
    assert [(q.key, q.amount) for q in form.quick_amounts()] == [
        ("overdue", Decimal("108.00")),
        ("next_due", Decimal("120.50")),
        ("payoff", Decimal("900.00")),
    ]
    same = PaymentForm(AccountFigures("A1", Decimal(0), Decimal("50"), Decimal("50")), SETTINGS, validate)
    assert [q.key for q in same.quick_amounts()] == ["next_due"]


def test_cash_with_change() -> None:
    form = make_form()
    form.set_amount("100")
    form.set_part(0, tendered_text="150")
    assert form.live_change() == Decimal("50.00")
    result = form.check()
    assert result.ok and result.change == Decimal("50.00")
    (req,) = result.requests
    assert (req.amount, req.tendered, req.method, req.request_id) == (
        Decimal("100.00"),
        Decimal("150.00"),
        "cash",
        "req-1",
    )


def test_cash_without_tendered_is_exact() -> None:
    form = make_form()
    form.set_amount("80")
    assert form.live_change() is None
    assert form.check().change == Decimal(0)


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("", "amount_empty"),
        ("abc", "amount_not_number"),
        ("-1", "amount_negative"),
        ("0", "amount_zero"),
        ("1.005", "amount_decimals"),
        ("1e3", "amount_exponent"),
        ("900.01", "amount_above_payoff"),
    ],
)
def test_bad_amounts_are_errors_on_the_amount_field(amount: str, code: str) -> None:
    form = make_form()
    form.set_amount(amount)
    result = form.check()
    assert result.error is not None and not result.requests
    assert (result.error.part, result.error.field, result.error.error.code) == (0, "amount", code)
    assert form.begin_post() is None and form.state == EDITING


def test_card_details_are_checked_field_by_field() -> None:
    form = make_form()
    form.set_amount("50")
    form.set_part(
        0, method="card", card_brand="visa", card_last4="12a4", auth_code="X1Y2", tendered_text="99"
    )
    error = form.check().error
    assert error is not None and (error.field, error.error.code) == ("card_last4", "card_last4")
    form.set_part(0, card_last4="1234")
    result = form.check()
    assert result.ok
    (req,) = result.requests
    assert req.tendered is None  # a cash detail left in the form is not sent with a card payment
    assert (req.card_brand, req.card_last4, req.auth_code) == ("visa", "1234", "X1Y2")


def test_wallet_needs_an_operation_number() -> None:
    form = make_form()
    form.set_amount("50")
    form.set_part(0, method="yape")
    error = form.check().error
    assert error is not None and error.field == "operation_number"


def test_split_gives_the_first_method_the_rest() -> None:
    form = make_form()
    form.set_amount("100")
    form.set_split(True)
    assert form.second is not None and form.second.method == "card"
    form.set_part(1, method="plin", amount_text="40", operation_number="556677")
    form.set_part(0, tendered_text="100")
    result = form.check()
    assert result.ok
    assert [(r.method, r.amount, r.request_id) for r in result.requests] == [
        ("cash", Decimal("60.00"), "req-1"),
        ("plin", Decimal("40.00"), "req-2"),
    ]
    assert result.change == Decimal("40.00")


@pytest.mark.parametrize(("second", "code"), [("100", "split_second_amount"), ("abc", "amount_not_number")])
def test_split_second_amount_must_be_below_the_total(second: str, code: str) -> None:
    form = make_form()
    form.set_amount("100")
    form.set_split(True)
    form.set_part(1, amount_text=second, card_brand="Visa", card_last4="1234", auth_code="ABCD")
    error = form.check().error
    assert error is not None and (error.part, error.field, error.error.code) == (1, "amount", code)
    assert "menor que el total" in error.message("es") or code != "split_second_amount"


def test_split_refuses_the_same_method_twice() -> None:
    form = make_form()
    form.set_amount("100")
    form.set_split(True)
    form.set_part(1, method="cash", amount_text="10")
    error = form.check().error
    assert error is not None and error.error.code == "split_same_method"
    assert error.message("en") == "To split the payment choose two different payment methods."


def test_begin_post_hands_out_the_requests_once() -> None:
    form = make_form()
    form.set_amount("25")
    first = form.begin_post()
    assert first is not None and form.state == POSTING
    assert form.begin_post() is None  # a second Enter while posting
    form.set_amount("999")  # edits are ignored while posting
    assert form.amount_text == "25"
    form.finish(PostOutcome(records=("rec",)))  # type: ignore[arg-type]
    assert form.state == POSTED and form.begin_post() is None


def test_a_failure_with_nothing_posted_returns_to_editing_with_the_same_ids() -> None:
    form = make_form()
    form.set_amount("25")
    requests = form.begin_post()
    assert requests is not None
    form.finish(PostOutcome((), Refused("account_settled", account_no="A0001")))
    assert form.state == EDITING
    again = form.begin_post()
    assert again is not None and again[0].request_id == requests[0].request_id


def test_partial_split_retries_only_the_missing_part() -> None:
    form = make_form()
    form.set_amount("100")
    form.set_split(True)
    form.set_part(1, method="yape", amount_text="40", operation_number="123456")
    requests = form.begin_post()
    assert requests is not None and len(requests) == 2
    form.finish(PostOutcome(("first",), OSError("disk")))  # type: ignore[arg-type]
    assert form.state == PARTIAL and not form.editable
    retry = form.begin_post()
    assert retry == (requests[1],)
    form.finish(PostOutcome(("second",)))  # type: ignore[arg-type]
    assert form.state == POSTED and form.posted == ("first", "second")


def test_post_parts_stops_at_the_first_failure() -> None:
    calls: list[str] = []

    def take(req: PaymentRequest) -> Any:
        calls.append(req.method)
        if req.method == "yape":
            raise Refused("account_settled", account_no="A0001")
        return req.method

    reqs = [PaymentRequest("A1", Decimal(1), m) for m in ("cash", "yape", "card")]
    outcome = post_parts(reqs, take)
    assert outcome.records == ("cash",) and isinstance(outcome.error, Refused)
    assert calls == ["cash", "yape"]
