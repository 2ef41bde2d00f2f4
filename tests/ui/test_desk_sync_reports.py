"""The desk's head-office sync (Sync now, the pending warning) against a real head office server on
127.0.0.1, and its reports window."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.payments import PaymentRequest
from app.sync.client import SyncClient
from tests.sync.conftest import start_headoffice


@pytest.fixture
def headoffice(tmp_path: Path) -> Any:
    ho = start_headoffice(f"sqlite:///{tmp_path / 'headoffice.db'}")
    yield ho
    ho.stop()


def test_sync_now_sends_the_payments_and_says_so(
    qtbot: Any, make_desk: Any, desk_branch: Any, cashier: Any, headoffice: Any
) -> None:
    SyncClient(desk_branch).configure(headoffice.url, headoffice.add_branch("B012"), verify=False)
    desk_branch.payments.take(
        PaymentRequest("A0001", Decimal("50.00"), "yape", operation_number="778899"), cashier
    )
    desk = make_desk(cashier)
    qtbot.waitUntil(
        lambda: desk._last_status is not None and bool(desk._last_status.sync.pending), timeout=10_000
    )
    pending = desk._last_status.sync.pending
    desk.actions_by_name["drawer_close"].trigger()  # closing the day with events not sent: a warning
    qtbot.waitUntil(lambda: desk.banner.isVisible(), timeout=5_000)
    assert f"{pending} eventos aún no llegan a la oficina central" in desk.banner.label.text()
    desk.drawer_dialog.reject()
    desk.actions_by_name["sync_now"].trigger()
    qtbot.waitUntil(lambda: "Sincronizado con la oficina central" in desk.banner.label.text(), timeout=30_000)
    assert f"{pending} enviados" in desk.banner.label.text() and "0 pendientes" in desk.banner.label.text()
    assert SyncClient(desk_branch).status().pending == 0


def test_a_failed_sync_is_an_error_banner_with_retry(
    qtbot: Any, make_desk: Any, desk_branch: Any, cashier: Any, headoffice: Any
) -> None:
    SyncClient(desk_branch).configure(headoffice.url, headoffice.add_branch("B012"), verify=False)
    headoffice.stop()  # head office goes away: the round fails, the desk keeps working
    desk = make_desk(cashier)
    desk.actions_by_name["sync_now"].trigger()
    qtbot.waitUntil(lambda: "No se pudo sincronizar" in desk.banner.label.text(), timeout=120_000)
    assert desk.pages.currentWidget() is desk.search


def test_reports_window_shows_the_x_report(qtbot: Any, make_desk: Any, manager: Any) -> None:
    desk = make_desk(manager)
    desk.actions_by_name["reports"].trigger()
    qtbot.waitUntil(
        lambda: getattr(desk, "reports_dialog", None) is not None and desk.reports_dialog.isVisible()
    )
    from ui.reports_widget import ReportsWidget

    widget = desk.reports_dialog.findChild(ReportsWidget)
    widget.x_button.click()
    qtbot.waitUntil(lambda: "X" in widget.text_view.toPlainText(), timeout=10_000)
    assert "B012" in widget.text_view.toPlainText() or "Sucursal Centro" in widget.text_view.toPlainText()
