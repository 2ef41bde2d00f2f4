"""The sync outbox: every record a branch creates for head office is written here in the same
transaction as the record itself, with its own event UUID (see ``app.sync`` for the sending side)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from sqlalchemy import insert
from sqlalchemy.orm import Session

from app.storage.models import OutboxEvent


def record_event(s: Session, kind: str, payload: dict[str, Any], now: str) -> str:
    """Append one event in the caller's transaction; returns its event UUID."""
    event_uuid = str(uuid.uuid4())
    s.execute(
        insert(OutboxEvent).values(
            event_uuid=event_uuid,
            kind=kind,
            payload=json.dumps(payload, ensure_ascii=False, sort_keys=True),
            created_at=now,
        )
    )
    return event_uuid
