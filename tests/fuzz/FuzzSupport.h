// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

// Shared by the libFuzzer targets in this folder. Each target is one source file, so the
// LLVMFuzzerInitialize below is defined once per executable.

#include <QByteArray>
#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace alertdesk::fuzz {

// A fixed "now" (2025-12-06 UTC), so that a crashing input replays the same way.
constexpr qint64 kNowMs = 1'765'000'000'000;

inline QByteArray bytes(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
}

} // namespace alertdesk::fuzz

// A property the code under test promises; a broken one is a finding, as a crash is.
#define FUZZ_CHECK(cond)                                                                                               \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            std::fprintf(stderr, "FUZZ_CHECK failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__);                        \
            std::abort();                                                                                              \
        }                                                                                                              \
    } while (0)

// The parsers' own warnings would drown the fuzzer's output; a fatal message (a failed
// Q_ASSERT) still ends the run with its text.
extern "C" int LLVMFuzzerInitialize(int*, char***)
{
    qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& message) {
        if (type == QtFatalMsg) {
            std::fprintf(stderr, "%s\n", qPrintable(message));
            std::abort();
        }
    });
    return 0;
}
