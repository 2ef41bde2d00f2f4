"""Storage: the SQLAlchemy models, the engine with Abono's SQLite pragmas, and Alembic migrations.

Importing the package registers every table on ``models.Base`` (the drawer tables and the portfolio
checkpoint live in their own modules).
"""

from app.storage import drawer_models, models, portfolio_models

__all__ = ["drawer_models", "models", "portfolio_models"]
