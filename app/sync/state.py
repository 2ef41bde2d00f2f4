"""The branch's sync state: a key/value table (``sync_state``) in the branch database.

Keys: ``server_url``, ``ca_file`` (a custom CA bundle, optional), ``token_store`` (``keyring`` or
``file``), ``cursor`` (the last feed sequence applied), ``last_success`` and ``last_error`` (JSON:
when, message code and parameters). The cursor is only ever written by the pull, in the same
transaction as the changes it covers (:func:`set_value` with the caller's session).
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Engine, delete, select
from sqlalchemy.dialects.sqlite import insert
from sqlalchemy.orm import Session

from app.storage.models import SyncStateEntry


def get_value(session: Session, key: str) -> str | None:
    return session.scalar(select(SyncStateEntry.value).where(SyncStateEntry.key == key))


def set_value(session: Session, key: str, value: str | None) -> None:
    """Set (or with ``None`` remove) ``key`` in the caller's transaction."""
    if value is None:
        session.execute(delete(SyncStateEntry).where(SyncStateEntry.key == key))
        return
    stmt = insert(SyncStateEntry).values(key=key, value=value)
    session.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def read_all(engine: Engine) -> dict[str, str]:
    with Session(engine) as s:
        return {k: v for k, v in s.execute(select(SyncStateEntry.key, SyncStateEntry.value))}


def write(write_engine: Engine, **values: str | None) -> None:
    """Set several keys in one transaction."""
    with Session(write_engine) as s, s.begin():
        for key, value in values.items():
            set_value(s, key, value)


def cursor_of(values: dict[str, str]) -> int:
    return int(values.get("cursor", "0") or 0)


def error_json(at: str, code: str, params: dict[str, Any]) -> str:
    return json.dumps(
        {"at": at, "code": code, "params": {k: str(v) for k, v in params.items()}}, ensure_ascii=False
    )
