"""The branch side of sync with head office.

``SyncClient(branch).run_round()`` pushes the outbox and pulls the change feed; ``status()`` says what
is pending. See :mod:`app.sync.client` for the contracts, :mod:`app.sync.outbox` (push),
:mod:`app.sync.inbox` (pull) and :mod:`app.sync.transport` (HTTP, retries, the URL policy).
"""

from __future__ import annotations

from app.sync.client import SyncClient, SyncReport, SyncStatus
from app.sync.errors import SyncError
from app.sync.transport import RetryPolicy

__all__ = ["RetryPolicy", "SyncClient", "SyncError", "SyncReport", "SyncStatus"]
