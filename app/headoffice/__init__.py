"""Head office: the server every branch syncs with, and the master of customers, accounts and schedules.

- :mod:`app.headoffice.store` opens the head office database (a SQLite file by default, PostgreSQL via
  psycopg 3 in production) and runs its own Alembic migrations.
- :mod:`app.headoffice.branches` registers branches and their tokens (kept only as SHA-256 hashes).
- :mod:`app.headoffice.intake` stores the events branches push, each exactly once.
- :mod:`app.headoffice.feed` is the global change feed branches pull, in pages after a cursor.
- :mod:`app.headoffice.masterdata` imports customers and accounts (CSV or demo data) into the feed.
- :mod:`app.headoffice.api` is the FastAPI application; :mod:`app.headoffice.server` runs it with uvicorn.
- :mod:`app.headoffice.report` is the collections report.

Nothing here imports the branch's storage models: head office has its own tables and metadata.
"""
