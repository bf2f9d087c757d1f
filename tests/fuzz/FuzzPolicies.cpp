// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// The "policies" section of config.json (quiet hours, escalation, aggregation, templates,
// routing), read by PolicyConfig::fromJson; what it accepts is then used as the engine does
// (quiet-hours decisions, routing, escalation lookup, templates applied).

#include "FuzzSupport.h"

#include "policy/PolicyConfig.h"

#include <QJsonDocument>

using namespace alertdesk;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QJsonDocument doc = QJsonDocument::fromJson(fuzz::bytes(data, size));
    if (!doc.isObject())
        return 0;
    FieldError error;
    const auto config = PolicyConfig::fromJson(doc.object(), &error);
    if (!config) {
        FUZZ_CHECK(!error.field.isEmpty() && !error.message.isEmpty());
        return 0;
    }
    Alert a;
    a.type = AlertType::Price;
    a.priority = Priority::Critical;
    a.title = QStringLiteral("BTC above 100k");
    a.message = QStringLiteral("crossed");
    a.symbol = QStringLiteral("BTC-USD");
    a.data = QJsonObject { { QStringLiteral("price"), 100123.5 } };
    for (const qint64 at : { fuzz::kNowMs, fuzz::kNowMs + 11 * 3600 * 1000LL, qint64(0) }) {
        for (const Priority p : { Priority::Critical, Priority::Low })
            (void)quietDecision(config->quietHours, QStringLiteral("slack"), p, at);
    }
    bool matched = false;
    (void)routeByRules(config->routing, a, &matched);
    (void)findEscalationPolicy(config->escalation, a);
    for (const MessageTemplate& t : config->templates) {
        QStringList errors;
        (void)applyTemplate(t, a, &errors);
    }
    return 0;
}
