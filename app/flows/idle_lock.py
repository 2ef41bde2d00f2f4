"""When the desk locks itself: the idle policy, without Qt.

Contract: after ``timeout_s`` seconds with no key or mouse activity the desk locks, except while
``busy`` (a payment is posting: locking then would hide its outcome). A timeout of 0 never locks. Once
locked it stays locked until :meth:`IdleLock.unlock` (after the user re-enters the password);
activity while locked does not unlock. Time comes from the injected monotonic ``clock``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

DEFAULT_LOCK_MINUTES = 5.0


class IdleLock:
    """The lock state of one desk; see the module contract. GUI thread only."""

    def __init__(self, timeout_s: float, clock: Callable[[], float] = time.monotonic) -> None:
        if timeout_s < 0:
            raise ValueError("timeout_s must be >= 0")
        self.timeout_s = timeout_s
        self._clock = clock
        self._last = clock()
        self.locked = False

    def activity(self) -> None:
        """A key or mouse event happened."""
        if not self.locked:
            self._last = self._clock()

    def idle_seconds(self) -> float:
        return self._clock() - self._last

    def tick(self, busy: bool = False) -> bool:
        """Check the time; True exactly when this call locked the desk."""
        if self.locked or busy or self.timeout_s == 0:
            return False
        if self.idle_seconds() >= self.timeout_s:
            self.locked = True
            return True
        return False

    def lock(self) -> None:
        """Lock now (the cashier asked for it)."""
        self.locked = True

    def unlock(self) -> None:
        """The password was right: unlock and start counting again."""
        self.locked = False
        self._last = self._clock()
