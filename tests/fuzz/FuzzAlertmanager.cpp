// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// POST /v1/alertmanager: Alertmanager's webhook payload (version 4), read by
// AlertmanagerBatch::parse. Every firing alert it yields is valid and keyed by fingerprint.

#include "FuzzSupport.h"

#include "sources/AlertmanagerBatch.h"

#include <QJsonDocument>

using namespace alertdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size));
    if (!doc.isObject())
        return 0;
    FieldError error;
    const auto batch = AlertmanagerBatch::parse(doc.object(), { QStringLiteral("desk") }, &error);
    if (!batch) {
        FUZZ_CHECK(!error.field.isEmpty() && !error.message.isEmpty());
        return 0;
    }
    for (const Alert& a : batch->firing) {
        FUZZ_CHECK(!validateAlert(a));
        FUZZ_CHECK(a.dedupKey.startsWith(QLatin1String("alertmanager:")));
    }
    for (const QString& key : batch->resolved)
        FUZZ_CHECK(key.startsWith(QLatin1String("alertmanager:")));
    return 0;
}
