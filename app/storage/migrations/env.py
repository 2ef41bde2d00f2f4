"""Alembic environment: migrations always run on a connection handed in by ``app.storage.engine``."""

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True)
context.run_migrations()
