"""Two branches that take money offline, then sync: every payment once everywhere, same balances."""

from __future__ import annotations

import json
import sqlite3
import stat
from decimal import Decimal
from pathlib import Path

import pytest

from app.sync import SyncClient, SyncError
from tests.sync.checks import assert_converged, branch_payments, headoffice_payments, pending
from tests.sync.conftest import HeadOffice, Shop


def test_two_offline_branches_paying_the_same_installment_converge(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, b, numbers = shops
    account = numbers[0]
    before = a.branch.accounts.get(account)
    assert before.balance == b.branch.accounts.get(account).balance
    first_due = before.installments[0].amount_due
    # Both branches are offline: each takes the first installment in full.
    pa = a.pay(account, str(first_due), "11112222")
    pb = b.pay(account, str(first_due), "33334444")
    a.pay(numbers[1], "50.00", "55556666")
    assert pending(a.branch.path) == 2 and pending(b.branch.path) == 1

    ra = a.sync()
    rb = b.sync()
    assert (ra.pushed, rb.pushed) == (2, 1)
    assert rb.pulled_payments == 2  # B013 gets both of B012's payments
    a.sync()  # and B012 gets B013's
    ho = headoffice_payments(headoffice.store)
    assert len(ho) == 3 and {pa.payment_id, pb.payment_id} <= set(ho)
    assert_converged(headoffice.store, [a, b], numbers)
    # Both payments stand: what was paid twice on the installment goes on to what is still owed.
    view = a.branch.accounts.get(account)
    assert {p.receipt_no for p in view.payments} == {pa.receipt_no, pb.receipt_no}
    assert view.balance < before.balance - first_due
    remote = a.branch.payments.get(pb.receipt_no)
    assert (remote.branch_code, remote.cashier, remote.receipt_no) == ("B013", "cajero", pb.receipt_no)
    con = sqlite3.connect(a.branch.path)
    assert con.execute("SELECT cashier_id FROM payments WHERE uuid = ?", (pb.payment_id,)).fetchone() == (
        None,
    )
    assert con.execute("SELECT count(*) FROM outbox").fetchone() == (2,)  # nothing added for B013's payment
    con.close()


def test_a_void_reaches_head_office_and_the_other_branch(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, b, numbers = shops
    paid = a.pay(numbers[0], "80.00", "12121212")
    a.sync()
    b.sync()
    a.branch.payments.void(paid.receipt_no, "monto equivocado", a.manager)
    a.sync()
    report = b.sync()
    assert report.pulled_voids == 1
    assert b.branch.payments.get(paid.receipt_no).voided
    assert headoffice_payments(headoffice.store)[paid.payment_id][2] is True
    assert_converged(headoffice.store, [a, b], numbers)


def test_a_round_with_nothing_new_changes_nothing(shops: tuple[Shop, Shop, list[str]]) -> None:
    a, _, _ = shops
    cursor = a.client.status().cursor
    report = a.sync()
    assert (report.pushed, report.pulled_customers, report.pulled_accounts, report.pulled_payments) == (
        0,
        0,
        0,
        0,
    )
    assert report.cursor == cursor


def test_status_reports_pending_last_success_and_last_error(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, _, numbers = shops
    a.pay(numbers[0], "10.00", "77778888")
    status = a.client.status()
    assert status.configured and status.pending == 1 and status.last_error is None
    assert status.last_success is not None
    headoffice.stop()
    with pytest.raises(SyncError) as e:
        a.sync()
    assert e.value.retryable
    status = a.client.status()
    assert status.pending == 1
    assert status.last_error is not None and "oficina central" in status.last_error
    assert status.last_error_at is not None


def test_a_token_of_another_branch_is_refused_and_nothing_moves(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, _, numbers = shops
    a.pay(numbers[0], "10.00", "90909090")
    with pytest.raises(SyncError) as e:
        a.client.configure(headoffice.url, headoffice.tokens["B013"])
    assert e.value.code == "sync_wrong_branch"
    assert "B013" in e.value.message("en") and "B012" in e.value.message("en")
    # The saved settings were not touched: the branch still syncs with its own token.
    assert a.sync().pushed == 1
    # A token of another branch that got into the settings anyway is refused before anything is sent.
    a.pay(numbers[0], "10.00", "90909091")
    a.client.configure(headoffice.url, headoffice.tokens["B013"], verify=False)
    with pytest.raises(SyncError) as e:
        a.sync()
    assert e.value.code == "sync_wrong_branch"
    assert pending(a.branch.path) == 1
    assert len(headoffice_payments(headoffice.store)) == 1


def test_plain_http_to_a_host_off_loopback_is_refused_by_the_client(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, _, _ = shops
    for url in ("http://central.example.pe:8750", "http://10.0.0.5:8750", "http://[2001:db8::1]:8750"):
        with pytest.raises(SyncError) as e:
            a.client.configure(url, headoffice.tokens["B012"])
        assert e.value.code == "sync_plain_http"
        assert "https://" in e.value.message("es")
    for url in ("ftp://x", "https://", "central.example.pe", "https://user:pw@central.example.pe"):
        with pytest.raises(SyncError) as e:
            a.client.configure(url, headoffice.tokens["B012"])
        assert e.value.code == "sync_url_invalid"
    assert a.client.status().server_url == headoffice.url  # nothing changed


def test_the_token_is_kept_in_a_file_only_the_user_can_read(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, _, _ = shops
    token_file = Path(str(a.branch.path) + ".sync-token")
    assert token_file.read_text() == headoffice.tokens["B012"]
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    con = sqlite3.connect(a.branch.path)
    stored = json.dumps(con.execute("SELECT * FROM sync_state").fetchall())
    con.close()
    assert headoffice.tokens["B012"] not in stored


def test_another_process_on_the_same_branch_sees_the_same_sync(
    shops: tuple[Shop, Shop, list[str]], headoffice: HeadOffice
) -> None:
    a, _, numbers = shops
    a.pay(numbers[2], "25.00", "24242424")
    from app.branch import Branch

    with Branch.open(a.branch.path) as again:
        report = SyncClient(again).run_round()
    assert report.pushed == 1
    assert a.client.status().pending == 0
    assert Decimal(sum(v[0] for v in branch_payments(a.branch.path).values())) == Decimal(2500)
