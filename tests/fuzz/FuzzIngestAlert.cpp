// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// POST /v1/alerts: the body as JSON, read by parseAlert (the ingest API's submitAlert, the
// CLI's send). An accepted alert is valid and reads back the same from its toJson().

#include "FuzzSupport.h"

#include "model/Alert.h"

#include <QJsonDocument>

using namespace alertdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size));
    if (!doc.isObject())
        return 0;
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(fuzz::kNowMs, Qt::UTC);
    const AlertParseResult r = parseAlert(doc.object(), now);
    if (!r.ok()) {
        FUZZ_CHECK(!r.error.field.isEmpty() && !r.error.message.isEmpty());
        return 0;
    }
    const Alert& a = *r.alert;
    FUZZ_CHECK(!validateAlert(a));
    const AlertParseResult again = parseAlert(a.toJson(), now);
    FUZZ_CHECK(again.ok());
    const Alert& b = *again.alert;
    FUZZ_CHECK(a.type == b.type && a.priority == b.priority && a.title == b.title && a.message == b.message);
    FUZZ_CHECK(a.symbol == b.symbol && a.strategy == b.strategy && a.position == b.position);
    FUZZ_CHECK(a.data == b.data && a.channels == b.channels && a.dedupKey == b.dedupKey);
    return 0;
}
