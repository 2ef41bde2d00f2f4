"""Setting up a branch on first run, without Qt.

Contract of :func:`create_branch`: checks the form (every field filled, the two passwords equal), then
creates the branch database with ``Branch.create`` and its first user with role ``admin``. If the admin
cannot be created (a bad user name, a short password), the new database file is removed again, so a
failed setup never leaves a branch nobody can log in to. A file that already existed is never removed.
Blocks for a second or two (migrations, Argon2): run it off the GUI thread.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from app.branch import Branch
from app.flows.messages import flow_error


@dataclass(frozen=True, slots=True)
class BranchSetup:
    """What the first-run dialog asks for."""

    branch_code: str
    branch_name: str
    register: str
    admin_user: str
    admin_name: str
    password: str
    password_again: str
    currency: str = "PEN"
    locale: str = "es_PE"
    timezone: str = "America/Lima"


def check_setup(setup: BranchSetup) -> None:
    """Raise ``FlowError`` for an empty field or different passwords (the core checks the rest)."""
    for name, value in (
        ("branch_code", setup.branch_code),
        ("branch_name", setup.branch_name),
        ("register", setup.register),
        ("admin_user", setup.admin_user),
        ("password", setup.password),
    ):
        if not value.strip():
            raise flow_error("field_empty", field=name)
    if setup.password != setup.password_again:
        raise flow_error("passwords_differ")


def _remove_database(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(str(path) + suffix).unlink()


def create_branch(path: Path, setup: BranchSetup) -> Branch:
    """Create the branch at ``path`` and its admin; see the module contract."""
    check_setup(setup)
    existed = path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    branch = Branch.create(
        path,
        setup.branch_code,
        setup.branch_name,
        register=setup.register.strip(),
        currency=setup.currency,
        locale=setup.locale,
        timezone=setup.timezone,
    )
    try:
        branch.users.add(setup.admin_user, setup.password, "admin", setup.admin_name)
    except BaseException:
        branch.close()
        if not existed:
            _remove_database(path)
        raise
    return branch
