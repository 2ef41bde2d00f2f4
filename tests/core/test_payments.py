"""Taking and voiding payments through the service: what is posted, and what each bad input does
(a clear message, and nothing written: no payment, no receipt number used, no outbox or audit row)."""

from __future__ import annotations

import sqlite3
from decimal import Decimal

import pytest

from app.errors import InvalidInput, NotFound, PermissionDenied, Refused
from app.payments import PaymentRequest
from tests.core.conftest import Desk

CARD = "4111 1111 1111 1111"  # a Luhn-valid test card number


def counts(desk: Desk) -> tuple[int, int, int, int, int]:
    con = sqlite3.connect(desk.path)
    try:
        return tuple(  # type: ignore[return-value]
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("payments", "payment_allocations", "outbox", "audit_log", "payment_voids")
        )
    finally:
        con.close()


def pay(desk: Desk, amount: str, method: str = "cash", **kw: object) -> object:
    return desk.branch.payments.take(
        PaymentRequest(desk.account_no, Decimal(amount), method, **kw), desk.cashier
    )  # type: ignore[arg-type]


def test_cash_payment_allocates_oldest_first_and_gives_change(desk: Desk) -> None:
    r = pay(desk, "150.00", tendered=Decimal("200"))
    assert r.receipt_no == "B012-01-000001"
    assert r.change == Decimal("50.00")
    first, second = r.allocations
    # installment 1 owes a S/ 5.00 late fee, its interest and its principal; the rest goes to #2's fee then interest
    assert (first.installment, first.late_fee, first.interest, first.principal) == (
        1,
        Decimal("5.00"),
        Decimal("42.00"),
        Decimal("82.18"),
    )
    assert (second.installment, second.late_fee, second.interest, second.principal) == (
        2,
        Decimal("5.00"),
        Decimal("15.82"),
        Decimal("0.00"),
    )
    assert sum(a.amount for a in r.allocations) == Decimal("150.00")
    view = desk.branch.accounts.get(desk.account_no)
    assert view.balance == r.balance_after == Decimal("1365.18")
    assert view.installments[0].status == "paid"
    assert view.payments[0].receipt_no == r.receipt_no


def test_receipt_numbers_are_consecutive(desk: Desk) -> None:
    numbers = [pay(desk, "10.00").receipt_no for _ in range(3)]
    assert numbers == ["B012-01-000001", "B012-01-000002", "B012-01-000003"]


def test_card_wallet_and_deposit_keep_their_details(desk: Desk) -> None:
    card = pay(desk, "20.00", "card", card_brand="visa", card_last4="1234", auth_code="a1b2c3")
    assert (card.card_brand, card.card_last4, card.auth_code, card.change) == ("Visa", "1234", "A1B2C3", None)
    yape = pay(desk, "20.00", "yape", operation_number="12345678")
    assert yape.operation_number == "12345678"
    dep = pay(desk, "20.00", "deposit", operation_number="OP-99 1234")
    assert dep.operation_number == "OP991234"


@pytest.mark.parametrize(
    ("amount", "code"),
    [
        ("-5", "amount_negative"),
        ("0", "amount_zero"),
        ("NaN", "amount_not_finite"),
        ("1.234", "amount_decimals"),
    ],
)
def test_bad_amounts_change_nothing(desk: Desk, amount: str, code: str) -> None:
    before = counts(desk)
    with pytest.raises(InvalidInput) as e:
        pay(desk, amount)
    assert e.value.code == code
    assert counts(desk) == before


def test_amount_above_payoff_is_refused(desk: Desk) -> None:
    payoff = desk.branch.accounts.get(desk.account_no).payoff_amount
    before = counts(desk)
    with pytest.raises(Refused) as e:
        pay(desk, str(payoff + Decimal("0.01")))
    assert e.value.code == "amount_above_payoff"
    assert str(payoff) in e.value.message("es")
    assert counts(desk) == before
    # exactly the payoff settles the account
    r = pay(desk, str(payoff))
    assert r.balance_after == 0
    view = desk.branch.accounts.get(desk.account_no)
    assert view.status == "paid_off" and all(i.status == "paid" for i in view.installments)
    with pytest.raises(Refused) as e:
        pay(desk, "1.00")
    assert e.value.code == "account_settled"


def test_tendered_below_amount_is_refused(desk: Desk) -> None:
    before = counts(desk)
    with pytest.raises(InvalidInput) as e:
        pay(desk, "100.00", tendered=Decimal("50.00"))
    assert e.value.code == "tendered_below_amount"
    assert counts(desk) == before


@pytest.mark.parametrize("last4", ["123", "12345", "12a4", ""])
def test_card_last4_must_be_four_digits(desk: Desk, last4: str) -> None:
    with pytest.raises(InvalidInput) as e:
        pay(desk, "10.00", "card", card_brand="Visa", card_last4=last4, auth_code="123456")
    assert e.value.code == "card_last4"


@pytest.mark.parametrize("field", ["card_brand", "card_last4", "auth_code"])
def test_a_full_card_number_is_refused_in_any_field_and_never_stored(desk: Desk, field: str) -> None:
    details = {"card_brand": "Visa", "card_last4": "1111", "auth_code": "123456"}
    details[field] = CARD
    before = counts(desk)
    with pytest.raises(InvalidInput) as e:
        pay(desk, "10.00", "card", **details)
    assert e.value.code == "card_number_refused"
    assert "4111" not in e.value.message("es") and "4111" not in str(e.value)
    assert counts(desk) == before
    desk.branch.close()
    raw = b"".join(p.read_bytes() for p in desk.path.parent.glob("branch.db*"))
    assert b"4111111111111111" not in raw and CARD.encode() not in raw


