"""Voiding a payment from the desk, without Qt: who approves it.

Contract: a manager (or admin) at the desk voids with their own session. A cashier needs a manager's
approval typed on the cashier's screen: :meth:`VoidApproval.approver` checks those credentials with
``users.login`` (so failures count towards the lockout and are audited) and refuses a user who is not a
manager with ``PermissionDenied``. :func:`void_payment` then voids with the approving manager and the
cashier as the requester, and queues the void slip in the same transaction. Runs on the database worker.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.payments import VoidRecord
from app.users import UserInfo, require_manager

VOID_ACTION = "anular pagos"


class VoidApproval:
    """Who approves a void requested by ``user``; see the module contract."""

    def __init__(self, user: UserInfo, login: Callable[[str, str], UserInfo]) -> None:
        self.user = user
        self._login = login

    @property
    def needs_manager_credentials(self) -> bool:
        return not self.user.is_manager

    def approver(self, username: str = "", password: str = "") -> UserInfo:
        """The approving manager: the user themself if a manager, else the one whose credentials were
        typed. Raises ``AuthenticationFailed`` or ``PermissionDenied``."""
        if not self.needs_manager_credentials:
            return self.user
        manager = self._login(username, password)
        require_manager(manager, VOID_ACTION)
        return manager


def void_payment(
    payments: Any, receipt_no: str, reason: str, manager: UserInfo, requested_by: UserInfo
) -> VoidRecord:
    """Void ``receipt_no`` approved by ``manager`` for ``requested_by``; the slip is queued to print."""
    record: VoidRecord = payments.void(
        receipt_no, reason, manager, requested_by=requested_by, queue_slip=True
    )
    return record
