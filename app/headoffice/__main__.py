"""``python -m app.headoffice ...`` is ``abono headoffice ...`` (for servers that have no desk)."""

from __future__ import annotations

import sys

from app.headoffice_cli import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
