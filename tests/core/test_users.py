"""Users and login: Argon2id hashes, the lockout after 5 failures, and the audit of failures."""

from __future__ import annotations

import sqlite3

import pytest

from app.errors import AuthenticationFailed, InvalidInput, Refused
from tests.core.conftest import PASSWORD, Desk


def test_login_returns_the_user(desk: Desk) -> None:
    u = desk.branch.users.login("Cajero ", PASSWORD)
    assert (u.username, u.role, u.is_manager) == ("cajero", "cashier", False)
    assert desk.branch.users.login("gerente", PASSWORD).is_manager


def test_passwords_are_argon2id_with_owasp_parameters(desk: Desk) -> None:
    con = sqlite3.connect(desk.path)
    hashes = [r[0] for r in con.execute("SELECT password_hash FROM users")]
    assert all(h.startswith("$argon2id$") and "m=19456,t=2" in h for h in hashes)
    assert not any(PASSWORD in h for h in hashes)


def test_wrong_password_and_unknown_user_get_the_same_message(desk: Desk) -> None:
    with pytest.raises(AuthenticationFailed) as wrong:
        desk.branch.users.login("cajero", "nope-nope")
    with pytest.raises(AuthenticationFailed) as unknown:
        desk.branch.users.login("nadie", "nope-nope")
    assert wrong.value.message("es") == unknown.value.message("es") == "Usuario o contraseña incorrectos."


def test_five_failures_lock_the_user_for_fifteen_minutes(desk: Desk) -> None:
    users = desk.branch.users
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as e:
            users.login("cajero", "wrong-password")
        assert e.value.code == "login_failed"
    with pytest.raises(AuthenticationFailed) as e:
        users.login("cajero", "wrong-password")
    assert e.value.code == "user_locked"
    assert "10:15" in e.value.message("es")  # 10:00 in Lima + 15 minutes
    with pytest.raises(AuthenticationFailed) as e:
        users.login("cajero", PASSWORD)  # even the right password while locked
    assert e.value.code == "user_locked"
    desk.clock.advance(minutes=14)
    with pytest.raises(AuthenticationFailed):
        users.login("cajero", PASSWORD)
    desk.clock.advance(minutes=2)
    assert users.login("cajero", PASSWORD).username == "cajero"
    failures = [a for a in desk.branch.audit.recent(20) if a.action == "login_failure"]
    assert len(failures) == 7 and failures[-1].details["reason"] == "bad_password"
    assert desk.branch.audit.verify().ok


def test_a_success_resets_the_failure_count(desk: Desk) -> None:
    users = desk.branch.users
    for _ in range(4):
        with pytest.raises(AuthenticationFailed):
            users.login("cajero", "wrong-password")
    users.login("cajero", PASSWORD)
    for _ in range(4):
        with pytest.raises(AuthenticationFailed) as e:
            users.login("cajero", "wrong-password")
        assert e.value.code == "login_failed"


def test_adding_users_validates(desk: Desk) -> None:
    users = desk.branch.users
    with pytest.raises(InvalidInput) as e:
        users.add("x", PASSWORD, "cashier")
    assert e.value.code == "user_name_invalid"
    with pytest.raises(InvalidInput) as e:
        users.add("nueva", "corta", "cashier")
    assert e.value.code == "password_short"
    with pytest.raises(InvalidInput) as e:
        users.add("nueva", PASSWORD, "boss")
    assert e.value.code == "role_invalid"
    with pytest.raises(Refused):
        users.add("cajero", PASSWORD, "cashier")
    assert [u.username for u in users.list()] == ["cajero", "gerente"]


def test_a_disabled_user_cannot_log_in(desk: Desk) -> None:
    desk.branch.users.set_active("cajero", False, actor=desk.manager)
    with pytest.raises(AuthenticationFailed) as e:
        desk.branch.users.login("cajero", PASSWORD)
    assert e.value.code == "user_inactive"
