"""Running the head office API with uvicorn.

:func:`build_server` opens the store (running its migrations), builds the app and returns a configured
``uvicorn.Server`` (tests run it in a thread); :func:`serve` runs it until stopped. With a certificate
and key the server speaks HTTPS only; the sync client refuses plain HTTP except on loopback.
"""

from __future__ import annotations

from pathlib import Path

import uvicorn

from app.headoffice.api import ApiSettings, create_app
from app.headoffice.errors import HeadOfficeError
from app.headoffice.store import HeadOfficeStore, open_store

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8750


def build_server(
    store: HeadOfficeStore,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    tls_cert: str | None = None,
    tls_key: str | None = None,
    settings: ApiSettings | None = None,
    log_level: str = "warning",
) -> uvicorn.Server:
    """A uvicorn server for ``store``; refuses a certificate without its key (or the reverse)."""
    if bool(tls_cert) != bool(tls_key):
        raise HeadOfficeError("ho_tls_pair")
    for name in (tls_cert, tls_key):
        if name and not Path(name).is_file():
            raise HeadOfficeError("ho_tls_file", path=name)
    config = uvicorn.Config(
        create_app(store, settings),
        host=host,
        port=port,
        ssl_certfile=tls_cert,
        ssl_keyfile=tls_key,
        log_level=log_level,
        access_log=False,
        timeout_keep_alive=30,
        server_header=False,
    )
    return uvicorn.Server(config)


def serve(
    url: str | None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    tls_cert: str | None = None,
    tls_key: str | None = None,
    log_level: str = "info",
) -> None:
    """Open the database at ``url`` (migrating it) and serve until interrupted."""
    store = open_store(url)
    try:
        build_server(store, host, port, tls_cert=tls_cert, tls_key=tls_key, log_level=log_level).run()
    finally:
        store.close()
