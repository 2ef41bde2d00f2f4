"""A non-blocking banner at the top of the desk: a message, an optional Retry, and a close button.

Used for "payment saved, the receipt did not print" (an error banner with Retry) and for short
confirmations (an info banner). It never takes the keyboard focus away from the cashier.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget


class BannerWidget(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.label = QLabel(objectName="bannerText")
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(self.tr("Retry"), objectName="bannerRetry")
        self.close_button = QPushButton("×", objectName="bannerClose")
        self.close_button.setToolTip(self.tr("Hide"))
        for button in (self.retry_button, self.close_button):
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.close_button.setFixedWidth(28)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.retry_button)
        layout.addWidget(self.close_button)
        self._retry: Callable[[], None] | None = None
        self.retry_button.clicked.connect(self._on_retry)
        self.close_button.clicked.connect(self.hide)
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "info", retry: Callable[[], None] | None = None) -> None:
        """Show ``text``; ``kind`` is "info" or "error"; ``retry`` adds a Retry button."""
        self.kind = kind
        self.setProperty("kind", kind)
        self.style().unpolish(self)
        self.style().polish(self)
        self.label.setText(text)
        self._retry = retry
        self.retry_button.setVisible(retry is not None)
        self.retry_button.setEnabled(True)
        self.show()

    def _on_retry(self) -> None:
        if self._retry is not None:
            self.retry_button.setEnabled(False)
            self._retry()
