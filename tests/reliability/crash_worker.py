"""Child process for tests/reliability/test_crash.py: posts payments (and a few voids) through the real
services until it is killed, or a fixed number of them.

    python crash_worker.py DB SEED [COUNT]

Opens the branch, prints ``READY`` and then, without COUNT, posts payments forever; with COUNT it first
waits for a line on stdin (so two workers start together), prints ``POSTING <monotonic time>``, posts
COUNT payments, prints ``POSTED <monotonic time>`` and exits 0.

Before each payment it prints ``TRYING <request_seed>``: the request (account, amount, method, details
and request id) is a pure function of that number. After each call has returned (the transaction is
committed) it prints ``COMMITTED <receipt_no> <payment_uuid>`` or ``VOIDED <receipt_no>``. Every line
is flushed at once. With ``ABONO_RETRY=<request_seed>`` it first (before READY) posts that request again, as the desk
does after a crash: the request id makes the retry return the payment if it had been committed.
"""

from __future__ import annotations

import os
import random
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.branch import Branch  # noqa: E402
from app.payments import PaymentRequest  # noqa: E402

ACCOUNTS = ("C1", "C2", "C3")
CASHIER = "caja01"
MANAGER = "jefe01"


def request(request_seed: int) -> PaymentRequest:
    rng = random.Random(request_seed)
    request_id = str(uuid.UUID(int=rng.getrandbits(128), version=4))
    account = rng.choice(ACCOUNTS)
    amount = Decimal(rng.randint(1, 50_000)).scaleb(-2)
    kind = rng.choice(("cash", "card", "yape"))
    if kind == "cash":
        return PaymentRequest(
            account, amount, "cash", tendered=amount + rng.randint(0, 20), request_id=request_id
        )
    if kind == "card":
        return PaymentRequest(
            account,
            amount,
            "card",
            card_brand=rng.choice(("Visa", "Mastercard")),
            card_last4=f"{rng.randint(0, 9999):04d}",
            auth_code=f"A{rng.randint(0, 99999):05d}",
            request_id=request_id,
        )
    operation = str(rng.randint(100_000, 999_999_999))
    return PaymentRequest(account, amount, "yape", operation_number=operation, request_id=request_id)


def main() -> int:
    db, seed = sys.argv[1], int(sys.argv[2])
    count = int(sys.argv[3]) if len(sys.argv) > 3 else None
    rng = random.Random(seed)
    branch = Branch.open(db)
    cashier = branch.users.get(CASHIER)
    manager = branch.users.get(MANAGER)
    retry = os.environ.get("ABONO_RETRY")
    if retry:  # before READY, so the parent's kill never interrupts it
        record = branch.payments.take(request(int(retry)), cashier)
        print(f"COMMITTED {record.receipt_no} {record.payment_id}", flush=True)
    print("READY", flush=True)
    if count is not None:
        sys.stdin.readline()
        print(f"POSTING {time.monotonic()}", flush=True)  # a clock every process on this machine shares
    mine: list[str] = []
    n = 0
    while count is None or n < count:
        n += 1
        if count is None and mine and n % 7 == 0:
            receipt = mine.pop(rng.randrange(len(mine)))
            branch.payments.void(receipt, "prueba de corte", manager)
            print(f"VOIDED {receipt}", flush=True)
            continue
        request_seed = rng.randrange(1 << 62)
        print(f"TRYING {request_seed}", flush=True)
        record = branch.payments.take(request(request_seed), cashier)
        mine.append(record.receipt_no)
        print(f"COMMITTED {record.receipt_no} {record.payment_id}", flush=True)
    if count is not None:
        print(f"POSTED {time.monotonic()}", flush=True)
    branch.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
