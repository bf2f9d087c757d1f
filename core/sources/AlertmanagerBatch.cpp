// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "AlertmanagerBatch.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace alertdesk {

namespace {
QString oneLine(QString s, int max)
{
    for (QChar& c : s) {
        if (c.unicode() < 0x20)
            c = QLatin1Char(' ');
    }
    s = s.simplified();
    if (s.size() > max)
        s = s.left(max - 1) + QChar(0x2026);
    return s;
}

// Alertmanager's fingerprint is a hash of the label set; compute an equivalent when a sender
// leaves it out, so the same labels always give the same key.
QString labelFingerprint(const QJsonObject& labels)
{
    QStringList keys = labels.keys();
    std::sort(keys.begin(), keys.end());
    QByteArray canonical;
    for (const QString& k : keys)
        canonical += k.toUtf8() + '\xff' + labels.value(k).toString().toUtf8() + '\xff';
    return QString::fromLatin1(QCryptographicHash::hash(canonical, QCryptographicHash::Sha256).toHex().left(16));
}

bool isStringMap(const QJsonValue& v)
{
    if (!v.isObject())
        return false;
    const QJsonObject o = v.toObject();
    return std::all_of(o.begin(), o.end(), [](const QJsonValue& x) { return x.isString(); });
}
} // namespace

Priority AlertmanagerBatch::priorityFromSeverity(const QString& severity)
{
    const QString s = severity.trimmed().toLower();
    if (s == QLatin1String("critical") || s == QLatin1String("page") || s == QLatin1String("fatal"))
        return Priority::Critical;
    if (s == QLatin1String("error") || s == QLatin1String("high") || s == QLatin1String("major"))
        return Priority::High;
    if (s == QLatin1String("low") || s == QLatin1String("minor"))
        return Priority::Low;
    if (s == QLatin1String("info") || s == QLatin1String("informational") || s == QLatin1String("none"))
        return Priority::Info;
    return Priority::Medium; // warning, warn, medium, or no severity at all
}

std::optional<AlertmanagerBatch> AlertmanagerBatch::parse(
    const QJsonObject& payload, const QStringList& channels, FieldError* error)
{
    const QJsonValue version = payload.value(QStringLiteral("version"));
    if (version.toString() != QLatin1String("4")) {
        *error
            = { QStringLiteral("version"), QStringLiteral("must be \"4\" (Alertmanager's webhook payload version 4)") };
        return std::nullopt;
    }
    const QJsonValue alerts = payload.value(QStringLiteral("alerts"));
    if (!alerts.isArray()) {
        *error = { QStringLiteral("alerts"), QStringLiteral("must be an array") };
        return std::nullopt;
    }
    const QString receiver = payload.value(QStringLiteral("receiver")).toString();
    const QString externalUrl = payload.value(QStringLiteral("externalURL")).toString();
    AlertmanagerBatch batch;
    const QJsonArray list = alerts.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString at = QStringLiteral("alerts[%1]").arg(i);
        if (!list[i].isObject()) {
            *error = { at, QStringLiteral("must be an object") };
            return std::nullopt;
        }
        const QJsonObject am = list[i].toObject();
        const QString status = am.value(QStringLiteral("status")).toString();
        if (status != QLatin1String("firing") && status != QLatin1String("resolved")) {
            *error = { at + QStringLiteral(".status"), QStringLiteral("must be \"firing\" or \"resolved\"") };
            return std::nullopt;
        }
        if (!isStringMap(am.value(QStringLiteral("labels")))) {
            *error = { at + QStringLiteral(".labels"), QStringLiteral("must be an object of strings") };
            return std::nullopt;
        }
        const QJsonValue annotationsValue = am.value(QStringLiteral("annotations"));
        if (!annotationsValue.isUndefined() && !annotationsValue.isNull() && !isStringMap(annotationsValue)) {
            *error = { at + QStringLiteral(".annotations"), QStringLiteral("must be an object of strings") };
            return std::nullopt;
        }
        const QJsonObject labels = am.value(QStringLiteral("labels")).toObject();
        const QJsonObject annotations = annotationsValue.toObject();
        QString fingerprint = am.value(QStringLiteral("fingerprint")).toString();
        if (fingerprint.isEmpty() || fingerprint.size() > 128)
            fingerprint = labelFingerprint(labels);
        const QString key = dedupKeyFor(fingerprint);
        if (status == QLatin1String("resolved")) {
            batch.resolved << key;
            continue;
        }

        auto label = [&](const char* name) { return labels.value(QLatin1String(name)).toString(); };
        auto annotation = [&](const char* name) { return annotations.value(QLatin1String(name)).toString(); };
        Alert a;
        a.dedupKey = key;
        a.channels = channels;
        a.type = alertTypeFromString(label("alertdesk_type")).value_or(AlertType::Health);
        a.priority = priorityFromString(label("alertdesk_priority")).value_or(priorityFromSeverity(label("severity")));
        const QString summary = annotation("summary");
        a.title = oneLine(!summary.trimmed().isEmpty() ? summary
                : !label("alertname").isEmpty()        ? label("alertname")
                                                       : QStringLiteral("Alertmanager alert"),
            AlertLimits::title);
        QString text = annotation("description");
        if (text.isEmpty())
            text = annotation("message");
        if (text.isEmpty())
            text = summary;
        QStringList pairs;
        QStringList keys = labels.keys();
        std::sort(keys.begin(), keys.end());
        for (const QString& k : keys)
            pairs << k + QLatin1Char('=') + labels.value(k).toString();
        text += QStringLiteral("\n\nLabels: ") + pairs.join(QStringLiteral(", "));
        const QString generator = am.value(QStringLiteral("generatorURL")).toString();
        if (!generator.isEmpty())
            text += QStringLiteral("\nSource: ") + generator;
        a.message = text.trimmed().left(AlertLimits::message);
        const QString symbol = label("symbol");
        if (!symbol.isEmpty() && symbol.size() <= AlertLimits::symbol)
            a.symbol = oneLine(symbol, AlertLimits::symbol);
        const QString strategy = label("strategy");
        if (!strategy.isEmpty())
            a.strategy = oneLine(strategy, AlertLimits::strategy);
        a.data = QJsonObject { { QStringLiteral("source"), QStringLiteral("alertmanager") },
            { QStringLiteral("receiver"), receiver }, { QStringLiteral("external_url"), externalUrl },
            { QStringLiteral("fingerprint"), fingerprint },
            { QStringLiteral("starts_at"), am.value(QStringLiteral("startsAt")).toString() },
            { QStringLiteral("generator_url"), generator }, { QStringLiteral("labels"), labels },
            { QStringLiteral("annotations"), annotations } };
        // Huge annotations must not cost the alert: the message already carries the text.
        if (QJsonDocument(a.data).toJson(QJsonDocument::Compact).size() > AlertLimits::dataBytes)
            a.data.remove(QStringLiteral("annotations"));
        if (auto e = validateAlert(a)) {
            *error = { at + QLatin1Char('.')
                    + (e->field == QLatin1String("channels") ? QStringLiteral("channel") : e->field),
                e->message };
            return std::nullopt;
        }
        batch.firing << a;
    }
    return batch;
}

} // namespace alertdesk
