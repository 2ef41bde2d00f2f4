"""Writing a report file atomically: a crash never leaves half a file under the target's name."""

from __future__ import annotations

import os
import uuid
from pathlib import Path


def write_atomically(target: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``target``: first to a new file in the same folder (so the rename stays on one
    file system; created with the usual permissions, unlike ``mkstemp``'s owner-only ones), flushed to
    disk, then renamed over the target. The folder is created if needed. Returns the target's path."""
    path = Path(target)
    folder = path.parent
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f".{path.name}.{uuid.uuid4().hex}.tmp"
    try:
        with tmp.open("xb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
