"""The branches allowed to sync, and their bearer tokens.

Contracts:
- :func:`add_branch` creates a branch with a new random token (32 bytes from ``secrets``, URL-safe
  text) and returns the token: it is shown once and never stored; the database keeps only its
  SHA-256. A code that exists (revoked or not) is refused.
- :func:`revoke_branch` makes the branch's token useless at once; it cannot be undone (add the
  branch again under a new code... or, for the same code, :func:`add_branch` with ``replace=True``
  issues a new token for a revoked branch).
- :func:`authenticate` returns the branch whose token this is, or ``None`` for an unknown or revoked
  token. It compares hashes through a unique index, so the token itself is never compared in Python.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from app.headoffice.errors import HeadOfficeError
from app.headoffice.models import BranchRecord
from app.headoffice.store import HeadOfficeStore

_CODE = re.compile(r"^[A-Z0-9]{2,8}$")


@dataclass(frozen=True, slots=True)
class BranchInfo:
    code: str
    name: str
    created_at: str
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


def now_utc() -> str:
    """Now as stored text (UTC, microseconds, trailing Z), like the branch's timestamps."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _code(code: str) -> str:
    value = (code or "").strip().upper()
    if not _CODE.match(value):
        raise HeadOfficeError("branch_code_invalid", code=code)
    return value


def add_branch(
    store: HeadOfficeStore, code: str, name: str, *, replace: bool = False
) -> tuple[BranchInfo, str]:
    """Register branch ``code`` and return (its info, its new token); see the module contract."""
    value = _code(code)
    label = " ".join((name or "").split())
    if not label:
        raise HeadOfficeError("ho_branch_name_missing")
    token = secrets.token_urlsafe(32)
    now = now_utc()
    with store.write() as conn:
        existing = conn.execute(
            select(BranchRecord.id, BranchRecord.revoked_at).where(BranchRecord.code == value)
        ).first()
        if existing is not None and not (replace and existing.revoked_at is not None):
            raise HeadOfficeError("ho_branch_exists", code=value)
        if existing is None:
            conn.execute(
                insert(BranchRecord).values(
                    code=value, name=label[:80], token_hash=token_hash(token), created_at=now
                )
            )
        else:
            conn.execute(
                update(BranchRecord)
                .where(BranchRecord.id == existing.id)
                .values(name=label[:80], token_hash=token_hash(token), revoked_at=None)
            )
    return BranchInfo(value, label[:80], now, None), token


def revoke_branch(store: HeadOfficeStore, code: str) -> BranchInfo:
    """Revoke the token of branch ``code`` (again is harmless); ``HeadOfficeError`` if there is none."""
    value = _code(code)
    with store.write() as conn:
        row = conn.execute(select(BranchRecord).where(BranchRecord.code == value)).first()
        if row is None:
            raise HeadOfficeError("ho_branch_unknown", code=value)
        revoked = row.revoked_at or now_utc()
        conn.execute(update(BranchRecord).where(BranchRecord.code == value).values(revoked_at=revoked))
    return BranchInfo(row.code, row.name, row.created_at, revoked)


def list_branches(store: HeadOfficeStore) -> list[BranchInfo]:
    with store.read() as conn:
        rows = conn.execute(
            select(
                BranchRecord.code, BranchRecord.name, BranchRecord.created_at, BranchRecord.revoked_at
            ).order_by(BranchRecord.code)
        )
        return [BranchInfo(*r) for r in rows]


def authenticate(store: HeadOfficeStore, token: str) -> BranchInfo | None:
    """The active branch holding ``token``, or ``None``; see the module contract."""
    if not token or len(token) > 200:
        return None
    with store.engine.connect() as conn:
        row = conn.execute(
            select(
                BranchRecord.code, BranchRecord.name, BranchRecord.created_at, BranchRecord.revoked_at
            ).where(BranchRecord.token_hash == token_hash(token))
        ).first()
    if row is None or row.revoked_at is not None:
        return None
    return BranchInfo(*row)
