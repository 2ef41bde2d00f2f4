"""Abono's PySide6 desktop client. Talks to ``app`` services only; never imports SQLAlchemy."""

from ui.signals import install as _install_emit_fix

_install_emit_fix()  # PySide6 6.12.0 loses a reference to True on every emit (see ui/signals.py)
