"""The cash drawer wizards of the desk: open with a counted float, and the blind close.

Contracts:
- :class:`DenominationGrid` has one spin box per denomination of ``settings.drawer.denominations``
  (object names ``count_200``, ``count_0.50``...) and a live total; it never shows any other figure.
- :class:`OpenDrawerDialog` opens the register's drawer with the counted float on the database worker;
  ``opened(DrawerSummary)`` is emitted and the dialog accepted when it is open. A refusal (e.g. the
  drawer is already open) is shown inline and nothing changes.
- :class:`CloseDrawerDialog` is blind: the expected amount appears nowhere until the count has been
  submitted. A difference beyond the branch's threshold switches to the approval page: a manager's
  user and password and a note, checked on the worker; the close is then retried with
  ``approved_by``. The count cannot be changed after it was submitted (the refused attempt is in the
  audit log). ``closed(CloseResult)`` is emitted when the drawer is closed; the last page shows
  counted, expected and over/short.
- Widgets get their services through the constructor; nothing here touches the database directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.drawer import CloseResult, Counts, Drawers, DrawerSummary
from app.errors import AbonoError
from app.settings import BranchSettings
from app.users import UserInfo
from ui.errors import error_text
from ui.formatting import Formatter
from ui.operations import CollectionOp, TaskManager

MAX_PIECES = 99_999
DRAWER_CHANGED = frozenset({"drawer"})


def denomination_key(denomination: Decimal) -> str:
    """``Decimal("0.50")`` -> ``"0.50"``, ``Decimal("200")`` -> ``"200"``: the spin box's object name part."""
    return format(denomination, "f")


