"""Abono's PySide6 desktop client. Talks to ``app`` services only; never imports SQLAlchemy."""
