// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// An Alertmanager peer's answers about silences, as the alertmanager channel reads them:
// GET /api/v2/alerts (alertmanagerSilencedBy) and GET /api/v2/silence/{id}
// (alertmanagerSilence). Whatever the peer says, the ids are few and plain, and the texts
// fit the history's limits with no control character a note may not hold.

#include "FuzzSupport.h"

#include "channels/AlertmanagerChannel.h"

using namespace alertdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray answer = fuzz::bytes(data, size);
    if (const auto ids = alertmanagerSilencedBy(answer, QStringLiteral("a1"))) {
        FUZZ_CHECK(ids->size() <= kMaxClusterSilences);
        for (const QString& id : *ids)
            FUZZ_CHECK(!id.isEmpty() && id.size() <= 64 && !id.contains(QLatin1Char('/')));
    }
    if (const auto s = alertmanagerSilence(answer, QStringLiteral("s1"))) {
        FUZZ_CHECK(s->silence.id == QLatin1String("s1"));
        FUZZ_CHECK(s->silence.comment.size() <= AlertEvent::kNoteLimit);
        FUZZ_CHECK(checkEventNote(s->silence.comment).isEmpty());
        FUZZ_CHECK(s->silence.createdBy.size() <= ClusterSilence::kCreatedByLimit);
        for (const QChar c : s->silence.createdBy)
            FUZZ_CHECK(c.unicode() >= 0x20);
        FUZZ_CHECK(s->state.size() <= 16);
    }
    return 0;
}
