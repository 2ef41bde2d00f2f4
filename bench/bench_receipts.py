"""Time building the ESC/POS bytes of a typical receipt (cash, 3 allocations, QR, drawer kick).

``python bench/bench_receipts.py [n] [width]`` (default 1,000 runs at 42 columns) prints the first-call
cost (the contained python-escpos import) and p50/p95/max per job after a warm-up. Target: p95 <= 5 ms.
Figures only; nothing is asserted.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.receipts import build_job, parse_printer_uri, render_text
from tests.support.receipts import cash_receipt


def percentile(sorted_values: list[float], fraction: float) -> float:
    index = min(len(sorted_values) - 1, max(0, round(fraction * len(sorted_values)) - 1))
    return sorted_values[index]


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    width = int(sys.argv[2]) if len(sys.argv) > 2 else 42
    receipt = cash_receipt()
    settings = parse_printer_uri(f"tcp://printer:9100?width={width}")

    t0 = time.perf_counter()
    first = build_job(receipt, settings, logo=None)
    first_ms = (time.perf_counter() - t0) * 1000
    for _ in range(50):  # warm-up: caches (profiles, Babel locale data, code page maps)
        build_job(receipt, settings, logo=None)

    times = []
    for _ in range(n):
        start = time.perf_counter()
        build_job(receipt, settings, logo=None)
        times.append((time.perf_counter() - start) * 1000)
    times.sort()

    text_times = []
    for _ in range(min(n, 200)):
        start = time.perf_counter()
        render_text(receipt, width)
        text_times.append((time.perf_counter() - start) * 1000)

    print(f"receipt job: {len(first):,} bytes, {width} columns, {n:,} runs after warm-up")
    print(f"first build (imports python-escpos): {first_ms:.1f} ms")
    print(
        f"build_job  p50 {percentile(times, 0.50):.3f} ms  p95 {percentile(times, 0.95):.3f} ms  "
        f"max {times[-1]:.3f} ms  mean {statistics.fmean(times):.3f} ms  (target p95 <= 5 ms)"
    )
    print(f"render_text mean {statistics.fmean(text_times):.3f} ms")


if __name__ == "__main__":
    main()
