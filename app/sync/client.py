"""``SyncClient``: one branch's sync with head office, for the command line and the desk.

Contracts:
- :meth:`SyncClient.configure` checks and saves the server URL (HTTPS, or HTTP on loopback only) and
  stores the token (OS keyring if there is a working one, else a 0600 file next to the database). It
  contacts nobody; the next round will.
- :meth:`SyncClient.run_round` runs one round: it asks head office whom the token belongs to and
  refuses (``sync_wrong_branch``) a token of another branch before sending anything; then pushes the
  outbox (:mod:`app.sync.outbox`) and pulls the feed (:mod:`app.sync.inbox`). Each step commits as it
  goes, so a round cut anywhere (network, crash, SIGKILL) loses nothing and doubles nothing: the next
  round carries on. On success it records ``last_success``; on failure ``last_error`` (and raises
  :class:`SyncError`). It returns a :class:`SyncReport`.
- :meth:`SyncClient.status` reads the pending count, last success and last error without network.
- Thread safety: a client may be shared; rounds in one process are serialised by a lock, and two
  processes syncing the same branch are safe too (acknowledgements and pages are idempotent and the
  cursor is checked in the applying transaction). Call it from a worker thread, never the GUI thread.
"""

from __future__ import annotations

import json
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.branch import Branch
from app.clock import iso_utc
from app.storage.models import OutboxEvent, SyncRefusal
from app.sync import credentials, state
from app.sync.errors import SyncError, sync_message
from app.sync.inbox import pull_feed
from app.sync.outbox import push_outbox
from app.sync.transport import HeadOfficeLink, RetryPolicy, check_server_url, check_token

PUSH_BATCH = 500
PULL_PAGE = 2000


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What one round did. ``pending`` is what is still unsent after it (refused events stay pending)."""

    pushed: int
    refused: int
    pulled_customers: int
    pulled_accounts: int
    pulled_payments: int
    pulled_voids: int
    skipped: int
    pages: int
    cursor: int
    pending: int
    seconds: float
    finished_at: str


@dataclass(frozen=True, slots=True)
class SyncStatus:
    configured: bool
    server_url: str | None
    pending: int
    last_success: str | None
    last_error: str | None
    last_error_at: str | None
    cursor: int
    refusals: int


class SyncClient:
    """Sync of one open branch; see the module contract."""

    def __init__(
        self,
        branch: Branch,
        *,
        retry: RetryPolicy | None = None,
        timeout: float = 60.0,
        push_batch: int = PUSH_BATCH,
        pull_page: int = PULL_PAGE,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.branch = branch
        self.retry = retry or RetryPolicy()
        self.timeout = timeout
        self.push_batch = push_batch
        self.pull_page = pull_page
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._lock = threading.Lock()

    def _now(self) -> str:
        return iso_utc(datetime.now(UTC))

    # ---- settings -----------------------------------------------------------------------------------
    def configure(
        self, server_url: str, token: str, ca_file: str | None = None, *, verify: bool = True
    ) -> str:
        """Check and save the server URL and token; returns where the token went (keyring or file).

        With ``verify`` head office is asked whom the token belongs to first: a token it refuses, or
        a token of another branch, is refused and nothing is saved. If head office cannot be reached
        the settings are saved anyway (the branch may be set up offline); every round checks again."""
        url = check_server_url(server_url)
        value = check_token(token)
        if verify:
            try:
                with HeadOfficeLink(
                    url,
                    value,
                    ca_file=ca_file,
                    timeout=self.timeout,
                    retry=RetryPolicy(attempts=2),
                    sleep=self._sleep,
                ) as link:
                    self._check_branch(link)
            except SyncError as e:
                if not e.retryable:
                    raise
        where = credentials.save_token(self.branch.path, self.branch.settings.branch_code, value)
        state.write(self.branch.write_engine, server_url=url, token_store=where, ca_file=ca_file or None)
        return where

    def _check_branch(self, link: HeadOfficeLink) -> None:
        """``sync_wrong_branch`` unless head office says the token is this branch's."""
        code = self.branch.settings.branch_code
        token_branch = link.me().get("branch_code")
        if token_branch != code:
            raise SyncError("sync_wrong_branch", token_branch=token_branch, branch=code)

    # ---- a round ------------------------------------------------------------------------------------
    def run_round(self) -> SyncReport:
        """Push then pull once; see the module contract."""
        with self._lock:
            started = time.perf_counter()
            try:
                report, first_refusal = self._round(started)
            except SyncError as e:
                state.write(
                    self.branch.write_engine, last_error=state.error_json(self._now(), e.code, e.params)
                )
                raise
            error = None
            if first_refusal is not None:  # the round worked, but head office refused some events
                event, reason = first_refusal
                error = state.error_json(
                    report.finished_at,
                    "sync_refused_events",
                    {"count": report.refused, "event": event, "reason": reason},
                )
            state.write(self.branch.write_engine, last_success=report.finished_at, last_error=error)
            return report

    def _link(self) -> HeadOfficeLink:
        values = state.read_all(self.branch.engine)
        url = values.get("server_url")
        if not url:
            raise SyncError("sync_not_configured")
        token = credentials.load_token(
            self.branch.path, self.branch.settings.branch_code, values.get("token_store")
        )
        if not token:
            raise SyncError("sync_token_missing")
        return HeadOfficeLink(
            url,
            token,
            ca_file=values.get("ca_file"),
            timeout=self.timeout,
            retry=self.retry,
            sleep=self._sleep,
            rng=self._rng,
        )

    def _round(self, started: float) -> tuple[SyncReport, tuple[str, str] | None]:
        with self._link() as link:
            self._check_branch(link)
            pushed = push_outbox(self.branch, link, self.push_batch, self._now)
            pulled, cursor = pull_feed(self.branch, link, self.pull_page, self._now)
        report = SyncReport(
            pushed=pushed.sent,
            refused=pushed.refused,
            pulled_customers=pulled.customers,
            pulled_accounts=pulled.accounts,
            pulled_payments=pulled.payments,
            pulled_voids=pulled.voids,
            skipped=pulled.skipped,
            pages=pulled.pages,
            cursor=cursor,
            pending=self.pending(),
            seconds=round(time.perf_counter() - started, 3),
            finished_at=self._now(),
        )
        return report, pushed.first_refusal

    # ---- status -------------------------------------------------------------------------------------
    def pending(self) -> int:
        """Outbox events head office has not acknowledged yet."""
        with Session(self.branch.engine) as s:
            return int(
                s.scalar(select(func.count()).select_from(OutboxEvent).where(OutboxEvent.sent_at.is_(None)))
                or 0
            )

    def status(self) -> SyncStatus:
        """The sync state as stored; reads only the branch database."""
        values = state.read_all(self.branch.engine)
        error_text = error_at = None
        if values.get("last_error"):
            err = json.loads(values["last_error"])
            error_text = sync_message(err["code"], self.branch.settings.language, **err.get("params", {}))
            error_at = err.get("at")
        with Session(self.branch.engine) as s:
            refusals = int(s.scalar(select(func.count()).select_from(SyncRefusal)) or 0)
        return SyncStatus(
            configured=bool(values.get("server_url")),
            server_url=values.get("server_url"),
            pending=self.pending(),
            last_success=values.get("last_success"),
            last_error=error_text,
            last_error_at=error_at,
            cursor=state.cursor_of(values),
            refusals=refusals,
        )
