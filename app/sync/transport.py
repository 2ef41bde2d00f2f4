"""The branch's HTTP link to head office: URL policy, bearer token, retries with backoff and jitter.

Contracts:
- :func:`check_server_url` accepts ``https://host[:port][/prefix]``, and ``http://`` only when the host
  is loopback (127.0.0.0/8, ::1, localhost): plain HTTP to any other host is refused before a
  connection is made. Certificates are verified (the system's CAs, or ``ca_file``).
- Every call is retried, at most ``RetryPolicy.attempts`` times in all, after a network failure, a
  timeout, a 429, or a 5xx answer, sleeping a random time up to ``base_delay * 2**attempt`` (capped at
  ``max_delay``: "full jitter"). Retrying is always safe: a push is idempotent on the server (event ids)
  and the pull is a read. Other answers are not retried: 401 (unknown or revoked token), 403 (data of
  another branch), other 4xx (a bug or a misconfigured server).
- Failures raise :class:`SyncError` with a readable message; ``retryable`` says if a later round may
  succeed. A :class:`HeadOfficeLink` is used by one thread at a time.
"""

from __future__ import annotations

import ipaddress
import json
import random
import re
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from app.sync.errors import SyncError

_TOKEN = re.compile(r"^[A-Za-z0-9_\-.~+/=]{16,200}$")
RETRY_STATUSES = (429, 500, 502, 503, 504)


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    attempts: int = 6
    base_delay: float = 0.25
    max_delay: float = 8.0

    def delay(self, attempt: int, rng: random.Random) -> float:
        """Seconds to wait before try ``attempt + 1`` (full jitter)."""
        return rng.uniform(0, min(self.max_delay, self.base_delay * 2**attempt))


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_server_url(url: str) -> str:
    """The server's base URL without a trailing slash; ``SyncError`` if it is refused (see above)."""
    raw = (url or "").strip()
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise SyncError("sync_url_invalid", url=raw) from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise SyncError("sync_url_invalid", url=raw)
    if parts.username or parts.password:
        raise SyncError("sync_url_invalid", url=raw)
    if parts.scheme == "http" and not is_loopback(parts.hostname):
        raise SyncError("sync_plain_http", host=parts.hostname)
    return raw.rstrip("/")


def check_token(token: str) -> str:
    value = (token or "").strip()
    if not _TOKEN.match(value):
        raise SyncError("sync_token_invalid")
    return value


def _tls_failure(exc: BaseException) -> bool:
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError) or "CERTIFICATE_VERIFY_FAILED" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


class HeadOfficeLink:
    """Calls to the head office API; see the module contract."""

    def __init__(
        self,
        server_url: str,
        token: str,
        *,
        ca_file: str | None = None,
        timeout: float = 60.0,
        retry: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.base = check_server_url(server_url)
        token = check_token(token)
        verify: Any = True
        if ca_file:
            if not Path(ca_file).is_file():
                raise SyncError("sync_ca_missing", path=ca_file)
            verify = ssl.create_default_context(cafile=ca_file)
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._http = httpx.Client(
            headers={"Authorization": f"Bearer {token}", "User-Agent": "abono-branch/1"},
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            verify=verify,
            follow_redirects=False,
            trust_env=False,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HeadOfficeLink:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # ---- the API -----------------------------------------------------------------------------------
    def me(self) -> dict[str, Any]:
        """The branch the token belongs to: ``{"branch_code", "name", "protocol"}``."""
        return self._call("GET", "/v1/me")

    def push(self, events: list[dict[str, Any]]) -> dict[str, Any]:
        """Push a batch of events; the server's answer (one acknowledgement per event, in order)."""
        body = json.dumps({"events": events}, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        return self._call("POST", "/v1/push", content=body)

    def changes(self, after: int, limit: int) -> dict[str, Any]:
        """The feed page after ``after``."""
        return self._call("GET", "/v1/changes", params={"after": after, "limit": limit})

    # ---- plumbing ----------------------------------------------------------------------------------
    def _call(
        self, method: str, path: str, *, content: bytes | None = None, params: dict[str, Any] | None = None
    ) -> dict[str, Any]:
        last: SyncError | None = None
        for attempt in range(self.retry.attempts):
            if attempt:
                self._sleep(self.retry.delay(attempt - 1, self._rng))
            try:
                response = self._http.request(
                    method,
                    self.base + path,
                    content=content,
                    params=params,
                    headers={"Content-Type": "application/json"} if content is not None else None,
                )
            except httpx.HTTPError as e:
                if _tls_failure(e):
                    raise SyncError("sync_tls", detail=str(e)[:200]) from None
                last = SyncError("sync_unreachable", retryable=True, detail=type(e).__name__)
                continue
            status = response.status_code
            if status == 200:
                try:
                    data = json.loads(response.content)
                except ValueError:
                    last = SyncError("sync_protocol", retryable=True, detail="the answer is not JSON")
                    continue
                if not isinstance(data, dict):
                    raise SyncError("sync_protocol", detail="the answer is not a JSON object")
                return data
            if status in RETRY_STATUSES:
                if status == 429:
                    wait = _retry_after(response)
                    if wait > self.retry.max_delay:
                        raise SyncError("sync_rate_limited", retryable=True, seconds=int(wait))
                    self._sleep(wait)
                    last = SyncError("sync_rate_limited", retryable=True, seconds=int(wait))
                else:
                    last = SyncError("sync_server_error", retryable=True, status=status)
                continue
            raise _refusal(response)
        assert last is not None
        raise last


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(float(response.headers.get("retry-after", "1")), 0.0)
    except ValueError:
        return 1.0


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except ValueError:
        return response.text[:200]
    if isinstance(detail, dict):
        return str(detail.get("message") or detail.get("code") or detail)[:300]
    return str(detail)[:300]


def _refusal(response: httpx.Response) -> SyncError:
    status = response.status_code
    if status == 401:
        return SyncError("sync_unauthorized")
    if status == 403:
        return SyncError("sync_forbidden", detail=_detail(response))
    return SyncError("sync_protocol", detail=f"HTTP {status}: {_detail(response)}")
