"""The desk's other flows without Qt: idle lock, search scheduling, void approval, first run, printer
settings, status."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from app.errors import AbonoError, AuthenticationFailed, PermissionDenied
from app.flows.desk_status import SyncState, desk_status, sync_state
from app.flows.first_run import BranchSetup, create_branch
from app.flows.idle_lock import IdleLock
from app.flows.printer_form import PrinterFields, compose_uri, split_uri
from app.flows.search_flow import SearchCoalescer
from app.flows.void_flow import VoidApproval
from app.receipts import PrinterError
from app.users import UserInfo


class Ticker:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_idle_lock_locks_after_the_timeout_but_not_while_busy() -> None:
    clock = Ticker()
    lock = IdleLock(60, clock)
    clock.now = 59
    assert not lock.tick()
    lock.activity()
    clock.now = 118
    assert not lock.tick()
    clock.now = 200
    assert not lock.tick(busy=True)
    assert lock.tick() and lock.locked
    assert not lock.tick()  # already locked: reported once
    lock.activity()
    assert lock.locked  # activity does not unlock
    lock.unlock()
    assert not lock.locked and lock.idle_seconds() == 0


def test_idle_lock_zero_never_locks() -> None:
    clock = Ticker()
    lock = IdleLock(0, clock)
    clock.now = 10**6
    assert not lock.tick()
    with pytest.raises(ValueError):
        IdleLock(-1)


def test_search_coalescer_runs_one_at_a_time_and_keeps_only_the_newest() -> None:
    c = SearchCoalescer()
    assert c.typed("q") == "q"
    assert c.typed("qu") is None and c.typed("qui") is None
    assert c.finished("q") == (True, "qui")  # "qu" was never run; "q" results shown while typing
    assert c.finished("qui") == (True, None)
    assert not c.busy


def test_search_coalescer_drops_results_after_the_box_was_cleared() -> None:
    c = SearchCoalescer()
    c.typed("quispe")
    assert c.typed("") is None
    assert c.finished("quispe") == (False, None)
    assert c.typed("  ") is None and not c.busy


def user(role: str, name: str = "ana") -> UserInfo:
    return UserInfo(1, "u", name, name.title(), role, True)


def test_void_approval_of_a_manager_needs_no_credentials() -> None:
    manager = user("manager", "jefe")
    approval = VoidApproval(manager, lambda u, p: pytest.fail("no login expected"))
    assert not approval.needs_manager_credentials
    assert approval.approver() is manager


def test_void_approval_of_a_cashier_checks_a_managers_credentials() -> None:
    logins = {
        ("jefe", "ok-password"): user("manager", "jefe"),
        ("caja", "ok-password"): user("cashier", "caja"),
    }

    def login(name: str, password: str) -> UserInfo:
        if (name, password) not in logins:
            raise AuthenticationFailed("login_failed")
        return logins[(name, password)]

    approval = VoidApproval(user("cashier", "caja"), login)
    assert approval.needs_manager_credentials
    assert approval.approver("jefe", "ok-password").username == "jefe"
    with pytest.raises(PermissionDenied):
        approval.approver("caja", "ok-password")
    with pytest.raises(AuthenticationFailed):
        approval.approver("jefe", "wrong")


SETUP = BranchSetup("b099", "Sucursal Norte", "02", "admin", "Ada Admin", "clave-segura-1", "clave-segura-1")


def test_first_run_creates_the_branch_and_its_admin(tmp_path: Path) -> None:
    branch = create_branch(tmp_path / "new" / "branch.db", SETUP)
    try:
        assert (branch.settings.branch_code, branch.register) == ("B099", "02")
        assert branch.users.login("admin", "clave-segura-1").role == "admin"
    finally:
        branch.close()


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"password_again": "otra-clave-1"}, "passwords_differ"),
        ({"branch_name": " "}, "field_empty"),
        ({"admin_user": "X!"}, "user_name_invalid"),
        ({"password": "corta", "password_again": "corta"}, "password_short"),
    ],
)
def test_a_failed_first_run_leaves_no_database(tmp_path: Path, changes: dict[str, str], code: str) -> None:
    from dataclasses import replace

    path = tmp_path / "branch.db"
    with pytest.raises(AbonoError) as refused:
        create_branch(path, replace(SETUP, **changes))
    assert refused.value.code == code
    assert not path.exists() and not list(tmp_path.iterdir())


def test_printer_uri_round_trips_through_the_fields() -> None:
    fields = split_uri("tcp://10.0.0.5:9100?width=48&timeout=3&codepage=cp850")
    assert fields == PrinterFields("tcp://10.0.0.5:9100", 48, "CP850", (("timeout", "3"),))
    assert compose_uri(fields) == "tcp://10.0.0.5:9100?timeout=3&width=48&codepage=CP850"
    assert compose_uri(PrinterFields("usb://04b8:0e15")) == "usb://04b8:0e15"
    assert split_uri(None) == PrinterFields("")


def test_a_bad_printer_uri_is_refused_by_the_core() -> None:
    from app.flows.printer_form import check_uri

    with pytest.raises(PrinterError) as refused:
        check_uri("lpt1:")
    assert refused.value.kind == "invalid_uri"


def test_status_without_services_is_not_configured() -> None:
    assert sync_state(object()) == SyncState(configured=False) or sync_state(object()).error is not None
    assert desk_status(object()).drawer is None


def test_status_reads_a_sync_service_by_duck_typing() -> None:
    class Status:
        configured = True
        pending = 3
        last_success = "2025-03-10T15:00:00Z"
        last_error = None

    class Branch:
        class sync:
            @staticmethod
            def status() -> Any:
                return Status()

        class drawer:
            @staticmethod
            def is_open() -> bool:
                return True

    status = desk_status(Branch())
    assert status.drawer == "open"
    assert status.sync == SyncState(True, 3, "2025-03-10T15:00:00Z", None)


def test_status_of_a_real_branch(tmp_path: Path) -> None:
    branch = create_branch(tmp_path / "b.db", SETUP)
    try:
        status = desk_status(branch)
        assert status.drawer in ("closed", None)
        assert not status.sync.configured
    finally:
        branch.close()
