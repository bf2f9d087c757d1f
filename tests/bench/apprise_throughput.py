#!/usr/bin/python3
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
"""The peer reference of the throughput benchmark: Debian's apprise library sends N alerts,
one notify() each, to one json:// URL on the benchmark's sink, as a Python alert service built
on apprise would. Prints one JSON line: {"alerts": N, "delivered": D, "seconds": S, "version": V}.

Usage: apprise_throughput.py PORT N [PATH]
"""
import json
import sys
import time

import apprise


def main():
    port = int(sys.argv[1])
    count = int(sys.argv[2])
    path = sys.argv[3] if len(sys.argv) > 3 else "apprise"
    a = apprise.Apprise()
    if not a.add(f"json://127.0.0.1:{port}/{path}"):
        print(json.dumps({"error": "apprise refused the json:// URL"}))
        return 2
    delivered = 0
    started = time.perf_counter()
    for i in range(count):
        # The same alert text the engine benchmark sends.
        if a.notify(title=f"BTCUSDT above 50000 #{i}",
                    body="BTC crossed the 50,000 threshold on the 1m feed",
                    notify_type=apprise.NotifyType.WARNING):
            delivered += 1
    seconds = time.perf_counter() - started
    print(json.dumps({"alerts": count, "delivered": delivered, "seconds": seconds,
                      "version": apprise.__version__}))
    return 0 if delivered == count else 1


if __name__ == "__main__":
    sys.exit(main())