def test_a_card_number_as_operation_number_is_refused(desk: Desk) -> None:
    with pytest.raises(InvalidInput) as e:
        pay(desk, "10.00", "yape", operation_number="4111-1111-1111-1111")
    assert e.value.code == "card_number_refused"


def test_method_details_are_checked(desk: Desk) -> None:
    with pytest.raises(InvalidInput, match="operation"):
        pay(desk, "10.00", "plin")
    with pytest.raises(InvalidInput) as e:
        pay(desk, "10.00", "cash", card_last4="1234")
    assert e.value.code == "field_not_for_method"
    with pytest.raises(InvalidInput) as e:
        pay(
            desk,
            "10.00",
            "card",
            tendered=Decimal("20"),
            card_brand="Visa",
            card_last4="1234",
            auth_code="123456",
        )
    assert e.value.code == "tendered_not_cash"
    with pytest.raises(InvalidInput) as e:
        pay(desk, "10.00", "bitcoin")
    assert e.value.code == "unknown_method" and "cash" in e.value.message("en")
    with pytest.raises(InvalidInput) as e:
        pay(desk, "10.00", "card", card_brand="Visa", card_last4="1234")
    assert e.value.code == "auth_code_missing"


def test_unknown_account(desk: Desk) -> None:
    with pytest.raises(NotFound) as e:
        desk.branch.payments.take(PaymentRequest("999", Decimal("1"), "cash"), desk.cashier)
    assert "999" in e.value.message("es")


def test_a_retried_request_posts_once(desk: Desk) -> None:
    req = PaymentRequest(
        desk.account_no, Decimal("25.00"), "cash", request_id="6f1c1c1e-0000-4000-8000-000000000001"
    )
    first = desk.branch.payments.take(req, desk.cashier)
    again = desk.branch.payments.take(req, desk.cashier)
    assert again.receipt_no == first.receipt_no
    assert counts(desk)[0] == 1
    with pytest.raises(Refused):
        desk.branch.payments.take(
            PaymentRequest(desk.account_no, Decimal("30.00"), "cash", request_id=req.request_id), desk.cashier
        )


def test_void_restores_the_balance_and_is_recorded(desk: Desk) -> None:
    before = desk.branch.accounts.get(desk.account_no).balance
    r = pay(desk, "150.00")
    v = desk.branch.payments.void(
        r.receipt_no, "  monto  equivocado ", desk.manager, requested_by=desk.cashier
    )
    assert (v.reason, v.manager, v.requested_by, v.amount) == (
        "monto equivocado",
        "gerente",
        "cajero",
        Decimal("150.00"),
    )
    view = desk.branch.accounts.get(desk.account_no)
    assert view.balance == before
    assert view.payments[0].voided and view.payments[0].void_reason == "monto equivocado"
    assert desk.branch.payments.get(r.receipt_no).voided
    assert [a.action for a in desk.branch.audit.recent(2)] == ["void", "payment"]
    con = sqlite3.connect(desk.path)
    kinds = [k for (k,) in con.execute("SELECT kind FROM outbox WHERE sent_at IS NULL ORDER BY id")]
    assert kinds == ["drawer_open", "payment", "void"]
    assert desk.branch.payments.pending_outbox() == 3


def test_a_cashier_cannot_void(desk: Desk) -> None:
    r = pay(desk, "10.00")
    before = counts(desk)
    with pytest.raises(PermissionDenied) as e:
        desk.branch.payments.void(r.receipt_no, "error", desk.cashier)
    assert "gerente" in e.value.message("es")
    assert counts(desk) == before


def test_a_second_void_is_refused(desk: Desk) -> None:
    r = pay(desk, "10.00")
    desk.branch.payments.void(r.receipt_no, "error", desk.manager)
    before = counts(desk)
    with pytest.raises(Refused) as e:
        desk.branch.payments.void(r.receipt_no, "otra vez", desk.manager)
    assert e.value.code == "already_voided" and "gerente" in e.value.message("es")
    assert counts(desk) == before


def test_void_needs_a_reason_and_a_known_receipt(desk: Desk) -> None:
    r = pay(desk, "10.00")
    with pytest.raises(InvalidInput):
        desk.branch.payments.void(r.receipt_no, "   ", desk.manager)
    with pytest.raises(NotFound):
        desk.branch.payments.void("B012-01-999999", "x", desk.manager)


def test_credit_balance_when_the_policy_allows_it(desk: Desk, tmp_path: object) -> None:
    from dataclasses import replace

    from app import Branch

    s = desk.branch.settings
    desk.branch.update_settings(
        replace(s, allocation=replace(s.allocation, allow_credit_balance=True)), "gerente"
    )
    with Branch.open(desk.path, clock=desk.clock) as b:
        payoff = b.accounts.get(desk.account_no).payoff_amount
        r = b.payments.take(PaymentRequest(desk.account_no, payoff + Decimal("20.00"), "cash"), desk.cashier)
        assert r.allocations[-1].installment is None and r.allocations[-1].amount == Decimal("20.00")
        view = b.accounts.get(desk.account_no)
        assert (
            view.balance == Decimal("-20.00") and view.credit == Decimal("20.00") and view.payoff_amount == 0
        )


def test_preview_matches_what_take_posts(desk: Desk) -> None:
    preview = desk.branch.payments.preview(desk.account_no, Decimal("300.00"))
    posted = pay(desk, "300.00").allocations
    assert preview == posted
