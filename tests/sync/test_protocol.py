"""The head office API as a branch (or an attacker) meets it over HTTP: exactly-once storage, replays,
conflicts kept for review, the change feed's pages, tokens, rate limits and size limits."""

from __future__ import annotations

import json
import random
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import text

from app.headoffice.api import ApiSettings
from app.headoffice.branches import revoke_branch
from app.headoffice.report import collections_report
from tests.sync.checks import headoffice_payments
from tests.sync.conftest import TODAY, HeadOffice, Shop, start_headoffice


def outbox_events(path: Path) -> list[dict[str, Any]]:
    """The branch's outbox as the sync client sends it."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute("SELECT event_uuid, kind, payload FROM outbox ORDER BY id").fetchall()
    finally:
        con.close()
    return [{"event_id": u, "kind": k, "payload": json.loads(p)} for u, k, p in rows]


def push(ho: HeadOffice, token: str, events: list[dict[str, Any]]) -> httpx.Response:
    return httpx.post(
        f"{ho.url}/v1/push", json={"events": events}, headers={"Authorization": f"Bearer {token}"}
    )


def held(ho: HeadOffice) -> list[tuple[str, str]]:
    with ho.store.read() as conn:
        return [
            (r[0], r[1]) for r in conn.execute(text("SELECT event_uuid, reason FROM held_events ORDER BY id"))
        ]


def test_health_and_openapi(headoffice: HeadOffice) -> None:
    assert httpx.get(f"{headoffice.url}/healthz").json() == {"status": "ok", "protocol": 1}
    spec = httpx.get(f"{headoffice.url}/openapi.json").json()
    assert {"/v1/push", "/v1/changes", "/v1/me", "/healthz"} <= set(spec["paths"])


def test_every_batch_replayed_three_times_in_shuffled_order_gives_the_same_totals(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, b, numbers = shops
    for i in range(12):
        shop = a if i % 2 else b
        paid = shop.pay(numbers[i % 3], f"{10 + i}.50", f"{40000000 + i}")
        if i % 4 == 0:
            shop.branch.payments.void(paid.receipt_no, "duplicado", shop.manager)
    batches = []
    for shop in (a, b):
        events = outbox_events(shop.branch.path)
        batches += [(shop.code, events[k : k + 4]) for k in range(0, len(events), 4)]
    rng = random.Random(7)
    first_acks: dict[str, dict[str, Any]] = {}
    for _ in range(3):
        rng.shuffle(batches)
        for code, batch in batches:
            events = batch[:]
            rng.shuffle(events)
            answer = push(headoffice, headoffice.tokens[code], events)
            assert answer.status_code == 200
            for ack in answer.json()["results"]:
                assert ack["status"] == "accepted"
                assert (
                    first_acks.setdefault(ack["event_id"], ack) == ack
                )  # a replay: the same acknowledgement
    ho = headoffice_payments(headoffice.store)
    assert len(ho) == 12 and sum(v[2] for v in ho.values()) == 3
    report = collections_report(headoffice.store, TODAY)
    assert report.total.payments == 12
    assert report.total.collected == sum(Decimal(f"{10 + i}.50") for i in range(12))
    assert report.total.voids == 3
    assert held(headoffice) == [] or all(reason == "unknown_payment" for _, reason in held(headoffice))
    with headoffice.store.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM held_events WHERE resolved_at IS NULL")).scalar() == 0
        assert conn.execute(text("SELECT count(*) FROM received_events")).scalar() == 15
    # The sync client then finds everything already there and marks it sent.
    assert a.sync().pushed == 6 and b.sync().pushed == 9
    assert len(headoffice_payments(headoffice.store)) == 12


def test_the_same_event_id_with_other_content_is_refused_and_kept(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, _, numbers = shops
    a.pay(numbers[0], "30.00", "51515151")
    [event] = outbox_events(a.branch.path)
    token = headoffice.tokens["B012"]
    assert push(headoffice, token, [event]).json()["results"][0]["status"] == "accepted"
    forged = json.loads(json.dumps(event))
    forged["payload"]["amount"] = "3000.00"
    forged["payload"]["allocations"][0]["principal"] = "2999.00"
    for _ in range(2):
        answer = push(headoffice, token, [forged])
        assert answer.status_code == 200
        [ack] = answer.json()["results"]
        assert (ack["status"], ack["code"]) == ("conflict", 409)
    assert held(headoffice) == [(event["event_id"], "conflict")]  # kept once, for review
    assert [v[0] for v in headoffice_payments(headoffice.store).values()] == [3000]
    # The branch's own copy is still the one that counts; its sync finds it acknowledged.
    assert a.sync().pushed == 1


def test_an_invalid_payload_is_refused_per_event(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, _, numbers = shops
    a.pay(numbers[0], "30.00", "61616161")
    [event] = outbox_events(a.branch.path)
    bad = json.loads(json.dumps(event))
    bad["event_id"] = "00000000-0000-4000-8000-000000000001"
    bad["payload"]["amount"] = 30.0  # money is never a JSON number
    answer = push(headoffice, headoffice.tokens["B012"], [bad, event]).json()
    assert [r["status"] for r in answer["results"]] == ["invalid", "accepted"]
    assert answer["results"][0]["code"] == 422 and "string" in answer["results"][0]["reason"]
    assert held(headoffice) == [(bad["event_id"], "invalid")]


def test_events_of_another_branch_are_refused_whole(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, b, numbers = shops
    a.pay(numbers[0], "30.00", "71717171")
    b.pay(numbers[1], "20.00", "81818181")
    mixed = outbox_events(a.branch.path) + outbox_events(b.branch.path)
    answer = push(headoffice, headoffice.tokens["B012"], mixed)
    assert answer.status_code == 403
    assert answer.json()["detail"]["code"] == "foreign_event"
    assert headoffice_payments(headoffice.store) == {}


def test_revoked_forged_and_missing_tokens_get_401(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, b, _ = shops
    url = f"{headoffice.url}/v1/me"
    assert (
        httpx.get(url, headers={"Authorization": f"Bearer {headoffice.tokens['B013']}"}).json()["branch_code"]
        == "B013"
    )
    revoke_branch(headoffice.store, "B013")
    for headers in (
        {"Authorization": f"Bearer {headoffice.tokens['B013']}"},
        {"Authorization": "Bearer " + "A" * 43},
        {"Authorization": headoffice.tokens["B012"]},  # no scheme
        {},
    ):
        answer = httpx.get(url, headers=headers)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"] == "Bearer"
    from app.sync import SyncError

    with pytest.raises(SyncError) as e:
        b.sync()
    assert e.value.code == "sync_unauthorized" and not e.value.retryable
    assert a.sync().pushed == 0  # the other branch is not affected


def test_bad_token_attempts_are_rate_limited_per_address(ho_db_url: str) -> None:
    ho = start_headoffice(ho_db_url, ApiSettings(auth_failures=3, auth_window=60, auth_block=30))
    try:
        good = ho.add_branch("B012")
        codes = [
            httpx.get(
                f"{ho.url}/v1/me", headers={"Authorization": "Bearer forged-token-0123456789"}
            ).status_code
            for _ in range(4)
        ]
        assert codes == [401, 401, 401, 429]
        blocked = httpx.get(f"{ho.url}/v1/me", headers={"Authorization": f"Bearer {good}"})
        assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0
        assert httpx.get(f"{ho.url}/healthz").status_code == 200
    finally:
        ho.stop()
        ho.store.close()


def test_a_body_above_the_limit_is_refused_with_413(ho_db_url: str) -> None:
    ho = start_headoffice(ho_db_url, ApiSettings(max_body_bytes=10_000))
    try:
        token = ho.add_branch("B012")
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        big = json.dumps({"events": [{"event_id": "x", "kind": "note", "payload": {"t": "x" * 20_000}}]})
        assert httpx.post(f"{ho.url}/v1/push", content=big, headers=headers).status_code == 413

        def chunks() -> Any:  # no Content-Length: counted as it streams
            for _ in range(20):
                yield b" " * 1000

        assert httpx.post(f"{ho.url}/v1/push", content=chunks(), headers=headers).status_code == 413
        with ho.store.read() as conn:
            assert conn.execute(text("SELECT count(*) FROM received_events")).scalar() == 0
    finally:
        ho.stop()
        ho.store.close()


def test_the_feed_comes_in_pages_after_a_cursor(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    _a, b, numbers = shops
    b.pay(numbers[0], "15.00", "91919191")
    b.sync()
    token = headoffice.tokens["B012"]
    seen: list[int] = []
    kinds: list[str] = []
    cursor = 0
    while True:
        page = httpx.get(
            f"{headoffice.url}/v1/changes",
            params={"after": cursor, "limit": 2},
            headers={"Authorization": f"Bearer {token}"},
        ).json()
        assert page["after"] == cursor and page["next_cursor"] >= cursor
        seen += [c["seq"] for c in page["changes"]]
        kinds += [c["kind"] for c in page["changes"]]
        cursor = page["next_cursor"]
        if not page["has_more"]:
            break
    assert seen == sorted(seen) and len(seen) == len(set(seen)) == 7
    assert kinds == ["customer"] * 3 + ["account"] * 3 + ["payment"]
    money = [c for c in page["changes"] if c["kind"] == "payment"] or []
    for change in money:
        assert isinstance(change["data"]["amount"], str)
    # B013 does not get its own payment back.
    own = httpx.get(
        f"{headoffice.url}/v1/changes",
        params={"after": 0},
        headers={"Authorization": f"Bearer {headoffice.tokens['B013']}"},
    ).json()
    assert [c["kind"] for c in own["changes"]].count("payment") == 0 and own["next_cursor"] == cursor
