"""Storage: the SQLAlchemy models, the engine with Abono's SQLite pragmas, and Alembic migrations.

Importing the package registers every table on ``models.Base`` (the drawer tables live in their own
module).
"""

from app.storage import drawer_models, models

__all__ = ["drawer_models", "models"]
