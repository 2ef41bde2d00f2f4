"""Users, roles and login.

Contracts:
- Passwords are hashed with Argon2id (19 MiB, 2 iterations, OWASP's minimum) and never stored or
  logged in clear. At least 8 characters.
- :meth:`Users.login` raises ``AuthenticationFailed`` for a wrong user or password (one message for
  both, so user names cannot be probed), and locks the user for 15 minutes after 5 consecutive
  failures; while locked even the right password is refused with the time the lock ends. A success
  resets the counter. Every failure is written to the audit log.
- Roles: ``cashier`` (take payments, print), ``manager`` (plus voids, cash moves, reports, users),
  ``admin`` (everything a manager can, plus settings). :func:`require_manager` guards manager actions.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher, Type
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import Engine, insert, select, update
from sqlalchemy.orm import Session

from app.audit import AuditLog
from app.clock import Clock, iso_utc, parse_iso_utc
from app.errors import AuthenticationFailed, InvalidInput, PermissionDenied, Refused
from app.storage.models import User

ROLES = ("cashier", "manager", "admin")
MANAGER_ROLES = ("manager", "admin")
MAX_FAILED_LOGINS = 5
LOCK_MINUTES = 15
MIN_PASSWORD = 8
_USERNAME = re.compile(r"^[a-z0-9][a-z0-9._-]{2,31}$")

HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1, hash_len=32, salt_len=16, type=Type.ID)
_DUMMY_HASH = HASHER.hash("abono-timing-equaliser")


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: int
    uuid: str
    username: str
    full_name: str
    role: str
    active: bool
    locked_until: str | None = None

    @property
    def is_manager(self) -> bool:
        return self.role in MANAGER_ROLES


def require_manager(user: UserInfo, action: str) -> None:
    """Raise ``PermissionDenied`` unless ``user`` is a manager or admin."""
    if not user.is_manager:
        raise PermissionDenied("manager_required", action=action, user=user.username, role=user.role)


def _info(u: User) -> UserInfo:
    return UserInfo(u.id, u.uuid, u.username, u.full_name, u.role, bool(u.active), u.locked_until)


class Users:
    """User accounts of the branch. Safe to call from any thread; each call uses its own session."""

    def __init__(self, engine: Engine, write_engine: Engine, clock: Clock, zone: ZoneInfo) -> None:
        self._zone = zone
        self._engine = engine
        self._write = write_engine
        self._clock = clock

    def add(
        self, username: str, password: str, role: str, full_name: str = "", *, actor: str = "system"
    ) -> UserInfo:
        """Create a user; refuses a bad name, an unknown role, a short password or a taken name."""
        username = username.strip().lower()
        if not _USERNAME.match(username):
            raise InvalidInput("user_name_invalid")
        if role not in ROLES:
            raise InvalidInput("role_invalid", role=role)
        if len(password) < MIN_PASSWORD:
            raise InvalidInput("password_short", min=MIN_PASSWORD)
        hashed = HASHER.hash(password)
        now = iso_utc(self._clock())
        with Session(self._write) as s, s.begin():
            if s.scalar(select(User.id).where(User.username == username)) is not None:
                raise Refused("user_exists", user=username)
            s.execute(
                insert(User).values(
                    uuid=str(uuid.uuid4()),
                    username=username,
                    full_name=full_name.strip() or username,
                    role=role,
                    password_hash=hashed,
                    failed_logins=0,
                    active=1,
                    created_at=now,
                )
            )
            AuditLog.record(s, now, actor, "user_add", username, {"role": role})
        return self.get(username)

    def get(self, username: str) -> UserInfo:
        with Session(self._engine) as s:
            u = s.scalar(select(User).where(User.username == username.strip().lower()))
            if u is None:
                raise AuthenticationFailed("login_failed")
            return _info(u)

    def list(self) -> list[UserInfo]:
        with Session(self._engine) as s:
            return [_info(u) for u in s.scalars(select(User).order_by(User.username))]

    def login(self, username: str, password: str) -> UserInfo:
        """Check the password; see the module contract for failures and lockout."""
        username = (username or "").strip().lower()
        now_dt = self._clock()
        now = iso_utc(now_dt)
        with Session(self._engine) as s:
            u = s.scalar(select(User).where(User.username == username))
            stored = u.password_hash if u else _DUMMY_HASH
            locked = u is not None and u.locked_until is not None and parse_iso_utc(u.locked_until) > now_dt
            user_id = u.id if u else None
            active = bool(u.active) if u else False
            locked_until = u.locked_until if u else None
        try:
            HASHER.verify(stored, password or "")
            ok = u is not None
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            ok = False
        if locked and locked_until:
            self._record_failure(username, user_id, now, now_dt, "locked")
            raise AuthenticationFailed(
                "user_locked", user=username, until=_local_hhmm(locked_until, self._zone)
            )
        if ok and not active:
            self._record_failure(username, user_id, now, now_dt, "inactive")
            raise AuthenticationFailed("user_inactive", user=username)
        if not ok:
            until = self._record_failure(username, user_id, now, now_dt, "bad_password")
            if until:
                raise AuthenticationFailed("user_locked", user=username, until=_local_hhmm(until, self._zone))
            raise AuthenticationFailed("login_failed")
        with Session(self._write) as s, s.begin():
            s.execute(update(User).where(User.id == user_id).values(failed_logins=0, locked_until=None))
            if HASHER.check_needs_rehash(stored):
                s.execute(update(User).where(User.id == user_id).values(password_hash=HASHER.hash(password)))
            u2 = s.get_one(User, user_id)
            return _info(u2)

    def _record_failure(
        self, username: str, user_id: int | None, now: str, now_dt: datetime, reason: str
    ) -> str | None:
        """Count a failed login and audit it; return the lock end if this failure locked the user."""
        until: str | None = None
        with Session(self._write) as s, s.begin():
            failures = None
            if user_id is not None and reason == "bad_password":
                u = s.get_one(User, user_id)
                failures = u.failed_logins + 1
                values: dict[str, object] = {"failed_logins": failures}
                if failures >= MAX_FAILED_LOGINS:
                    until = iso_utc(now_dt + timedelta(minutes=LOCK_MINUTES))
                    values = {"failed_logins": 0, "locked_until": until}
                s.execute(update(User).where(User.id == user_id).values(**values))
            AuditLog.record(
                s,
                now,
                username or "?",
                "login_failure",
                username or "?",
                {"reason": reason, "failures": failures, "locked_until": until},
            )
        return until

    def set_active(self, username: str, active: bool, *, actor: UserInfo) -> UserInfo:
        """Enable or disable a user (managers only)."""
        require_manager(actor, "cambiar usuarios")
        now = iso_utc(self._clock())
        with Session(self._write) as s, s.begin():
            s.execute(update(User).where(User.username == username).values(active=int(active)))
            AuditLog.record(s, now, actor.username, "user_change", username, {"active": active})
        return self.get(username)


def _local_hhmm(until_iso: str, zone: ZoneInfo) -> str:
    return parse_iso_utc(until_iso).astimezone(zone).strftime("%H:%M")
