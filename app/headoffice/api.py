"""The head office HTTP API (FastAPI), version 1. OpenAPI at ``/openapi.json``.

- ``GET /healthz``: liveness, no token.
- ``GET /v1/me``: the branch the bearer token belongs to.
- ``POST /v1/push``: a batch of branch events (``app.headoffice.intake``): one acknowledgement per
  event, in order; 403 if any event belongs to another branch (nothing stored).
- ``GET /v1/changes?after=CURSOR&limit=N``: the change feed after a cursor (``app.headoffice.feed``).

Security: every ``/v1`` call needs ``Authorization: Bearer TOKEN`` of an active branch (401 otherwise,
with the same answer for unknown and revoked tokens). A client address that fails authentication
``auth_failures`` times within ``auth_window`` seconds gets 429 for ``auth_block`` seconds, whatever
token it sends. Request bodies above ``max_body_bytes`` get 413 before they are read whole.
"""

import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from app.headoffice import feed
from app.headoffice.branches import BranchInfo, authenticate
from app.headoffice.intake import ForeignEvent, IncomingEvent, receive
from app.headoffice.store import HeadOfficeStore

PROTOCOL_VERSION = 1
MAX_EVENTS = 2000

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class ApiSettings:
    max_body_bytes: int = 8 * 1024 * 1024
    max_events: int = MAX_EVENTS
    auth_failures: int = 10
    auth_window: float = 60.0
    auth_block: float = 300.0


# ---- wire models (for validation and the OpenAPI document) -----------------------------------------
class EventIn(BaseModel):
    event_id: str = Field(min_length=1, max_length=36, description="the outbox event's UUID")
    kind: str = Field(min_length=1, max_length=32, description="payment | void")
    payload: dict[str, Any] = Field(description='the event; money as strings such as "123.45"')


class PushRequest(BaseModel):
    events: list[EventIn] = Field(max_length=MAX_EVENTS)


class AckOut(BaseModel):
    event_id: str
    status: str = Field(description="accepted | conflict | invalid")
    code: int = Field(description="200 accepted, 409 same id with other content, 422 invalid payload")
    received_at: str | None = None
    reason: str | None = None


class PushResponse(BaseModel):
    results: list[AckOut]
    accepted: int
    refused: int
    stored: int = Field(description="events stored by this request (replays are not counted)")


class ChangeOut(BaseModel):
    seq: int
    kind: str = Field(description="customer | account | payment | void")
    data: dict[str, Any]


class ChangesPage(BaseModel):
    after: int
    next_cursor: int
    has_more: bool
    head: int
    changes: list[ChangeOut]


class BranchOut(BaseModel):
    branch_code: str
    name: str
    protocol: int = PROTOCOL_VERSION


class Health(BaseModel):
    status: str
    protocol: int


# ---- guards ----------------------------------------------------------------------------------------
class FailedAuthLimiter:
    """Counts failed authentications per client address; thread-safe."""

    def __init__(self, settings: ApiSettings, clock: Callable[[], float] = time.monotonic) -> None:
        self._settings = settings
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: dict[str, deque[float]] = {}
        self._blocked: dict[str, float] = {}

    def blocked_for(self, address: str) -> float:
        """Seconds left in the address's block, 0 if it is not blocked."""
        with self._lock:
            until = self._blocked.get(address, 0.0)
            left = until - self._clock()
            if left <= 0 and address in self._blocked:
                del self._blocked[address]
            return max(left, 0.0)

    def failed(self, address: str) -> None:
        now = self._clock()
        with self._lock:
            window = self._failures.setdefault(address, deque())
            window.append(now)
            while window and window[0] < now - self._settings.auth_window:
                window.popleft()
            if len(window) >= self._settings.auth_failures:
                self._blocked[address] = now + self._settings.auth_block
                window.clear()
            if len(self._failures) > 10_000:  # forget quiet addresses; bounded memory
                for key in [k for k, v in self._failures.items() if not v]:
                    del self._failures[key]


