"""Import python-escpos once, lazily, with its import-time side effects contained.

What ``import escpos.printer`` does in python-escpos 3.1 (``escpos/capabilities.py``):

1. ``logging.basicConfig()`` at module level: if the root logger has no handler yet, it gets a stderr
   ``StreamHandler``, and from then on every library's warnings print to the console of our app.
2. ``pickle_dir = environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR", mkdtemp())``: ``mkdtemp()`` is the
   default argument, so it runs on every import, even when the variable is set. Without the variable,
   a new ``/tmp/tmpXXXXXXXX`` directory holding a ~100 kB pickle of the printer database is left
   behind by every process (and never reused, since the next process makes a new one).
3. It parses ``capabilities.json`` with PyYAML (~0.1 s) and registers an ``atexit`` hook.
4. ``escpos.printer`` imports every driver; ``cups.py`` asks pycups for the CUPS server at import when
   pycups is installed. The Usb/Serial/Cups drivers log through ``logging.info`` on the root logger
   (which calls ``basicConfig()`` again at run time): :mod:`app.receipts.transports` does not use them.

:func:`load_escpos` imports it under a lock, removes the root-logger handlers the import added, and
deletes the temporary directory it created (its pickle is only read during that import). We do not set
``ESCPOS_CAPABILITIES_PICKLE_DIR``: ``mkdtemp()`` would still run, leaving an empty directory we could
not even name, and a persistent pickle in a user-writable cache would be code we load on start.
If the variable is set by someone else, that empty directory is left; nothing else is.
"""

from __future__ import annotations

import importlib
import logging
import os
import shutil
import tempfile
import threading
from pathlib import Path
from types import ModuleType

_lock = threading.Lock()
_loaded: ModuleType | None = None


def load_escpos() -> ModuleType:
    """The ``escpos.printer`` module, imported on first use without leaking handlers or temp files.

    Safe to call from any thread; the first call takes about 0.2 s, later calls are free.
    """
    global _loaded
    if _loaded is not None:
        return _loaded
    with _lock:
        if _loaded is None:
            _loaded = _import_contained()
    return _loaded


def _import_contained() -> ModuleType:
    root = logging.getLogger()
    handlers_before = list(root.handlers)
    pickle_dir_from_env = os.environ.get("ESCPOS_CAPABILITIES_PICKLE_DIR")
    try:
        capabilities = importlib.import_module("escpos.capabilities")
        printer = importlib.import_module("escpos.printer")
    finally:
        for handler in list(root.handlers):
            if handler not in handlers_before:
                root.removeHandler(handler)
    if pickle_dir_from_env is None:
        _remove_own_temp_dir(str(capabilities.pickle_dir))
    return printer


def _remove_own_temp_dir(path: str) -> None:
    directory = Path(path)
    # Only the directory mkdtemp() made for this import: a direct child of the temp dir, named tmp*.
    if directory.parent == Path(tempfile.gettempdir()) and directory.name.startswith("tmp"):
        shutil.rmtree(directory, ignore_errors=True)
