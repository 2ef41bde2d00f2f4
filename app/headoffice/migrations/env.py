"""Alembic environment of the head office: migrations run on a connection handed in by
``app.headoffice.store``, with their own version table so a head office database is never mistaken
for a branch's."""

from alembic import context

from app.headoffice.store import VERSION_TABLE

connection = context.config.attributes["connection"]
context.configure(connection=connection, version_table=VERSION_TABLE, transactional_ddl=True)
context.run_migrations()
