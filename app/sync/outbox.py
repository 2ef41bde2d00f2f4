"""Push: the branch's outbox to head office, in batches, each event acknowledged exactly once.

Contract of :func:`push_outbox`: unsent outbox rows (``sent_at IS NULL``) are read in id order,
``batch_size`` at a time, and posted. Then, in ONE write transaction, exactly the events the server
acknowledged as ``accepted`` (and that were in the batch) get ``sent_at``; the ones it refused are
recorded in ``sync_refusals`` and stay unsent (pending, for review). If the process dies or the link
fails anywhere before that transaction commits, nothing is marked and the next round sends the batch
again: the server recognises the event ids and answers with the same acknowledgements.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from app.branch import Branch
from app.storage.models import OutboxEvent, SyncRefusal
from app.sync.errors import SyncError
from app.sync.transport import HeadOfficeLink


@dataclass(frozen=True, slots=True)
class PushOutcome:
    sent: int
    refused: int
    batches: int
    first_refusal: tuple[str, str] | None = None  # (event id, reason)


def push_outbox(branch: Branch, link: HeadOfficeLink, batch_size: int, now: Callable[[], str]) -> PushOutcome:
    """Push every pending outbox event; see the module contract."""
    sent = refused = batches = 0
    first: tuple[str, str] | None = None
    last_id = 0
    while True:
        with Session(branch.engine) as s:
            rows = s.execute(
                select(OutboxEvent.id, OutboxEvent.event_uuid, OutboxEvent.kind, OutboxEvent.payload)
                .where(OutboxEvent.sent_at.is_(None), OutboxEvent.id > last_id)
                .order_by(OutboxEvent.id)
                .limit(batch_size)
            ).all()
        if not rows:
            break
        events = [{"event_id": r.event_uuid, "kind": r.kind, "payload": json.loads(r.payload)} for r in rows]
        answer = link.push(events)
        accepted, refusals = _acknowledged(answer, {r.event_uuid for r in rows})
        at = now()
        with Session(branch.write_engine) as s, s.begin():
            ids = list(accepted)
            for start in range(0, len(ids), 500):
                s.execute(
                    update(OutboxEvent)
                    .where(
                        OutboxEvent.event_uuid.in_(ids[start : start + 500]), OutboxEvent.sent_at.is_(None)
                    )
                    .values(sent_at=at)
                )
            if refusals:
                s.execute(
                    insert(SyncRefusal).on_conflict_do_nothing(),
                    [
                        {
                            "direction": "push",
                            "event_uuid": e,
                            "reason": r[:32],
                            "detail": d,
                            "created_at": at,
                        }
                        for e, r, d in refusals
                    ],
                )
        sent += len(accepted)
        refused += len(refusals)
        if refusals and first is None:
            first = (refusals[0][0], refusals[0][1])
        batches += 1
        last_id = rows[-1].id
    return PushOutcome(sent, refused, batches, first)


def _acknowledged(answer: dict[str, Any], batch: set[str]) -> tuple[set[str], list[tuple[str, str, str]]]:
    """(ids accepted, [(id, reason, detail)] refused) from the server's answer, checked against ``batch``."""
    results = answer.get("results")
    if not isinstance(results, list):
        raise SyncError("sync_protocol", detail="push answer without results")
    accepted: set[str] = set()
    refused: list[tuple[str, str, str]] = []
    for item in results:
        if not isinstance(item, dict) or item.get("event_id") not in batch:
            raise SyncError("sync_protocol", detail="acknowledgement for an event that was not sent")
        if item.get("status") == "accepted":
            accepted.add(item["event_id"])
        else:
            refused.append(
                (
                    item["event_id"],
                    str(item.get("status") or "refused"),
                    str(item.get("reason") or item.get("code")),
                )
            )
    return accepted, refused
