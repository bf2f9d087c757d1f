#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
"""Synthesises AlertDesk's alarm sounds into resources/sounds/ (16-bit PCM mono WAV).

The sounds are the project's own: sine tones with short fades, one character per priority,
from urgent to discreet. Deterministic: running it again writes the same bytes.
Usage: scripts/make-sounds.py [output folder]
"""
import math
import os
import struct
import sys
import wave

RATE = 22050


def tone(freqs, ms, volume=0.6, attack_ms=5, release_ms=40, decay=0.0):
    """A chord of sine waves, faded in and out (no click), optionally decaying like a bell."""
    n = int(RATE * ms / 1000)
    attack = max(1, int(RATE * attack_ms / 1000))
    release = max(1, int(RATE * release_ms / 1000))
    out = []
    for i in range(n):
        t = i / RATE
        s = sum(math.sin(2 * math.pi * f * t) for f in freqs) / len(freqs)
        env = min(1.0, i / attack, (n - i) / release)
        if decay:
            env *= math.exp(-decay * t)
        out.append(s * env * volume)
    return out


def silence(ms):
    return [0.0] * int(RATE * ms / 1000)


SOUNDS = {
    # CRITICAL: a fast two-tone siren, three cycles: hard to miss, repeated until acknowledged.
    "alarm": sum(([*tone([988], 120, 0.8, release_ms=10), *tone([740], 120, 0.8, release_ms=10)] for _ in range(3)), [])
    + silence(60),
    # HIGH: three rising beeps.
    "alert": [*tone([660], 110), *silence(50), *tone([880], 110), *silence(50), *tone([1175], 160)],
    # MEDIUM: a two-note chime that rings out.
    "chime": [*tone([784, 1568], 260, 0.55, decay=5), *tone([1046, 2093], 420, 0.55, decay=5, release_ms=120)],
    # LOW: one soft ping.
    "ping": tone([1318], 300, 0.4, decay=9, release_ms=120),
    # INFO: a short, quiet blip.
    "tick": tone([1760], 60, 0.3, attack_ms=2, release_ms=30),
}


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "resources", "sounds")
    os.makedirs(folder, exist_ok=True)
    for name, samples in SOUNDS.items():
        path = os.path.join(folder, name + ".wav")
        with wave.open(path, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(RATE)
            w.writeframes(b"".join(struct.pack("<h", int(max(-1.0, min(1.0, s)) * 32767)) for s in samples))
        print(f"{path}: {len(samples) / RATE:.2f} s")


if __name__ == "__main__":
    main()
