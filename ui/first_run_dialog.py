"""First run: no branch database yet. Set up this branch (code, name, register, administrator) or open
the demo branch.

Contract: ``branch_ready(Branch)`` is emitted with the open branch after ``create_branch`` (or the demo
loader) succeeded on the database worker; a refusal is shown inline and nothing is left half-created
(``app.flows.first_run``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

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

from app.flows.first_run import BranchSetup
from ui.errors import error_text
from ui.operations import CollectionOp, TaskManager


class FirstRunDialog(QDialog):
    branch_ready = Signal(object)

    def __init__(
        self,
        create: Callable[[BranchSetup], Any],
        open_demo: Callable[[], Any],
        tasks: TaskManager,
        path_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("firstRunDialog")
        self.setWindowTitle(self.tr("Abono — set up this branch"))
        self._create = create
        self._open_demo = open_demo
        self._tasks = tasks
        intro = QLabel(
            self.tr(
                "There is no branch database at %1 yet. Set up this branch, or try the demo branch."
            ).replace("%1", path_text),
            objectName="hint",
        )
        intro.setWordWrap(True)
        self.code = QLineEdit(objectName="branchCode")
        self.code.setPlaceholderText("B012")
        self.name = QLineEdit(objectName="branchName")
        self.register = QLineEdit("01", objectName="register")
        self.admin_user = QLineEdit("admin", objectName="adminUser")
        self.admin_name = QLineEdit(objectName="adminName")
        self.password = QLineEdit(objectName="password")
        self.password_again = QLineEdit(objectName="passwordAgain")
        for edit in (self.password, self.password_again):
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Branch &code"), self.code)
        form.addRow(self.tr("Branch &name"), self.name)
        form.addRow(self.tr("&Register"), self.register)
        form.addRow(self.tr("Administrator &user"), self.admin_user)
        form.addRow(self.tr("Administrator's full name"), self.admin_name)
        form.addRow(self.tr("&Password"), self.password)
        form.addRow(self.tr("Password &again"), self.password_again)
        self.error = QLabel(objectName="inlineError")
        self.error.setWordWrap(True)
        self.create_button = QPushButton(self.tr("Set up branch"), objectName="create")
        self.create_button.setDefault(True)
        self.demo_button = QPushButton(self.tr("Open the demo branch"), objectName="demo")
        self.demo_button.setAutoDefault(False)
        cancel = QPushButton(self.tr("Quit"))
        cancel.setAutoDefault(False)
        self.create_button.clicked.connect(self.create)
        self.demo_button.clicked.connect(self.demo)
        cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.demo_button)
        buttons.addStretch()
        buttons.addWidget(self.create_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.code.setFocus()

    def setup(self) -> BranchSetup:
        return BranchSetup(
            branch_code=self.code.text(),
            branch_name=self.name.text(),
            register=self.register.text(),
            admin_user=self.admin_user.text(),
            admin_name=self.admin_name.text(),
            password=self.password.text(),
            password_again=self.password_again.text(),
        )

    def create(self) -> None:
        setup, create = self.setup(), self._create
        self._busy(self.tr("Setting up the branch…"))
        CollectionOp(self._tasks, self, lambda: create(setup), self._ready).failure(self._failed).run()

    def demo(self) -> None:
        self._busy(self.tr("Creating the demo branch (a few seconds)…"))
        CollectionOp(self._tasks, self, self._open_demo, self._ready).failure(self._failed).run()

    def _busy(self, text: str) -> None:
        self.error.setText(text)
        self.create_button.setEnabled(False)
        self.demo_button.setEnabled(False)

    def _ready(self, branch: Any) -> None:
        self.branch_ready.emit(branch)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.create_button.setEnabled(True)
        self.demo_button.setEnabled(True)
        self.error.setText(error_text(exc, self._tasks.lang))
