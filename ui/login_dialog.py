"""The login dialog: user and password, checked on the database worker (Argon2 takes ~0.1 s).

Contract: ``logged_in(UserInfo)`` is emitted and the dialog accepted only after ``login`` succeeded.
A wrong password, an unknown user and a locked user show the core's message inline (the lockout
message says until when); the password is cleared and nothing else happens.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.users import UserInfo
from ui.errors import error_text
from ui.operations import QueryOp, TaskManager


class LoginDialog(QDialog):
    logged_in = Signal(object)

    def __init__(
        self,
        login: Callable[[str, str], UserInfo],
        tasks: TaskManager,
        title: str,
        parent: QWidget | None = None,
        *,
        username: str = "",
    ) -> None:
        super().__init__(parent)
        self._login = login
        self._tasks = tasks
        self.setWindowTitle(self.tr("Abono — log in"))
        self.setObjectName("loginDialog")
        heading = QLabel(title, objectName="heading")
        self.user = QLineEdit(username, objectName="user")
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel("", objectName="inlineError")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&User"), self.user)
        form.addRow(self.tr("&Password"), self.password)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Log in"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(380)
        (self.password if username else self.user).setFocus()

    def submit(self) -> None:
        if not self.ok_button.isEnabled():
            return
        user, password = self.user.text(), self.password.text()
        self.ok_button.setEnabled(False)
        self.error.setText(self.tr("Checking…"))
        self.error.show()
        QueryOp(self._tasks, self, lambda: self._login(user, password), self._success).failure(
            self._failed
        ).run()

    def _success(self, user: UserInfo) -> None:
        self.error.hide()
        self.logged_in.emit(user)
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.ok_button.setEnabled(True)
        self.error.setText(error_text(exc, self._tasks.lang))
        self.error.show()
        self.password.clear()
        self.password.setFocus()
