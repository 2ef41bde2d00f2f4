"""Faults between branch and head office: a proxy that cuts requests, drops answers the server has
committed, delays and answers 5xx; and a branch process killed with SIGKILL in the middle of a sync.
After convergence head office equals the branches to the cent and the outboxes are empty."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from decimal import Decimal
from pathlib import Path

from app.branch import Branch
from app.payments import PaymentRequest
from app.sync import RetryPolicy, SyncClient, SyncError
from tests.sync.checks import assert_converged, branch_payments, headoffice_payments, pending
from tests.sync.conftest import HeadOffice, load_master_data, open_shop
from tests.sync.fault_proxy import FaultProxy

ROOT = Path(__file__).resolve().parents[2]


def converge(shops: list, rounds: int = 60) -> int:  # type: ignore[type-arg]
    """Sync every branch until a full pass succeeds with nothing left to send; returns failures seen."""
    failures = 0
    for _ in range(rounds):
        clean = True
        for shop in shops:
            try:
                report = shop.sync()
            except SyncError as e:
                assert e.retryable, e.message("en")
                failures += 1
                clean = False
                continue
            if report.pending or report.pushed or report.pulled_payments or report.pulled_voids:
                clean = False
        if clean:
            return failures
    raise AssertionError("no convergence")


def test_a_faulty_network_loses_nothing_and_doubles_nothing(headoffice: HeadOffice, tmp_path: Path) -> None:
    numbers = load_master_data(headoffice.store, tmp_path, accounts=6)
    port = int(headoffice.url.rsplit(":", 1)[1])
    proxy = FaultProxy(
        port, {"pass": 0.45, "cut": 0.15, "drop": 0.15, "delay": 0.1, "error": 0.15}, seed=11, delay=0.3
    )
    retry = RetryPolicy(attempts=3, base_delay=0.01, max_delay=0.05)
    try:
        proxy.enabled = False
        shops = [
            open_shop(
                tmp_path / f"{code}.db",
                code,
                headoffice,
                server_url=proxy.url,
                retry=retry,
                push_batch=7,
                pull_page=5,
                timeout=0.25,
            )
            for code in ("B012", "B013", "B014")
        ]
        converge(shops)  # bootstrap without faults
        proxy.enabled = True
        rng = random.Random(3)
        for step in range(60):
            shop = shops[step % 3]
            paid = shop.pay(
                numbers[rng.randrange(6)],
                f"{rng.randrange(1, 40)}.{rng.randrange(100):02d}",
                f"{50000000 + step}",
            )
            if step % 9 == 0:
                shop.branch.payments.void(paid.receipt_no, "error de digitación", shop.manager)
            if step % 10 == 9:
                try:
                    shops[rng.randrange(3)].sync()
                except SyncError as e:
                    assert e.retryable
        failures = converge(shops)
        assert failures > 0
        assert {f for f in ("cut", "drop", "delay", "error") if proxy.counts[f] == 0} == set(), proxy.counts
        proxy.enabled = False
        converge(shops)
        assert len(headoffice_payments(headoffice.store)) == 60
        assert_converged(headoffice.store, shops, numbers)
        for shop in shops:
            shop.branch.close()
    finally:
        proxy.close()


CHILD = """
import sys
from app.branch import Branch
from app.sync import SyncClient, RetryPolicy
branch = Branch.open(sys.argv[1])
client = SyncClient(branch, retry=RetryPolicy(attempts=2, base_delay=0.01, max_delay=0.02), push_batch=20, pull_page=20)
print("start", flush=True)
client.run_round()
print("done", flush=True)
"""


def test_a_branch_killed_during_sync_converges_on_the_next_sync(
    headoffice: HeadOffice, tmp_path: Path
) -> None:
    numbers = load_master_data(headoffice.store, tmp_path, accounts=200)
    other = open_shop(tmp_path / "B013.db", "B013", headoffice)
    other.sync()
    for i in range(150):
        other.pay(numbers[i], "7.00", f"{60000000 + i}")
    other.sync()
    shop = open_shop(tmp_path / "B012.db", "B012", headoffice)  # never synced: 400 master rows + 150 payments
    path = shop.branch.path
    shop.branch.close()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rng = random.Random(5)
    kills = 0

    def killed_syncs(times: int) -> None:
        nonlocal kills
        for _ in range(times):
            child = subprocess.Popen(
                [sys.executable, "-c", CHILD, str(path)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                env=env,
            )
            assert child.stdout is not None
            child.stdout.readline()  # "start": the branch is open and the round begins
            time.sleep(rng.uniform(0.0, 0.25))
            if child.poll() is None:
                child.send_signal(signal.SIGKILL)
                kills += 1
            child.wait()

    killed_syncs(6)  # the bootstrap is cut again and again
    with Branch.open(path) as b:
        SyncClient(b).run_round()  # the next sync completes it
        assert len(branch_payments(b.path)) == 150
        cashier = b.users.get("cajero")
        for i in range(120):
            b.payments.take(
                PaymentRequest(numbers[i], Decimal("3.00"), "yape", operation_number=f"{70000000 + i}"),
                cashier,
            )
    for i in range(120):
        other.pay(numbers[80 + i], "5.00", f"{80000000 + i}")
    other.sync()
    killed_syncs(6)  # now pushes and pulls are cut
    print(f"{kills} of 12 syncs killed mid-way")
    assert kills >= 4  # most rounds die mid-way (a round that finished first is fine too)
    with Branch.open(path) as b:
        SyncClient(b).run_round()
        other.sync()
        SyncClient(b).run_round()
        assert pending(b.path) == 0
        assert (
            branch_payments(b.path)
            == headoffice_payments(headoffice.store)
            == branch_payments(other.branch.path)
        )
        assert len(branch_payments(b.path)) == 390
        assert b.accounts.get(numbers[0]).balance == other.branch.accounts.get(numbers[0]).balance
    other.branch.close()
