"""The status bar's fields: branch, register, user, drawer and sync."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.flows.desk_status import DeskStatus, SyncState
from ui.formatting import Formatter


class StatusWidget(QWidget):
    def __init__(self, fmt: Formatter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._fmt = fmt
        self.branch = QLabel(objectName="statusBranch")
        self.register = QLabel(objectName="statusRegister")
        self.user = QLabel(objectName="statusUser")
        self.drawer = QLabel(objectName="statusDrawer")
        self.sync = QLabel(objectName="statusSync")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        for label in (self.branch, self.register, self.user, self.drawer, self.sync):
            layout.addWidget(label)
        self.set_drawer(None)
        self.set_sync(SyncState(configured=False))

    def set_identity(self, branch: str, register: str, user: str) -> None:
        self.branch.setText(self.tr("Branch: %1").replace("%1", branch))
        self.register.setText(self.tr("Register: %1").replace("%1", register))
        self.user.setText(self.tr("User: %1").replace("%1", user))

    def set_drawer(self, state: str | None) -> None:
        names = {"open": self.tr("open"), "closed": self.tr("closed")}
        self.drawer.setText(self.tr("Drawer: %1").replace("%1", names.get(state or "", "—")))

    def set_status(self, status: DeskStatus) -> None:
        self.set_drawer(status.drawer)
        self.set_sync(status.sync)

    def set_sync(self, state: SyncState) -> None:
        if not state.configured:
            text = self.tr("Sync: not configured")
        elif state.error:
            text = self.tr("Sync: error, %1 pending").replace("%1", str(state.pending or 0))
            self.sync.setToolTip(state.error)
        else:
            last = self._fmt.timestamp(state.last_sync) if state.last_sync else self.tr("never")
            text = (
                self.tr("Sync: %1 pending, last %2")
                .replace("%1", str(state.pending or 0))
                .replace("%2", last)
            )
        self.sync.setText(text)
