"""What the desk's status bar says about the cash drawer and sync, without Qt.

- Drawer: "open" or "closed" from ``branch.drawer.is_open()``; None where the branch has no drawer
  service (the status bar then shows "—").
- Sync: the status of ``branch.sync`` if the branch offers one, else of ``app.sync.client.SyncClient``
  when that package is installed, read without network (pending events, last success, last error).
  Without either the state is "not configured". Any error reading it is reported as an unknown state,
  never raised: the status bar must not break the desk.
Both read the database: call them on the database worker.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class SyncState:
    configured: bool
    pending: int | None = None
    last_sync: str | None = None
    error: str | None = None


@dataclass(frozen=True, slots=True)
class DeskStatus:
    drawer: str | None
    sync: SyncState


def _sync_service(branch: Any) -> Any:
    service = getattr(branch, "sync", None)
    if service is not None:
        return service
    try:
        client = importlib.import_module("app.sync.client")
    except ImportError:
        return None
    factory = getattr(client, "SyncClient", None)
    return factory(branch) if factory is not None else None


def sync_state(branch: Any) -> SyncState:
    """The sync state of ``branch``; see the module contract."""
    try:
        service = _sync_service(branch)
        status = getattr(service, "status", None)
        if not callable(status):
            return SyncState(configured=False)
        st = status()
    except Exception as exc:  # shown as "unknown", never raised into the status bar
        return SyncState(configured=True, error=str(exc) or type(exc).__name__)
    if not bool(getattr(st, "configured", True)):
        return SyncState(configured=False, pending=getattr(st, "pending", None))
    pending = getattr(st, "pending", None)
    last = getattr(st, "last_success", None) or getattr(st, "last_sync", None)
    error = getattr(st, "last_error", None)
    return SyncState(
        configured=True,
        pending=int(pending) if pending is not None else None,
        last_sync=str(last) if last else None,
        error=str(error) if error else None,
    )


def drawer_state(branch: Any) -> str | None:
    """ "open", "closed", or None when the branch has no drawer service (or it cannot be read)."""
    drawer = getattr(branch, "drawer", None)
    is_open = getattr(drawer, "is_open", None)
    if not callable(is_open):
        return None
    try:
        return "open" if is_open() else "closed"
    except Exception:
        return None


def desk_status(branch: Any) -> DeskStatus:
    return DeskStatus(drawer_state(branch), sync_state(branch))
