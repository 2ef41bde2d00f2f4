"""Abono's core: domain, storage, services, printing, reports, sync and the CLI. Never imports Qt.

``from app import Branch`` is the door into a branch database; see ``app.branch``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Branch"]

if TYPE_CHECKING:
    from app.branch import Branch


def __getattr__(name: str) -> Any:
    # Lazy, so that light modules (app.money, app.receipts) do not pull in SQLAlchemy.
    if name == "Branch":
        from app.branch import Branch

        return Branch
    raise AttributeError(name)
