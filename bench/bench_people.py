"""Time app.demo.people.generate_people: ``python bench/bench_people.py [n] [seed]`` (default 1,000,000)."""

from __future__ import annotations

import sys
import time
from collections import deque
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.demo.people import _tables, generate_people


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 1
    t0 = time.perf_counter()
    _tables()
    t1 = time.perf_counter()
    deque(generate_people(n, seed), maxlen=0)
    t2 = time.perf_counter()
    people = list(generate_people(n, seed))
    t3 = time.perf_counter()
    print(f"tables (once per process): {t1 - t0:.3f} s")
    print(f"generate {n:,} people (consumed): {t2 - t1:.3f} s ({(t2 - t1) / n * 1e6:.2f} us/person)")
    print(f"generate {n:,} people into a list: {t3 - t2:.3f} s")
    print("sample:", people[0])


if __name__ == "__main__":
    main()
