"""Fixtures of the desk's tests: offscreen Qt, a small real branch (copied from a template per test),
the task manager, a logged-in desk, and the 100k-customer branch for the responsiveness test."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before anything imports Qt

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.branch import Branch

CASHIER = ("caja01", "cajera-segura-01")
MANAGER = ("jefe01", "gerente-seguro-01")
NOW = datetime(2025, 3, 10, 15, 0, tzinfo=UTC)  # 10:00 in Lima: business date 2025-03-10


class FixedClock:
    """A clock that stays where it is put."""

    def __init__(self, now: datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def _build_template(path: Path) -> None:
    clock = FixedClock()
    branch = Branch.create(path, "B012", "Sucursal Centro", clock=clock)
    cashier = branch.users.add(*CASHIER, "cashier", "Carla Cajera")
    branch.users.add(*MANAGER, "manager", "Mario Gerente")
    if hasattr(branch, "drawer"):  # cash payments need the register's drawer open
        branch.drawer.open(branch.drawer.parse_counts("100x1,20x5"), cashier)
    late = branch.customers.add("DNI", "40000001", "Ana María", "Quispe Mamani", phone="987654321")
    branch.accounts.open("A0001", late.customer_id, Decimal("1200.00"), 12, Decimal("3.5"), date(2024, 10, 1))
    ok = branch.customers.add("DNI", "40000002", "José", "Muñoz Pérez", phone="912345678")
    branch.accounts.open("A0002", ok.customer_id, Decimal("600.00"), 6, Decimal("2.0"), date(2025, 3, 1))
    branch.close()


@pytest.fixture(scope="session")
def branch_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "branch.db"
    _build_template(path)
    return path


@pytest.fixture
def desk_branch(branch_template: Path, tmp_path: Path) -> Iterator[Branch]:
    """A fresh copy of the template branch: cashier caja01, manager jefe01, a late account A0001
    (Ana María Quispe Mamani) and an up-to-date one A0002 (José Muñoz Pérez)."""
    target = tmp_path / "branch.db"
    shutil.copy(branch_template, target)
    branch = Branch.open(target, clock=FixedClock())
    yield branch
    branch.close()


@pytest.fixture
def cashier(desk_branch: Branch) -> Any:
    return desk_branch.users.get(CASHIER[0])


@pytest.fixture
def manager(desk_branch: Branch) -> Any:
    return desk_branch.users.get(MANAGER[0])


@pytest.fixture
def tasks(qapp: Any) -> Iterator[Any]:
    from ui.operations import TaskManager

    manager = TaskManager("es")
    yield manager
    manager.shutdown()


@pytest.fixture
def make_desk(qtbot: Any, desk_branch: Branch, tasks: Any) -> Any:
    """``make_desk(user, **options)``: a shown desk for ``user`` on the test branch."""
    from ui.desk_widget import DeskWidget

    def make(user: Any, **options: Any) -> DeskWidget:
        options.setdefault("lock_minutes", 0)
        desk = DeskWidget(desk_branch, user, tasks, **options)
        qtbot.addWidget(desk)
        desk.show()
        return desk

    return make


def open_account(qtbot: Any, desk: Any, text: str, account_no: str) -> None:
    """Search ``text`` in the desk and open ``account_no`` from the results by keyboard."""
    from PySide6.QtCore import Qt

    with qtbot.waitSignal(desk.search.results_shown, timeout=10_000):
        qtbot.keyClicks(desk.search.box, text)
    rows = [r.account_no for r in desk.search.model.rows]
    assert account_no in rows
    for _ in range(rows.index(account_no)):
        qtbot.keyClick(desk.search.box, Qt.Key.Key_Down)
    with qtbot.waitSignal(desk.account.account_shown, timeout=10_000):
        qtbot.keyClick(desk.search.box, Qt.Key.Key_Return)


@pytest.fixture
def frozen_heap() -> Iterator[None]:
    """What the desk does after login (``ui.launch.freeze_heap``), undone after the test."""
    import gc

    from ui.launch import freeze_heap

    freeze_heap()
    yield
    gc.unfreeze()


@pytest.fixture(scope="session")
def big_branch_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo branch with 100,000 customers (built once per session, ~30 s)."""
    from app.demo.loader import load_demo

    path = tmp_path_factory.mktemp("big") / "big.db"
    load_demo(path, customers=int(os.environ.get("ABONO_UI_BIG_CUSTOMERS", "100000")), seed=1)
    return path


@pytest.fixture(scope="session", autouse=True)
def spanish_desk(qapp: Any) -> None:
    """The desk in Spanish (the test branch's locale is es_PE), with its style sheet."""
    from ui.resources import apply_style, install_language

    apply_style(qapp)
    install_language(qapp, "es")