class DenominationGrid(QWidget):
    """A spin box per note and coin, with the live total of what was counted."""

    total_changed = Signal(object)  # Decimal

    def __init__(
        self, denominations: Sequence[Decimal], fmt: Formatter, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._fmt = fmt
        self.spins: dict[Decimal, QSpinBox] = {}
        grid = QGridLayout(self)
        half = (len(denominations) + 1) // 2
        for index, denomination in enumerate(denominations):
            spin = QSpinBox(objectName=f"count_{denomination_key(denomination)}")
            spin.setRange(0, MAX_PIECES)
            spin.setAccelerated(True)
            spin.valueChanged.connect(self._changed)
            label = QLabel(fmt.money(denomination))
            label.setBuddy(spin)
            row, column = index % half, (index // half) * 2
            grid.addWidget(label, row, column)
            grid.addWidget(spin, row, column + 1)
            self.spins[denomination] = spin
        self.total_label = QLabel(objectName="total")
        self.total_label.setStyleSheet("font-weight: bold")
        grid.addWidget(QLabel(self.tr("Total counted")), half, 0)
        grid.addWidget(self.total_label, half, 1, 1, 3)
        self._changed()

    def counts(self) -> Counts:
        """Pieces counted per denomination (denominations with none are left out)."""
        return {d: spin.value() for d, spin in self.spins.items() if spin.value()}

    def total(self) -> Decimal:
        return sum((d * spin.value() for d, spin in self.spins.items()), Decimal("0.00"))

    def set_counts(self, counts: Counts) -> None:
        for d, spin in self.spins.items():
            spin.setValue(counts.get(d, 0))

    def _changed(self) -> None:
        total = self.total()
        self.total_label.setText(self._fmt.money(total))
        self.total_changed.emit(total)


def _inline_error() -> QLabel:
    label = QLabel("", objectName="inlineError")
    label.setWordWrap(True)
    label.hide()
    return label


class OpenDrawerDialog(QDialog):
    """Open the register's drawer with a float counted by denomination."""

    opened = Signal(object)  # DrawerSummary

    def __init__(
        self,
        drawer: Drawers,
        user: UserInfo,
        settings: BranchSettings,
        tasks: TaskManager,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._drawer = drawer
        self._user = user
        self._tasks = tasks
        self.setObjectName("openDrawerDialog")
        self.setWindowTitle(self.tr("Open the drawer"))
        self.grid = DenominationGrid(settings.drawer.denominations, Formatter(settings), self)
        self.error = _inline_error()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.open_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.open_button.setText(self.tr("Open drawer"))
        self.open_button.setObjectName("openButton")
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Count the float by denomination."), objectName="heading"))
        layout.addWidget(self.grid)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def submit(self) -> None:
        if not self.open_button.isEnabled():
            return
        counts = self.grid.counts()
        self.open_button.setEnabled(False)
        self.error.hide()
        CollectionOp(
            self._tasks,
            self,
            lambda: self._drawer.open(counts, self._user),
            self._opened,
            changes=DRAWER_CHANGED,
        ).failure(self._failed).run()

    def _opened(self, summary: DrawerSummary) -> None:
        self.opened.emit(summary)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.open_button.setEnabled(True)
        self.error.setText(error_text(exc, self._tasks.lang))
        self.error.show()


class CloseDrawerDialog(QDialog):
    """The blind close: count, submit, then (only then) see the expected cash; approval if needed."""

    closed = Signal(object)  # CloseResult
    approval_requested = Signal(object)  # the over/short (Decimal) that needs a manager

    COUNT, APPROVAL, DONE = range(3)

    def __init__(
        self,
        drawer: Drawers,
        user: UserInfo,
        login: Callable[[str, str], UserInfo],
        settings: BranchSettings,
        tasks: TaskManager,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._drawer = drawer
        self._user = user
        self._login = login
        self._tasks = tasks
        self._fmt = Formatter(settings)
        self._counts: Counts = {}
        self.setObjectName("closeDrawerDialog")
        self.setWindowTitle(self.tr("Close the drawer"))
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self._count_page(settings))
        self.pages.addWidget(self._approval_page())
        self.pages.addWidget(self._done_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

    # ---- pages ------------------------------------------------------------------------------------
    def _count_page(self, settings: BranchSettings) -> QWidget:
        page = QWidget(objectName="countPage")
        self.grid = DenominationGrid(settings.drawer.denominations, self._fmt, page)
        self.count_error = _inline_error()
        self.submit_button = QPushButton(self.tr("Submit count"), objectName="submitCount")
        self.submit_button.setDefault(True)
        self.submit_button.clicked.connect(self.submit_count)
        cancel = QPushButton(self.tr("Cancel"), objectName="cancel")
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(
                self.tr("Count the cash in the drawer by denomination, then submit the count."), wordWrap=True
            )
        )
        layout.addWidget(self.grid)
        layout.addWidget(self.count_error)
        layout.addWidget(self.submit_button)
        layout.addWidget(cancel)
        return page

    def _approval_page(self) -> QWidget:
        page = QWidget(objectName="approvalPage")
        self.approval_text = QLabel("", objectName="approvalText", wordWrap=True)
        self.manager_user = QLineEdit(objectName="managerUser")
        self.manager_password = QLineEdit(objectName="managerPassword")
        self.manager_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.note = QLineEdit(objectName="note")
        self.approval_error = _inline_error()
        self.approve_button = QPushButton(self.tr("Approve and close"), objectName="approve")
        self.approve_button.clicked.connect(self.approve)
        cancel = QPushButton(self.tr("Cancel"), objectName="cancelApproval")
        cancel.clicked.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Manager"), self.manager_user)
        form.addRow(self.tr("Password"), self.manager_password)
        form.addRow(self.tr("Note"), self.note)
        layout = QVBoxLayout(page)
        layout.addWidget(self.approval_text)
        layout.addLayout(form)
        layout.addWidget(self.approval_error)
        layout.addWidget(self.approve_button)
        layout.addWidget(cancel)
        return page

    def _done_page(self) -> QWidget:
        page = QWidget(objectName="donePage")
        self.result_text = QLabel("", objectName="resultText", wordWrap=True)
        done = QPushButton(self.tr("Done"), objectName="done")
        done.clicked.connect(self.accept)
        layout = QVBoxLayout(page)
        layout.addWidget(self.result_text)
        layout.addWidget(done)
        return page

    # ---- steps ------------------------------------------------------------------------------------
    def submit_count(self) -> None:
        """Close with the count as it is; the grid is locked from now on."""
        if not self.submit_button.isEnabled():
            return
        self._counts = self.grid.counts()
        self.grid.setEnabled(False)
        self.submit_button.setEnabled(False)
        self.count_error.hide()
        counts = self._counts
        CollectionOp(
            self._tasks,
            self,
            lambda: self._drawer.close(counts, self._user),
            self._closed,
            changes=DRAWER_CHANGED,
        ).failure(self._count_refused).run()

    def _count_refused(self, exc: Exception) -> None:
        if isinstance(exc, AbonoError) and exc.code == "drawer_needs_approval":
            over_short = Decimal(str(exc.params["over_short"]))
            counted = self.grid.total()
            self.approval_text.setText(
                self.tr(
                    "Counted {counted}, expected {expected}: a difference of {diff}, beyond {limit}. "
                    "A manager must approve the close with a note."
                ).format(
                    counted=self._fmt.money(counted),
                    expected=self._fmt.money(counted - over_short),
                    diff=self._fmt.money(over_short),
                    limit=self._fmt.money(Decimal(str(exc.params["threshold"]))),
                )
            )
            self.pages.setCurrentIndex(self.APPROVAL)
            self.manager_user.setFocus()
            self.approval_requested.emit(over_short)
            return
        # Not a difference (e.g. the drawer was closed elsewhere): let the cashier see why and retry.
        self.grid.setEnabled(True)
        self.submit_button.setEnabled(True)
        self.count_error.setText(error_text(exc, self._tasks.lang))
        self.count_error.show()

    def approve(self) -> None:
        """Check the manager's credentials on the worker and close with their approval and note."""
        if not self.approve_button.isEnabled():
            return
        username, password, note = self.manager_user.text(), self.manager_password.text(), self.note.text()
        counts = self._counts
        self.approve_button.setEnabled(False)
        self.approval_error.hide()

        def close_with_approval() -> CloseResult:
            manager = self._login(username, password)
            return self._drawer.close(counts, self._user, approved_by=manager, note=note)

        CollectionOp(self._tasks, self, close_with_approval, self._closed, changes=DRAWER_CHANGED).failure(
            self._approval_refused
        ).run()

    def _approval_refused(self, exc: Exception) -> None:
        self.approve_button.setEnabled(True)
        self.manager_password.clear()
        self.approval_error.setText(error_text(exc, self._tasks.lang))
        self.approval_error.show()

    def _closed(self, result: CloseResult) -> None:
        lines = [
            self.tr("Counted: {amount}").format(amount=self._fmt.money(result.counted)),
            self.tr("Expected: {amount}").format(amount=self._fmt.money(result.expected)),
            self.tr("Over (+) / short (-): {amount}").format(amount=self._fmt.money(result.over_short)),
        ]
        if result.approved_by:
            lines.append(self.tr("Approved by {manager}").format(manager=result.approved_by))
        self.result_text.setText("\n".join(lines))
        self.pages.setCurrentIndex(self.DONE)
        self.closed.emit(result)