class BodyLimit:
    """ASGI middleware: 413 for a request body above ``limit`` bytes, declared or streamed."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length" and value.isdigit() and int(value) > self.limit:
                await self._too_large(send)
                return
        seen = 0
        answered = False

        async def limited() -> Message:
            nonlocal seen, answered
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    if not answered:
                        answered = True
                        await self._too_large(send)
                    return {"type": "http.disconnect"}
            return message

        async def guarded_send(message: Message) -> None:
            if not answered:  # once the 413 is out, whatever the application answers is dropped
                await send(message)

        await self.app(scope, limited, guarded_send)

    async def _too_large(self, send: Send) -> None:
        body = b'{"detail":{"code":"too_large","message":"request body too large"}}'
        await send(
            {
                "type": "http.response.start",
                "status": 413,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


def _refuse(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> HTTPException:
    return HTTPException(status, {"code": code, "message": message}, headers=headers)


def create_app(store: HeadOfficeStore, settings: ApiSettings | None = None) -> FastAPI:
    """The FastAPI application serving ``store``; see the module contract."""
    config = settings or ApiSettings()
    limiter = FailedAuthLimiter(config)
    app = FastAPI(
        title="Abono head office",
        version=str(PROTOCOL_VERSION),
        description="Branch sync: push branch events, pull the change feed. Money is a string.",
    )

    def current_branch(request: Request) -> BranchInfo:
        address = request.client.host if request.client else "unknown"
        left = limiter.blocked_for(address)
        if left > 0:
            raise _refuse(
                429, "too_many_failures", "too many failed attempts", {"Retry-After": str(int(left) + 1)}
            )
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        branch = authenticate(store, token.strip()) if scheme.lower() == "bearer" else None
        if branch is None:
            limiter.failed(address)
            raise _refuse(401, "unauthorized", "unknown or revoked token", {"WWW-Authenticate": "Bearer"})
        return branch

    Authorized = Annotated[BranchInfo, Depends(current_branch)]

    @app.get("/healthz", response_model=Health)
    def healthz() -> Health:
        return Health(status="ok", protocol=PROTOCOL_VERSION)

    @app.get("/v1/me", response_model=BranchOut)
    def me(branch: Authorized) -> BranchOut:
        return BranchOut(branch_code=branch.code, name=branch.name)

    @app.post("/v1/push", response_model=PushResponse)
    def push(body: PushRequest, branch: Authorized) -> PushResponse:
        if len(body.events) > config.max_events:
            raise _refuse(413, "too_many_events", f"at most {config.max_events} events per push")
        events = [IncomingEvent(e.event_id, e.kind, e.payload) for e in body.events]
        try:
            result = receive(store, branch.code, events)
        except ForeignEvent as e:
            raise _refuse(
                403,
                "foreign_event",
                f"event {e.event_id} belongs to branch {e.claimed}; this token is {branch.code}",
            ) from None
        return PushResponse(
            results=[
                AckOut(
                    event_id=a.event_id,
                    status=a.status,
                    code=a.code,
                    received_at=a.received_at,
                    reason=a.reason,
                )
                for a in result.acknowledgements
            ],
            accepted=result.accepted,
            refused=result.refused,
            stored=result.stored,
        )

    @app.get("/v1/changes", response_model=ChangesPage, response_class=Response)
    def changes(
        branch: Authorized,
        after: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=feed.MAX_PAGE)] = 1000,
    ) -> Response:
        with store.read() as conn:
            page = feed.read_page(conn, after, limit, branch.code)
        return Response(content=page.body, media_type="application/json")

    @app.exception_handler(ValueError)
    async def bad_value(_request: Request, exc: ValueError) -> JSONResponse:
        return JSONResponse({"detail": {"code": "invalid", "message": str(exc)[:300]}}, status_code=422)

    wrapped: Any = BodyLimit
    app.add_middleware(wrapped, limit=config.max_body_bytes)
    return app
