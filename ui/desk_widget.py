"""The desk's main window: search, account view, payments, voids, printing, lock screen, status bar.

Contract:
- Built with an open branch (the one door to the core's services), the logged-in user and the task
  manager; it hands each screen only the services it needs. The GUI thread never calls the database:
  every call goes through ``QueryOp``/``CollectionOp`` (``ui.operations``).
- Keys: F2 search, Enter open, Esc back, F5 take payment, F8 void, F9 reprint a copy, Ctrl+L lock.
- After a payment or a void commits, its receipt or slip prints on the printer worker; a printer
  failure is a non-blocking banner with Retry (``print_waiting``). The payment is never affected.
- After ``lock_minutes`` without keyboard or mouse activity (never while a write runs) the desk hides
  everything behind the lock screen until the user's password is entered again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from app.accounts import PaymentSummary
from app.customers import CustomerMatch
from app.flows.desk_status import DeskStatus, desk_status
from app.flows.idle_lock import IdleLock
from app.flows.payment_form import AccountFigures, PaymentForm
from app.flows.void_flow import VoidApproval, void_payment
from app.payments import PaymentRecord, PaymentRequest, VoidRecord
from app.users import UserInfo
from ui.account_widget import AccountWidget
from ui.banner_widget import BannerWidget
from ui.errors import error_text
from ui.formatting import Formatter
from ui.lock_widget import LockWidget
from ui.operations import QueryOp, TaskManager
from ui.payment_dialog import PaymentDialog
from ui.print_queue_dialog import PrintQueueDialog
from ui.search_widget import SearchWidget
from ui.settings_dialog import SettingsDialog
from ui.status_widget import StatusWidget
from ui.void_dialog import VoidDialog

ACTIVITY_EVENTS = frozenset(
    {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.Wheel, QEvent.Type.TouchBegin}
)
SYNC_REFRESH_MS = 30_000
AUTOSYNC_MS = 120_000  # a background round with head office every two minutes, when configured


class _SettingsServices:
    """What the settings dialog may change, over the branch (plain Python, used on the worker)."""

    def __init__(self, branch: Any) -> None:
        self._branch = branch

    def set_printer(self, uri: str, actor: UserInfo) -> Any:
        return self._branch.printing.set_printer(uri, actor)

    def test_page(self, uri: str | None) -> Any:
        return self._branch.printing.test_page(uri)

    def update_settings(self, settings: Any, actor: str) -> None:
        self._branch.update_settings(settings, actor)


class DeskWidget(QMainWindow):
    """The main window (a ``QMainWindow``); see the module contract."""

    # Signals carry str, not bool: PySide6 6.12 drops a reference to Python's True/False for each bool
    # argument of a Python-defined signal, which crashes the interpreter when it exits.
    printing_done = Signal(str)  # after each print attempt: "printed" or "failed"
    locked_changed = Signal(str)  # "locked" or "unlocked"

    def __init__(
        self,
        branch: Any,
        user: UserInfo,
        tasks: TaskManager,
        *,
        lock_minutes: float = 5.0,
        lock_check_ms: int = 1000,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("desk")
        self.branch = branch
        self.user = user
        self.tasks = tasks
        self.settings = branch.settings
        self.fmt = Formatter(self.settings)
        self.lang = self.settings.language
        self.printing = getattr(branch, "printing", None)
        s = self.settings
        self.setWindowTitle(f"Abono — {s.branch_name} ({s.branch_code}-{branch.register})")
        self.banner = BannerWidget()
        self.search = SearchWidget(lambda text: branch.customers.search(text, limit=50), tasks, self.fmt)
        self.account = AccountWidget(branch.accounts.get, tasks, self.fmt)
        self.lock_screen = LockWidget(branch.users.login, tasks)
        self.pages = QStackedWidget()
        for page in (self.search, self.account, self.lock_screen):
            self.pages.addWidget(page)
        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.banner)
        layout.addWidget(self.pages, 1)
        self.setCentralWidget(body)
        self.status = StatusWidget(self.fmt)
        self.statusBar().addPermanentWidget(self.status, 1)
        self.status.set_identity(
            f"{s.branch_code} {s.branch_name}", branch.register, user.full_name or user.username
        )
        self.idle = IdleLock(lock_minutes * 60)
        self._hidden_windows: list[QWidget] = []
        self._page_before_lock: QWidget = self.search
        self._pay_when_loaded = False
        self.actions_by_name: dict[str, QAction] = {}
        self._build_menus()
        self._connect()
        self._lock_timer = QTimer(self, interval=lock_check_ms)
        self._lock_timer.timeout.connect(self._check_idle)
        self._lock_timer.start()
        self._sync_timer = QTimer(self, interval=SYNC_REFRESH_MS)
        self._sync_timer.timeout.connect(self.refresh_status)
        self._sync_timer.start()
        self._last_status: DeskStatus | None = None
        self._syncing = False
        self._autosync_timer = QTimer(self, interval=AUTOSYNC_MS)
        self._autosync_timer.timeout.connect(lambda: self.sync_now(quiet=True))
        self._autosync_timer.start()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.refresh_status()
        self.resize(1120, 700)
        self.search.focus_box()

    # ---- building -----------------------------------------------------------------------------------
    def _action(self, name: str, text: str, shortcut: str, slot: Callable[[], None], menu: Any) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        menu.addAction(action)
        self.addAction(action)
        self.actions_by_name[name] = action
        return action

    def _build_menus(self) -> None:
        desk = self.menuBar().addMenu(self.tr("&Desk"))
        self._action("search", self.tr("Search customer"), "F2", self.show_search, desk)
        self._action("pay", self.tr("Take payment"), "F5", self.take_payment, desk)
        self._action("back", self.tr("Back to search"), "Esc", self.show_search, desk)
        desk.addSeparator()
        self._action("lock", self.tr("Lock"), "Ctrl+L", self.lock_now, desk)
        self._action("quit", self.tr("Quit"), "Ctrl+Q", self.close, desk)
        receipts = self.menuBar().addMenu(self.tr("&Receipts"))
        self._action("void", self.tr("Void payment…"), "F8", self.void_selected, receipts)
        self._action("reprint", self.tr("Reprint copy"), "F9", self.reprint_selected, receipts)
        self._action("queue", self.tr("Print queue…"), "Ctrl+Shift+P", self.show_print_queue, receipts)
        if getattr(self.branch, "drawer", None) is not None:
            drawer = self.menuBar().addMenu(self.tr("D&rawer"))
            self._action("drawer_open", self.tr("Open drawer…"), "", self.open_drawer, drawer)
            self._action("drawer_close", self.tr("Close drawer…"), "", self.close_drawer, drawer)
            drawer.addSeparator()
            self._action(
                "reports", self.tr("Reports (X, Z, end of day)…"), "Ctrl+R", self.show_reports, drawer
            )
        branch_menu = self.menuBar().addMenu(self.tr("&Branch"))
        self._action("sync_now", self.tr("Sync now"), "Ctrl+Shift+S", self.sync_now, branch_menu)
        settings = self._action("settings", self.tr("Settings…"), "", self.show_settings, branch_menu)
        settings.setEnabled(self.user.is_manager)
        if self.printing is None:
            for name in ("reprint", "queue"):
                self.actions_by_name[name].setEnabled(False)

    def _connect(self) -> None:
        self.search.account_chosen.connect(self.open_account)
        self.account.back_requested.connect(self.show_search)
        self.account.pay_requested.connect(self.take_payment)
        self.account.void_requested.connect(self.void_receipt)
        self.account.reprint_requested.connect(self.reprint)
        self.account.account_shown.connect(self._account_shown)
        self.lock_screen.unlocked.connect(self._unlocked)
        self.lock_screen.quit_requested.connect(self.close)
        self.tasks.changed.connect(self._changed)

    # ---- navigation ---------------------------------------------------------------------------------
    def show_search(self) -> None:
        if self.idle.locked:
            return
        self.pages.setCurrentWidget(self.search)
        self.search.focus_box()

    def open_account(self, account_no: str, match: CustomerMatch | None = None) -> None:
        self.pages.setCurrentWidget(self.account)
        self.account.show_account(account_no, match)

    def _account_shown(self, _account_no: str) -> None:
        self.account.payments.setFocus()
        if self._pay_when_loaded:
            self._pay_when_loaded = False
            self.take_payment()

    def _changed(self, changes: frozenset[str]) -> None:
        if "payments" in changes:
            self.refresh_status()
            self.account.refresh()
            if self.search.shown_text.strip():
                self.search.box.textChanged.emit(self.search.box.text())
        if "settings" in changes:
            self.banner.show_message(self.tr("Settings saved. Receipt header changes apply after a restart."))

    # ---- payments -----------------------------------------------------------------------------------
    def take_payment(self) -> None:
        """F5: the payment dialog for the account shown (or the one selected in the results)."""
        if self.idle.locked:
            return
        if self.pages.currentWidget() is self.search:
            row = self.search.selected_row()
            if row is not None and row.account_no:
                self._pay_when_loaded = True
                self.open_account(row.account_no, row.match)
            return
        view = self.account.view
        if view is None or view.payoff_amount <= 0:
            return
        payments = self.branch.payments
        form = PaymentForm(AccountFigures.of(view), self.settings, payments.validate)
        dialog = PaymentDialog(form, view, self._take, payments.preview, self.tasks, self.fmt, self)
        dialog.posted.connect(lambda records: self._payment_posted(records, dialog.form.state == "posted"))
        dialog.finished.connect(dialog.deleteLater)
        self.payment_dialog = dialog
        dialog.open()

    def _take(self, request: PaymentRequest) -> PaymentRecord:
        """Post one part (database worker); the receipt is queued in the payment's transaction."""
        if self.printing is not None:
            record: PaymentRecord = self.branch.payments.take(request, self.user, queue_receipt=True)
        else:
            record = self.branch.payments.take(request, self.user)
        return record

    def _payment_posted(self, records: tuple[PaymentRecord, ...], complete: bool) -> None:
        f = self.fmt
        parts = [f"{r.receipt_no} ({f.method(r.method)} {f.money(r.amount)})" for r in records]
        text = self.tr("Payment saved: %1.").replace("%1", ", ".join(parts))
        change = next((r.change for r in records if r.change), None)
        if change:
            text += " " + self.tr("Change: %1").replace("%1", f.money(change))
        if not complete:
            text += " " + self.tr("Only the first part was saved; take the rest as a new payment.")
        self.banner.show_message(text, "info")
        for record in records:
            self.print_document(record.receipt_no, "payment")

    # ---- printing -----------------------------------------------------------------------------------
    def print_document(self, receipt_no: str, kind: str = "payment") -> None:
        """Print the original receipt (or void slip) on the printer worker; failures become the banner."""
        if self.printing is None:
            return
        printing = self.printing
        QueryOp(
            self.tasks,
            self,
            lambda: printing.print_receipt(receipt_no, kind=kind),
            lambda _job: self.printing_done.emit("printed"),
            lane="printer",
        ).failure(lambda exc: self._print_failed(exc, kind)).run()

    def _print_failed(self, exc: Exception, kind: str = "payment") -> None:
        message = error_text(exc, self.lang)
        if kind == "void":
            text = self.tr("Void saved; the slip did not print: %1").replace("%1", message)
        elif kind == "copy":
            text = self.tr("The copy did not print: %1").replace("%1", message)
        else:
            text = self.tr("Payment saved; the receipt did not print: %1").replace("%1", message)
        self.banner.show_message(text, "error", retry=self.retry_printing)
        self.printing_done.emit("failed")

    def retry_printing(self) -> None:
        """Retry everything waiting in the print queue (printer worker)."""
        if self.printing is None:
            return
        printing = self.printing
        QueryOp(self.tasks, self, printing.print_waiting, self._retried, lane="printer").failure(
            self._print_failed
        ).run()

    def _retried(self, jobs: list[Any]) -> None:
        self.banner.show_message(self.tr("Printed %n document(s) from the queue.", "", len(jobs)), "info")
        self.printing_done.emit("printed")

    def reprint_selected(self) -> None:
        payment = self.account.selected_payment() if self.pages.currentWidget() is self.account else None
        if payment is not None:
            self.reprint(payment.receipt_no)

    def reprint(self, receipt_no: str) -> None:
        """F9: print a COPY of ``receipt_no`` (audited by the core)."""
        if self.printing is None or self.idle.locked:
            return
        printing, user = self.printing, self.user
        QueryOp(
            self.tasks,
            self,
            lambda: printing.reprint(receipt_no, user),
            lambda _job: self._reprinted(receipt_no),
            lane="printer",
        ).failure(lambda exc: self._print_failed(exc, "copy")).run()

    def _reprinted(self, receipt_no: str) -> None:
        self.banner.show_message(self.tr("Copy of %1 printed.").replace("%1", receipt_no), "info")
        self.printing_done.emit("printed")

    def show_print_queue(self) -> None:
        if self.printing is None or self.idle.locked:
            return
        dialog = PrintQueueDialog(
            self.printing.waiting, self.printing.print_waiting, self.tasks, self.fmt, self
        )
        dialog.finished.connect(dialog.deleteLater)
        self.print_queue_dialog = dialog
        dialog.open()

    # ---- voids --------------------------------------------------------------------------------------
    def void_selected(self) -> None:
        payment = self.account.selected_payment() if self.pages.currentWidget() is self.account else None
        if payment is not None:
            self._open_void(payment)

    def void_receipt(self, receipt_no: str) -> None:
        view = self.account.view
        payment = next((p for p in view.payments if p.receipt_no == receipt_no), None) if view else None
        if payment is not None:
            self._open_void(payment)

    def _open_void(self, payment: PaymentSummary) -> None:
        if self.idle.locked:
            return
        if payment.voided:
            self.banner.show_message(
                self.tr("Receipt %1 is already voided.").replace("%1", payment.receipt_no)
            )
            return
        payments = self.branch.payments
        approval = VoidApproval(self.user, self.branch.users.login)

        def void(receipt_no: str, reason: str, manager: UserInfo, requested_by: UserInfo) -> VoidRecord:
            return void_payment(payments, receipt_no, reason, manager, requested_by)

        dialog = VoidDialog(payment, approval, void, self.tasks, self.fmt, self)
        dialog.voided.connect(self._voided)
        dialog.finished.connect(dialog.deleteLater)
        self.void_dialog = dialog
        dialog.open()

    def _voided(self, record: VoidRecord) -> None:
        self.banner.show_message(
            self.tr("Receipt %1 voided (approved by %2).")
            .replace("%1", record.receipt_no)
            .replace("%2", record.manager)
        )
        self.print_document(record.receipt_no, "void")

    # ---- drawer (the wizards of ui.drawer_dialogs) ---------------------------------------------------
    def open_drawer(self) -> None:
        if self.idle.locked:
            return
        from ui.drawer_dialogs import OpenDrawerDialog

        dialog = OpenDrawerDialog(self.branch.drawer, self.user, self.settings, self.tasks, self)
        dialog.opened.connect(lambda _summary: self.refresh_status())
        dialog.finished.connect(dialog.deleteLater)
        self.drawer_dialog = dialog
        dialog.open()

    def close_drawer(self) -> None:
        if self.idle.locked:
            return
        from ui.drawer_dialogs import CloseDrawerDialog

        self._warn_if_unsynced()
        dialog = CloseDrawerDialog(
            self.branch.drawer, self.user, self.branch.users.login, self.settings, self.tasks, self
        )
        dialog.closed.connect(lambda _result: self.refresh_status())
        dialog.finished.connect(dialog.deleteLater)
        self.drawer_dialog = dialog
        dialog.open()

    def show_reports(self) -> None:
        """X, Z and end-of-day reports (ui/reports_widget.py) in their own window."""
        if self.idle.locked:
            return
        from app.reports import Reports
        from ui.reports_widget import ReportsWidget

        self._warn_if_unsynced()
        dialog = QDialog(self)
        dialog.setWindowTitle(self.tr("Reports"))
        layout = QVBoxLayout(dialog)
        layout.addWidget(ReportsWidget(Reports(self.branch), self.tasks, self.user, dialog))
        dialog.resize(900, 650)
        dialog.finished.connect(dialog.deleteLater)
        self.reports_dialog = dialog
        dialog.open()

    # ---- sync with head office ----------------------------------------------------------------------
    def sync_now(self, quiet: bool = False) -> None:
        """One round with head office on the sync lane (it may wait on the network, never on the GUI).
        ``quiet`` (the background timer) says nothing unless something went wrong."""
        status = self._last_status
        if self._syncing or (quiet and (status is None or not status.sync.configured)):
            return
        from app.sync.client import SyncClient

        branch = self.branch
        self._syncing = True

        def done(report: Any) -> None:
            self._syncing = False
            self.refresh_status()
            if not quiet:
                received = (
                    report.pulled_customers
                    + report.pulled_accounts
                    + report.pulled_payments
                    + report.pulled_voids
                )
                self.banner.show_message(
                    self.tr("Synced with head office: %1 sent, %2 received, %3 pending.")
                    .replace("%1", str(report.pushed))
                    .replace("%2", str(received))
                    .replace("%3", str(report.pending))
                )
            if report.pulled_payments or report.pulled_voids:
                self.account.refresh()

        def failed(exc: Exception) -> None:
            self._syncing = False
            self.refresh_status()
            self.banner.show_message(
                self.tr("Head office sync failed: %1").replace("%1", error_text(exc, self.settings.language)),
                kind="error",
                retry=self.sync_now,
            )

        QueryOp(self.tasks, self, lambda: SyncClient(branch).run_round(), done, lane="sync").failure(
            failed
        ).run()

    def _warn_if_unsynced(self) -> None:
        """Before a drawer close or a report: say so if payments have not reached head office yet."""
        status = self._last_status
        pending = status.sync.pending if status is not None and status.sync.configured else 0
        if pending:
            self.banner.show_message(
                self.tr("%1 events have not reached head office yet: sync before closing the day.").replace(
                    "%1", str(pending)
                ),
                kind="error",
                retry=self.sync_now,
            )

    # ---- settings -----------------------------------------------------------------------------------
    def show_settings(self) -> None:
        if not self.user.is_manager or self.idle.locked:
            return
        uri = self.printing.printer_uri() if self.printing is not None else None
        dialog = SettingsDialog(
            self.settings, uri, self.user, _SettingsServices(self.branch), self.tasks, self.fmt, self
        )
        dialog.finished.connect(dialog.deleteLater)
        self.settings_dialog = dialog
        dialog.open()

    # ---- status -------------------------------------------------------------------------------------
    def refresh_status(self) -> None:
        """Drawer and sync state for the status bar (database worker)."""
        branch = self.branch
        QueryOp(self.tasks, self, lambda: desk_status(branch), self._status_read).failure(
            lambda _e: None
        ).run()

    def _status_read(self, status: DeskStatus) -> None:
        self._last_status = status
        self.status.set_status(status)

    # ---- lock ---------------------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in ACTIVITY_EVENTS:
            self.idle.activity()
        return False

    def _check_idle(self) -> None:
        if self.idle.tick(busy=self.tasks.writing):
            self._show_lock()

    def lock_now(self) -> None:
        """Ctrl+L: lock at once."""
        if not self.idle.locked:
            self.idle.lock()
            self._show_lock()

    def _show_lock(self) -> None:
        self._page_before_lock = self.pages.currentWidget()
        app = QApplication.instance()
        windows = app.topLevelWidgets() if isinstance(app, QApplication) else []
        self._hidden_windows = [w for w in windows if w is not self and w.isVisible()]
        for window in self._hidden_windows:
            window.hide()
        for action in self.actions_by_name.values():
            action.setProperty("was_enabled", action.isEnabled())
            action.setEnabled(False)
        self.banner.hide()
        self.menuBar().setEnabled(False)
        self.lock_screen.prepare(self.user)
        self.pages.setCurrentWidget(self.lock_screen)
        self.lock_screen.password.setFocus()
        self.locked_changed.emit("locked")

    def _unlocked(self, user: UserInfo) -> None:
        self.user = user
        self.idle.unlock()
        self.menuBar().setEnabled(True)
        for action in self.actions_by_name.values():
            action.setEnabled(bool(action.property("was_enabled")))
        self.pages.setCurrentWidget(self._page_before_lock)
        for window in self._hidden_windows:
            window.show()
        self._hidden_windows = []
        if self._page_before_lock is self.search:
            self.search.focus_box()
        self.locked_changed.emit("unlocked")

    def closeEvent(self, event: Any) -> None:
        self._lock_timer.stop()
        self._sync_timer.stop()
        self._autosync_timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        super().closeEvent(event)
