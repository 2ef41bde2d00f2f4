"""The lock screen: the desk hides everything until the user re-enters their password.

Contract: ``unlocked(UserInfo)`` is emitted only after ``login(username, password)`` succeeded for the
user who was logged in (failures count towards the lockout like any login); ``quit_requested`` when
the user chooses to close the desk instead.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from app.users import UserInfo
from ui.errors import error_text
from ui.operations import QueryOp, TaskManager


class LockWidget(QWidget):
    unlocked = Signal(object)
    quit_requested = Signal()

    def __init__(
        self, login: Callable[[str, str], UserInfo], tasks: TaskManager, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lockWidget")
        self._login = login
        self._tasks = tasks
        self.username = ""
        self.title = QLabel(objectName="heading")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit(objectName="password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.setMaximumWidth(320)
        self.error = QLabel("", objectName="inlineError")
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.quit_button = QPushButton(self.tr("Close the desk"))
        self.password.returnPressed.connect(self.submit)
        self.unlock_button.clicked.connect(self.submit)
        self.quit_button.clicked.connect(self.quit_requested)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.unlock_button)
        buttons.addWidget(self.quit_button)
        buttons.addStretch()
        layout = QVBoxLayout(self)
        layout.addStretch()
        layout.addWidget(self.title)
        layout.addWidget(self.password, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        layout.addStretch()

    def prepare(self, user: UserInfo) -> None:
        self.username = user.username
        self.title.setText(
            self.tr("The desk is locked. %1, enter your password to go on.").replace("%1", user.full_name)
        )
        self.password.clear()
        self.error.clear()
        self.unlock_button.setEnabled(True)
        self.password.setFocus()

    def submit(self) -> None:
        if not self.unlock_button.isEnabled():
            return
        username, password = self.username, self.password.text()
        self.unlock_button.setEnabled(False)
        QueryOp(self._tasks, self, lambda: self._login(username, password), self._success).failure(
            self._failed
        ).run()

    def _success(self, user: UserInfo) -> None:
        self.unlock_button.setEnabled(True)
        self.password.clear()
        self.unlocked.emit(user)

    def _failed(self, exc: Exception) -> None:
        self.unlock_button.setEnabled(True)
        self.error.setText(error_text(exc, self._tasks.lang))
        self.password.clear()
        self.password.setFocus()
