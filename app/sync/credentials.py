"""Where a branch keeps its head office token.

Contract: :func:`save_token` stores the token in the operating system's keyring when the ``keyring``
package is installed and has a working backend (the stored secret is read back to make sure); else in
a file next to the branch database (``<db>.sync-token``), created with mode 0600 so only the user can
read it. It returns where it went (``"keyring"`` or ``"file"``), which the branch records.
:func:`load_token` reads it back from there. The token never goes into the branch database or a log.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

SERVICE = "abono-sync"


def token_file(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".sync-token")


def _keyring() -> Any | None:
    """The ``keyring`` module if it is importable and has a usable backend, else ``None``."""
    try:  # optional: imported by name so the program (and mypy) does not need it
        keyring = importlib.import_module("keyring")
        fail = importlib.import_module("keyring.backends.fail")
        backend = keyring.get_keyring()
    except Exception:
        return None
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 0) <= 0:
        return None
    return keyring


def _account(db_path: Path, branch_code: str) -> str:
    return f"{branch_code}@{db_path.resolve()}"


def save_token(db_path: Path, branch_code: str, token: str) -> str:
    """Store ``token``; returns ``"keyring"`` or ``"file"`` (see the module contract)."""
    keyring = _keyring()
    if keyring is not None:
        try:
            keyring.set_password(SERVICE, _account(db_path, branch_code), token)
            if keyring.get_password(SERVICE, _account(db_path, branch_code)) == token:
                token_file(db_path).unlink(missing_ok=True)
                return "keyring"
        except Exception:
            pass  # a backend that is present but locked or broken: fall back to the file
    path = token_file(db_path)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, token.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, path)
    return "file"


def load_token(db_path: Path, branch_code: str, where: str | None) -> str | None:
    """The stored token, or ``None`` if there is none."""
    if where == "keyring":
        keyring = _keyring()
        if keyring is None:
            return None
        try:
            value = keyring.get_password(SERVICE, _account(db_path, branch_code))
        except Exception:
            return None
        return str(value) if value else None
    try:
        return token_file(db_path).read_text(encoding="utf-8").strip() or None
    except OSError:
        return None
