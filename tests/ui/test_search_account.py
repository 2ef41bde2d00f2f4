"""Type-to-search, keyboard navigation and the account view."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from tests.ui.conftest import open_account


def test_results_come_as_you_type_and_ignore_accents(qtbot: Any, make_desk: Any, cashier: Any) -> None:
    desk = make_desk(cashier)
    assert desk.search.box.hasFocus() or desk.focusWidget() is desk.search.box
    with qtbot.waitSignal(desk.search.results_shown, timeout=10_000) as shown:
        qtbot.keyClicks(desk.search.box, "munoz")
    assert shown.args == ["munoz"]
    rows = desk.search.model.rows
    assert [r.match.name for r in rows] == ["José Muñoz Pérez"]
    model = desk.search.model
    assert model.index(0, 3).data() == "A0002"
    assert model.index(0, 5).data() == "al día" or model.index(0, 5).data() == "up to date"


def test_overdue_badge_shows_days_and_amount(qtbot: Any, make_desk: Any, cashier: Any) -> None:
    desk = make_desk(cashier)
    with qtbot.waitSignal(desk.search.results_shown, timeout=10_000):
        qtbot.keyClicks(desk.search.box, "40000001")
    badge = desk.search.model.index(0, 5).data()
    assert "S/" in badge and any(ch.isdigit() for ch in badge)
    assert desk.search.model.index(0, 5).data(Qt.ItemDataRole.BackgroundRole) is not None


def test_clearing_the_box_clears_the_results(qtbot: Any, make_desk: Any, cashier: Any) -> None:
    desk = make_desk(cashier)
    with qtbot.waitSignal(desk.search.results_shown, timeout=10_000):
        qtbot.keyClicks(desk.search.box, "quispe")
    desk.search.box.clear()
    assert desk.search.model.rowCount() == 0


def test_arrows_and_enter_open_the_account(qtbot: Any, make_desk: Any, cashier: Any) -> None:
    desk = make_desk(cashier)
    open_account(qtbot, desk, "4000000", "A0002")
    assert desk.pages.currentWidget() is desk.account
    account = desk.account
    assert account.name.text() == "José Muñoz Pérez"
    assert account.figures["balance"].text().startswith("S/")
    assert account.installments_model.rowCount() == 6
    qtbot.keyClick(desk, Qt.Key.Key_F2)
    assert desk.pages.currentWidget() is desk.search


def test_account_view_shows_overdue_installments_and_figures(
    qtbot: Any, make_desk: Any, cashier: Any
) -> None:
    desk = make_desk(cashier)
    open_account(qtbot, desk, "quispe", "A0001")
    view = desk.account.view
    assert view is not None and view.overdue_amount > 0
    statuses = [desk.account.installments_model.index(r, 6).data() for r in range(12)]
    assert any(s.startswith("vencida") for s in statuses), statuses
    assert "días" in desk.account.figures["overdue"].text()
    assert desk.account.figures["payoff"].text() == desk.fmt.money(view.payoff_amount)
