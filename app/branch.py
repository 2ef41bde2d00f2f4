"""``Branch``: the one door into a branch database (like Anki's ``Collection``).

``Branch.open(path)`` opens (creating or migrating if needed) the SQLite file and hands out the
services: ``branch.customers``, ``branch.accounts``, ``branch.payments``, ``branch.users``,
``branch.audit``, ``branch.printing``. ``Branch.create(path, code, name, ...)`` sets up a new branch.
Services take and return frozen dataclasses, never ORM objects, and each call runs in its own
session, so a ``Branch`` may be shared by threads (the desk's worker thread, a sync thread).
"""

from __future__ import annotations

import json
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import Engine, delete, insert, select
from sqlalchemy.orm import Session

from app.accounts import Accounts
from app.audit import AuditLog
from app.clock import Clock, iso_utc, local_date, system_clock
from app.customers import Customers
from app.drawer import Drawers
from app.errors import DatabaseRefused, Refused
from app.payments import Payments
from app.printing import PrintQueue
from app.settings import BranchSettings, settings_from_json, settings_to_json, validate_identity
from app.storage.engine import open_engine, write_engine
from app.storage.models import Setting
from app.users import Users


def read_settings(engine: Engine) -> dict[str, Any]:
    with Session(engine) as s:
        return {k: json.loads(v) for k, v in s.execute(select(Setting.key, Setting.value))}


class Branch:
    """An open branch database and its services. Close it (or use ``with``) when done."""

    def __init__(
        self, path: Path, engine: Engine, settings: BranchSettings, clock: Clock, register: str
    ) -> None:
        self.path = path
        self.engine = engine
        self.write_engine = write_engine(engine)
        self.settings = settings
        self.clock = clock
        self.register = register
        self.audit = AuditLog(engine, settings.branch_code)
        self.users = Users(engine, self.write_engine, clock, settings.zone)
        self.accounts = Accounts(engine, self.write_engine, settings, clock)
        self.customers = Customers(engine, self.write_engine, self.accounts, clock)
        self.payments = Payments(engine, self.write_engine, settings, clock, register)
        self.printing = PrintQueue(engine, self.write_engine, settings, clock, self.payments)
        self.drawer = Drawers(engine, self.write_engine, settings, clock, register)

    # ---- opening ------------------------------------------------------------------------------------
    @classmethod
    def open(cls, path: str | Path, *, clock: Clock | None = None, register: str | None = None) -> Branch:
        """Open the branch at ``path``; ``DatabaseRefused`` if it is not an Abono branch database or
        no branch was set up in it yet."""
        path = Path(path).expanduser()
        engine = open_engine(path, create=False)
        data = read_settings(engine)
        if "branch_code" not in data:
            engine.dispose()
            raise DatabaseRefused("db_not_initialised", path=str(path))
        settings = settings_from_json(data)
        return cls(path, engine, settings, clock or system_clock, register or settings.register)

    @classmethod
    def create(
        cls,
        path: str | Path,
        branch_code: str,
        branch_name: str,
        *,
        register: str = "01",
        currency: str = "PEN",
        locale: str = "es_PE",
        timezone: str = "America/Lima",
        clock: Clock | None = None,
        **policy: Any,
    ) -> Branch:
        """Set up a new branch in a new or empty database; refuses a database that already has one."""
        code = branch_code.strip().upper()
        validate_identity(code, register, currency, locale, timezone)
        path = Path(path).expanduser()
        engine = open_engine(path, create=True)
        existing = read_settings(engine)
        if "branch_code" in existing:
            engine.dispose()
            raise Refused("db_already_initialised", path=str(path), branch=existing["branch_code"])
        settings = BranchSettings(
            branch_code=code,
            branch_name=branch_name.strip() or code,
            register=register,
            currency=currency,
            locale=locale,
            timezone=timezone,
            **policy,
        )
        clock = clock or system_clock
        with Session(write_engine(engine)) as s, s.begin():
            for key, value in settings_to_json(settings).items():
                s.execute(insert(Setting).values(key=key, value=json.dumps(value, ensure_ascii=False)))
            AuditLog.record(s, iso_utc(clock()), "system", "settings_change", code, {"init": True})
        return cls(path, engine, settings, clock, register)

    def update_settings(self, settings: BranchSettings, actor: str) -> None:
        """Store new settings (audited). Open services keep the old ones: reopen the branch to use them."""
        data = settings_to_json(settings)
        with Session(self.write_engine) as s, s.begin():
            s.execute(delete(Setting))
            for key, value in data.items():
                s.execute(insert(Setting).values(key=key, value=json.dumps(value, ensure_ascii=False)))
            AuditLog.record(s, iso_utc(self.clock()), actor, "settings_change", settings.branch_code, data)

    # ---- helpers ------------------------------------------------------------------------------------
    def today(self) -> Any:
        """The branch's business date now."""
        return local_date(self.clock(), self.settings.zone)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Branch:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
