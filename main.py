"""Abono's entry point: ``python main.py [args]`` is the ``abono`` command.

With a subcommand (``init``, ``pay``, ``search``...) it runs the command line (``app.cli``); with no
arguments, or with ``--demo``, it opens the desktop client (``ui``). The GUI is imported only when it is
needed, so the command line starts without Qt.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("--demo", "--desk") or (args[0] == "--db" and len(args) == 2):
        from ui.launch import run_desk

        return run_desk(args)
    from app.cli import main as cli_main

    return cli_main(args)


if __name__ == "__main__":
    raise SystemExit(main())
