#!/usr/bin/env python3
"""Writes a synthetic customer base as NDJSON (one customer record per line).

Usage: python3 scripts/gen-customers.py [COUNT] [ORDERS] > customers.ndjson
Defaults: 1,000,000 customers with 20 orders each. The output is deterministic
(fixed seed), so timings can be compared between runs and machines.
"""

import random
import sys

STATUSES = ["completed"] * 6 + ["paid"] * 2 + ["cancelled", "refunded", "new"]
CARRIERS = ["socolissimo", "ups", "dhl", "chronopost"]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    orders = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    rng = random.Random(42)
    out = sys.stdout
    buf = []
    for i in range(count):
        parts = []
        for j in range(orders):
            # Spread orders over 2025-01-01 .. 2026-11-20.
            month = rng.randint(1, 22)
            year, month = (2025, month) if month <= 12 else (2026, month - 12)
            day = rng.randint(1, 28)
            cents = rng.randint(500, 9_999)
            parts.append(
                '{"id":"o%d-%d","placedAt":"%04d-%02d-%02dT%02d:%02d:00Z","status":"%s",'
                '"total":"%d.%02d","carrier":"%s","products":["p%d","p%d"]}'
                % (
                    i, j, year, month, day, rng.randint(0, 23), rng.randint(0, 59),
                    rng.choice(STATUSES), cents // 100, cents % 100,
                    rng.choice(CARRIERS), rng.randint(1, 500), rng.randint(1, 500),
                )
            )
        stored = rng.choice(['', ',"cumulativeDiscount":"5"', ',"cumulativeDiscount":"3"'])
        tags = '"vip"' if i % 10 == 0 else ''
        buf.append(
            '{"id":"c%d","registeredAt":"2024-06-01T00:00:00Z","tags":[%s]%s,"orders":[%s]}\n'
            % (i, tags, stored, ",".join(parts))
        )
        if len(buf) >= 10_000:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))


if __name__ == "__main__":
    main()
