"""Type-to-search scheduling on one database worker, without Qt: latest wins.

Contract of :class:`SearchCoalescer`:
- At most one search runs at a time. Text typed while one runs waits; only the newest waiting text is
  kept (older ones are dropped, never run).
- Blank text is never searched: it clears the results at once and drops any waiting search.
- When a search finishes, its results are shown if its text is still the newest typed, or if a newer
  search is about to run (fresh-enough results while typing); otherwise they are dropped, so results
  never reappear after the box was cleared or changed direction.
"""

from __future__ import annotations


class SearchCoalescer:
    """Which search to run next and whether a finished search may be shown. GUI thread only."""

    def __init__(self) -> None:
        self.latest = ""
        self.running: str | None = None
        self.waiting: str | None = None

    def typed(self, text: str) -> str | None:
        """The cashier changed the text; returns the text to search now, or None (waits, or blank)."""
        self.latest = text
        if not text.strip():
            self.waiting = None
            return None
        if self.running is not None:
            self.waiting = text
            return None
        self.running = text
        return text

    def finished(self, text: str) -> tuple[bool, str | None]:
        """The search for ``text`` ended: (show its results?, next text to search or None)."""
        self.running = None
        nxt, self.waiting = self.waiting, None
        if nxt is not None and nxt == text:
            nxt = None
        show = bool(text.strip()) and (text == self.latest or nxt is not None)
        if nxt is not None:
            self.running = nxt
        return show, nxt

    @property
    def busy(self) -> bool:
        return self.running is not None
