"""Void a payment: a reason, and a manager's credentials when the user at the desk is a cashier.

Contract: nothing is voided until the approving manager's credentials (or the manager's own session)
and a reason are accepted by the core; every refusal (wrong password, a cashier's credentials, no
reason, already voided) is shown inline and the dialog stays open. Login and void run on the database
worker (``CollectionOp``, announcing "payments"); ``voided(VoidRecord)`` is emitted on success.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.accounts import PaymentSummary
from app.flows.void_flow import VoidApproval
from app.payments import VoidRecord
from app.users import UserInfo
from ui.errors import error_text
from ui.formatting import Formatter
from ui.operations import CollectionOp, TaskManager


class VoidDialog(QDialog):
    voided = Signal(object)

    def __init__(
        self,
        payment: PaymentSummary,
        approval: VoidApproval,
        void: Callable[[str, str, UserInfo, UserInfo], VoidRecord],
        tasks: TaskManager,
        fmt: Formatter,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("voidDialog")
        self.setWindowTitle(self.tr("Void payment"))
        self._payment = payment
        self._approval = approval
        self._void = void
        self._tasks = tasks
        what = QLabel(
            self.tr("Receipt %1 · %2 · %3 · %4")
            .replace("%1", payment.receipt_no)
            .replace("%2", fmt.money(payment.amount))
            .replace("%3", fmt.method(payment.method))
            .replace("%4", fmt.timestamp(payment.created_at)),
            objectName="heading",
        )
        self.reason = QLineEdit(objectName="reason")
        self.manager_user = QLineEdit(objectName="managerUser")
        self.manager_password = QLineEdit(objectName="managerPassword")
        self.manager_password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("&Reason"), self.reason)
        self.approval_note = QLabel(
            self.tr("A manager must approve this void: the manager types their user and password here."),
            objectName="hint",
        )
        self.approval_note.setWordWrap(True)
        if approval.needs_manager_credentials:
            form.addRow(self.approval_note)
            form.addRow(self.tr("&Manager"), self.manager_user)
            form.addRow(self.tr("Manager's &password"), self.manager_password)
        self.error = QLabel(objectName="inlineError")
        self.error.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("Void payment"), objectName="confirm")
        self.confirm_button.setDefault(True)
        cancel = QPushButton(self.tr("Cancel"))
        cancel.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.confirm)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.confirm_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(what)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(460)
        self.reason.setFocus()

    def confirm(self) -> None:
        if not self.confirm_button.isEnabled():
            return
        reason = self.reason.text()
        user, password = self.manager_user.text(), self.manager_password.text()
        approval, void, receipt_no = self._approval, self._void, self._payment.receipt_no

        def op() -> VoidRecord:
            manager = approval.approver(user, password)
            return void(receipt_no, reason, manager, approval.user)

        self.confirm_button.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        CollectionOp(self._tasks, self, op, self._done, changes=frozenset({"payments"})).failure(
            self._failed
        ).run()

    def _done(self, record: VoidRecord) -> None:
        self.voided.emit(record)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.confirm_button.setEnabled(True)
        self.error.setText(error_text(exc, self._tasks.lang))
        self.manager_password.clear()
