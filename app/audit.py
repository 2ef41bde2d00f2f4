"""The append-only, hash-chained audit log.

Every sensitive action (payment, void, reprint, cash move, drawer close, login failure, user change,
settings change) is recorded with :meth:`AuditLog.record` inside the same transaction as the action
itself. Each row stores the SHA-256 of the previous row's hash plus its own canonical content, so
editing, deleting or inserting a row anywhere breaks the chain from that row on; database triggers
refuse UPDATE and DELETE in the first place. :meth:`AuditLog.verify` walks the whole chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, insert, select, text
from sqlalchemy.orm import Session

from app.storage.models import AuditEntry

GENESIS = "0" * 64


def chain_hash(prev_hash: str, created_at: str, actor: str, action: str, subject: str, details: str) -> str:
    canonical = json.dumps([prev_hash, created_at, actor, action, subject, details], ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class AuditReport:
    ok: bool
    count: int
    broken_at: int | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class AuditRecord:
    id: int
    created_at: str
    actor: str
    action: str
    subject: str
    details: dict[str, Any]


class AuditLog:
    """Writes and verifies the audit chain. ``record`` must be called inside a write transaction."""

    def __init__(self, engine: Engine, branch_code: str | None = None) -> None:
        self._engine = engine
        self._branch_code = branch_code

    @staticmethod
    def record(
        session: Session, created_at: str, actor: str, action: str, subject: str, details: dict[str, Any]
    ) -> None:
        """Append one row chained to the last one, in the caller's (BEGIN IMMEDIATE) transaction."""
        prev = session.execute(text("SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1")).scalar()
        prev_hash = prev or GENESIS
        body = json.dumps(details, ensure_ascii=False, sort_keys=True, default=str)
        session.execute(
            insert(AuditEntry).values(
                created_at=created_at,
                actor=actor,
                action=action,
                subject=subject,
                details=body,
                prev_hash=prev_hash,
                hash=chain_hash(prev_hash, created_at, actor, action, subject, body),
            )
        )

    def verify(self) -> AuditReport:
        """Recompute the chain from the first row; report the first row that does not match. Then check
        that every payment and void this branch recorded since the log began has its audit row, so
        removing the newest rows (which leaves a valid, shorter chain) is detected too."""
        prev_hash = GENESIS
        count = 0
        with Session(self._engine) as s:
            rows = s.execute(
                select(
                    AuditEntry.id,
                    AuditEntry.created_at,
                    AuditEntry.actor,
                    AuditEntry.action,
                    AuditEntry.subject,
                    AuditEntry.details,
                    AuditEntry.prev_hash,
                    AuditEntry.hash,
                ).order_by(AuditEntry.id)
            )
            for row_id, created_at, actor, action, subject, details, stored_prev, stored_hash in rows:
                if stored_prev != prev_hash:
                    return AuditReport(False, count, row_id, "previous hash does not match")
                expected = chain_hash(prev_hash, created_at, actor, action, subject, details)
                if expected != stored_hash:
                    return AuditReport(False, count, row_id, "content does not match its hash")
                prev_hash = stored_hash
                count += 1
            missing = self._unaudited(s)
        if missing:
            return AuditReport(False, count, None, f"no audit row for {missing}")
        return AuditReport(True, count)

    def _unaudited(self, s: Session) -> str | None:
        """The first local payment or void since the log's first row that has no audit row, if any."""
        if self._branch_code is None:
            return None
        start = s.execute(text("SELECT min(created_at) FROM audit_log")).scalar()
        if start is None:
            return None
        audited = {
            (action, subject)
            for action, subject in s.execute(
                text("SELECT action, subject FROM audit_log WHERE action IN ('payment', 'void')")
            )
        }
        for action, sql in (
            (
                "payment",
                "SELECT receipt_no FROM payments WHERE branch_code = :b AND created_at >= :t ORDER BY id",
            ),
            (
                "void",
                "SELECT p.receipt_no FROM payment_voids v JOIN payments p ON p.id = v.payment_id "
                "WHERE v.branch_code = :b AND v.created_at >= :t ORDER BY v.id",
            ),
        ):
            for (receipt_no,) in s.execute(text(sql), {"b": self._branch_code, "t": start}):
                if (action, receipt_no) not in audited:
                    return f"{action} {receipt_no}"
        return None

    def recent(self, limit: int = 50, action: str | None = None) -> list[AuditRecord]:
        """The latest rows, newest first."""
        stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
        if action:
            stmt = stmt.where(AuditEntry.action == action)
        with Session(self._engine) as s:
            return [
                AuditRecord(e.id, e.created_at, e.actor, e.action, e.subject, json.loads(e.details))
                for e in s.scalars(stmt)
            ]
