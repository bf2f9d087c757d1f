// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

// A message template (`template set`, the policies document, the template editor), read by
// Template::parse and rendered for an alert with nested data. Errors point inside the text.

#include "FuzzSupport.h"

#include "policy/Template.h"

#include <QJsonArray>

using namespace alertdesk;

namespace {
Alert sampleAlert()
{
    Alert a;
    a.id = QStringLiteral("01890000-0000-7000-8000-000000000000");
    a.type = AlertType::Price;
    a.priority = Priority::High;
    a.title = QStringLiteral("BTC above 100k");
    a.message = QStringLiteral("crossed {{ at 100,000 }}");
    a.symbol = QStringLiteral("BTC-USD");
    a.data = QJsonObject { { QStringLiteral("price"), 100123.5 },
        { QStringLiteral("levels"),
            QJsonObject { { QStringLiteral("stop"), 95000 }, { QStringLiteral("note"), QString() } } },
        { QStringLiteral("list"), QJsonArray { 1, QStringLiteral("two"), QJsonValue() } },
        { QStringLiteral("flag"), true } };
    a.channels = QStringList { QStringLiteral("slack"), QStringLiteral("desk") };
    a.createdAt = QDateTime::fromMSecsSinceEpoch(fuzz::kNowMs, Qt::UTC);
    a.updatedAt = a.createdAt;
    return a;
}

void checkError(const TemplateError& e, const QString& text)
{
    FUZZ_CHECK(!e.message.isEmpty());
    FUZZ_CHECK(e.offset >= 0 && e.offset <= text.size());
    FUZZ_CHECK(e.line >= 1 && e.column >= 1);
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    static const Alert alert = sampleAlert();
    const QString text = QString::fromUtf8(fuzz::bytes(data, size));
    TemplateError error;
    const auto t = Template::parse(text, &error);
    if (!t) {
        checkError(error, text);
        return 0;
    }
    TemplateError renderError;
    if (!t->render(alert, &renderError))
        checkError(renderError, text);
    return 0;
}
