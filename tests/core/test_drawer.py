"""Cash drawer sessions: the expected-cash formula, the blind close, approvals, X and Z reports."""

from __future__ import annotations

import hashlib
import sqlite3
from decimal import Decimal

import pytest

from app.drawer import parse_counts
from app.errors import InvalidInput, PermissionDenied, Refused
from app.payments import PaymentRequest
from app.settings import PEN_DENOMINATIONS
from tests.core.conftest import Desk


def pay(desk: Desk, amount: str, method: str = "cash", **kw: object) -> object:
    return desk.branch.payments.take(
        PaymentRequest(desk.account_no, Decimal(amount), method, **kw), desk.cashier
    )  # type: ignore[arg-type]


def D(x: str) -> Decimal:
    return Decimal(x)


def test_parse_counts() -> None:
    assert parse_counts("200x1, 20x5,0.50x10", PEN_DENOMINATIONS) == {D("200"): 1, D("20"): 5, D("0.50"): 10}
    assert parse_counts("", PEN_DENOMINATIONS) == {}
    for bad, code in [
        ("3x1", "denomination_unknown"),
        ("20x-1", "counts_invalid"),
        ("20*", "counts_invalid"),
        ("20x1,20x2", "counts_invalid"),
        ("abc", "counts_invalid"),
    ]:
        with pytest.raises(InvalidInput) as e:
            parse_counts(bad, PEN_DENOMINATIONS)
        assert e.value.code == code


def test_expected_cash_counts_what_was_kept_not_what_was_tendered(desk: Desk) -> None:
    drawer = desk.branch.drawer
    pay(desk, "150.00", tendered=D("200.00"))  # S/ 50.00 change went back: S/ 150.00 kept
    pay(desk, "30.00", "card", card_brand="Visa", card_last4="1234", auth_code="123456")  # no cash
    voided = pay(desk, "20.00", tendered=D("20.00"))
    desk.branch.payments.void(voided.receipt_no, "error", desk.manager)  # S/ 20.00 refunded from the drawer
    drawer.move(D("50.00"), "cambio del banco", desk.manager)
    drawer.move(D("-40.00"), "retiro parcial", desk.manager)
    x = drawer.summary()
    assert (x.float_amount, x.cash_received, x.tendered, x.change_given) == (
        D("100.00"),
        D("170.00"),
        D("220.00"),
        D("50.00"),
    )
    assert (x.cash_refunded, x.cash_in, x.cash_out) == (D("20.00"), D("50.00"), D("40.00"))
    assert x.expected == D("100.00") + D("170.00") - D("20.00") + D("50.00") - D("40.00") == D("260.00")
    assert {(m.method, m.count, m.amount) for m in x.by_method} == {
        ("cash", 2, D("170.00")),
        ("card", 1, D("30.00")),
    }
    result = drawer.close({D("100"): 2, D("50"): 1, D("10"): 1}, desk.cashier)
    assert (result.counted, result.expected, result.over_short) == (D("260.00"), D("260.00"), D("0.00"))


def test_cash_needs_an_open_drawer_but_card_does_not(desk: Desk) -> None:
    desk.branch.drawer.close({D("20"): 5}, desk.cashier)
    with pytest.raises(Refused) as e:
        pay(desk, "10.00")
    assert e.value.code == "drawer_closed" and "ábrala" in e.value.message("es")
    assert pay(desk, "10.00", "yape", operation_number="123456").receipt_no


def test_one_open_session_per_register(desk: Desk) -> None:
    with pytest.raises(Refused) as e:
        desk.branch.drawer.open({D("20"): 1}, desk.cashier)
    assert e.value.code == "drawer_already_open"


def test_a_difference_beyond_the_threshold_needs_a_manager_and_a_note(desk: Desk) -> None:
    pay(desk, "150.00")
    drawer = desk.branch.drawer
    short = {D("100"): 2, D("20"): 1}  # 220 counted, 250 expected: S/ 30.00 short
    with pytest.raises(Refused) as e:
        drawer.close(short, desk.cashier)
    assert e.value.code == "drawer_needs_approval" and "-30.00" in e.value.message("es")
    assert drawer.is_open()
    assert desk.branch.audit.recent(1)[0].action == "drawer_count"  # the attempt is on record
    with pytest.raises(PermissionDenied):
        drawer.close(short, desk.cashier, approved_by=desk.cashier, note="x")
    with pytest.raises(Refused):
        drawer.close(short, desk.cashier, approved_by=desk.manager)  # no note
    result = drawer.close(
        short, desk.cashier, approved_by=desk.manager, note="faltante repuesto por la cajera"
    )
    assert result.over_short == D("-30.00") and result.approved_by == "gerente"
    assert not drawer.is_open()


def test_small_differences_close_without_approval(desk: Desk) -> None:
    pay(desk, "150.00")
    result = desk.branch.drawer.close({D("100"): 2, D("20"): 2, D("5"): 1, D("2"): 2}, desk.cashier)  # 249.00
    assert result.over_short == D("-1.00") and result.approved_by is None


def snapshot(desk: Desk) -> str:
    con = sqlite3.connect(desk.path)
    try:
        rows = []
        for (table,) in con.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name"):
            rows.append(repr(con.execute(f'SELECT * FROM "{table}"').fetchall()))
        return hashlib.sha256("".join(rows).encode()).hexdigest()
    finally:
        con.close()


def test_x_report_changes_nothing(desk: Desk) -> None:
    pay(desk, "150.00")
    before = snapshot(desk)
    x1 = desk.branch.drawer.summary()
    x2 = desk.branch.drawer.summary()
    assert x1 == x2 and snapshot(desk) == before


def test_z_once_per_closed_session_numbered_without_gaps(desk: Desk) -> None:
    drawer = desk.branch.drawer
    with pytest.raises(Refused) as e:
        drawer.issue_z(desk.manager)  # the session is still open
    assert e.value.code == "z_nothing_to_issue"
    pay(desk, "150.00")
    drawer.close({D("100"): 2, D("50"): 1}, desk.cashier)
    with pytest.raises(PermissionDenied):
        drawer.issue_z(desk.cashier)
    z1 = drawer.issue_z(desk.manager)
    assert z1.z_no == 1 and z1.summary["cash_received"] == "150.00" and z1.summary["counted"] == "250.00"
    with pytest.raises(Refused):
        drawer.issue_z(desk.manager)  # a second Z for the same session
    drawer.open({D("50"): 2}, desk.cashier)
    drawer.close({D("50"): 2}, desk.cashier)
    assert drawer.issue_z(desk.manager).z_no == 2
    copy = drawer.z_copy(1)
    assert copy.copy and copy.summary == z1.summary


def test_drawer_records_are_immutable(desk: Desk) -> None:
    con = sqlite3.connect(desk.path)
    for statement in ("UPDATE drawer_sessions SET float_cents = 0", "DELETE FROM drawer_sessions"):
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            con.execute(statement)


def test_status_hides_the_expected_cash_while_open(desk: Desk) -> None:
    from tests.core.conftest import run_cli

    desk.branch.close()
    import json

    out = json.loads(run_cli("drawer", "status", "--json", db=desk.path).stdout)
    assert out["status"] == "open" and "expected" not in out
