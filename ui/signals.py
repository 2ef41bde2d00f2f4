"""A workaround for PySide6 6.12.0: ``SignalInstance.emit()`` loses a reference to ``True``.

That version returns ``True`` from ``emit()`` without taking a reference to it, so every
``signal.emit(...)`` made from Python drops one reference to ``True``; after enough of them Python
aborts ("Fatal Python error: bool_dealloc: deallocating True or False") when it collects garbage or
exits. :func:`install` measures once whether the running PySide6 does this and, only if it does,
wraps ``SignalInstance.emit`` to give the reference back, for every emit in the process (ours, pytest-qt's
and any other module's). ``ui/__init__.py`` installs it, so importing anything from ``ui`` is enough.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal, SignalInstance


class _Probe(QObject):
    fired = Signal()


def emit_loses_a_reference() -> bool:
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(4):
        probe.fired.emit()
    return sys.getrefcount(True) < before


def install() -> bool:
    """Wrap ``SignalInstance.emit`` if this PySide6 needs it; True when the wrapper is in place."""
    if getattr(SignalInstance.emit, "_abono_fixed", False):
        return True
    if not emit_loses_a_reference():
        return False
    original = SignalInstance.emit

    def emit(self: Any, *args: Any) -> Any:
        result = original(self, *args)
        if isinstance(result, bool):
            ctypes.pythonapi.Py_IncRef(ctypes.py_object(result))
        return result

    emit._abono_fixed = True  # type: ignore[attr-defined]
    SignalInstance.emit = emit  # type: ignore[method-assign]
    return True
