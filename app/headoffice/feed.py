"""The global change feed that branches pull.

Contracts:
- :func:`append` gives ``n`` new entries the next ``n`` sequence numbers, taken from the single
  ``feed_counter`` row by an ``UPDATE ... RETURNING`` inside the caller's write transaction. That row
  stays locked until the transaction ends, so a later sequence number can only be handed out after the
  earlier one is committed (or rolled back and reused): a reader never sees seq 11 before seq 10 and
  a cursor can never step over an entry that commits late.
- :func:`read_page` returns the entries after a cursor, in order, at most ``limit`` of them scanned;
  entries that came from the asking branch itself are skipped (it has them), but the cursor it returns
  moves past them. The page is built as JSON text straight from the stored payloads.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, insert, select, update

from app.headoffice.models import FeedCounter, FeedEntry

MAX_PAGE = 10_000


@dataclass(frozen=True, slots=True)
class NewEntry:
    kind: str  # customer | account | payment | void
    entity_uuid: str
    payload: str  # JSON text
    origin_branch: str | None = None


def append(conn: Connection, entries: Sequence[NewEntry], now: str) -> list[int]:
    """Append ``entries`` to the feed in the caller's transaction; returns their sequence numbers."""
    if not entries:
        return []
    last = conn.execute(
        update(FeedCounter)
        .where(FeedCounter.id == 1)
        .values(last_seq=FeedCounter.last_seq + len(entries))
        .returning(FeedCounter.last_seq)
    ).scalar_one()
    first = last - len(entries) + 1
    rows = [
        {
            "seq": first + i,
            "kind": e.kind,
            "entity_uuid": e.entity_uuid,
            "origin_branch": e.origin_branch,
            "payload": e.payload,
            "created_at": now,
        }
        for i, e in enumerate(entries)
    ]
    for start in range(0, len(rows), 5000):
        conn.execute(insert(FeedEntry), rows[start : start + 5000])
    return list(range(first, last + 1))


def head(conn: Connection) -> int:
    """The last sequence number handed out."""
    return int(conn.execute(select(FeedCounter.last_seq).where(FeedCounter.id == 1)).scalar_one())


@dataclass(frozen=True, slots=True)
class Page:
    """A page as JSON text plus its figures (for logs and tests)."""

    body: str
    count: int
    next_cursor: int
    has_more: bool


def read_page(conn: Connection, after: int, limit: int, branch_code: str) -> Page:
    """Entries after ``after`` (at most ``limit`` scanned), without ``branch_code``'s own; see above."""
    limit = max(1, min(int(limit), MAX_PAGE))
    rows = conn.execute(
        select(FeedEntry.seq, FeedEntry.kind, FeedEntry.origin_branch, FeedEntry.payload)
        .where(FeedEntry.seq > after)
        .order_by(FeedEntry.seq)
        .limit(limit)
    ).all()
    next_cursor = rows[-1].seq if rows else after
    parts = [
        f'{{"seq":{seq},"kind":{json.dumps(kind)},"data":{payload}}}'
        for seq, kind, origin, payload in rows
        if origin != branch_code
    ]
    body = (
        f'{{"after":{int(after)},"next_cursor":{next_cursor},"has_more":{"true" if len(rows) == limit else "false"},'
        f'"head":{head(conn)},"changes":[{",".join(parts)}]}}'
    )
    return Page(body, len(parts), next_cursor, len(rows) == limit)
