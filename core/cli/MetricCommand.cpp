// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/CommandArgs.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "engine/RuleService.h"
#include "rules/RuleEngine.h"
#include "storage/OutboxStore.h"
#include "util/Clock.h"
#include "util/Duration.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <cmath>
#include <memory>

namespace alertdesk {

namespace {
constexpr int kHandOffAttempts = 3; // a 503 with Retry-After is asked again twice
} // namespace

// alertdesk-cli metric

void MetricCommand::execute(const QStringList& rest)
{
    CommandArgs args;
    QString error;
    if (!args.parse(rest, { QStringLiteral("time"), QStringLiteral("wait-timeout") }, {}, &error))
        return fail(BadInput, error);
    if (args.positional().size() != 2)
        return fail(BadInput, QStringLiteral("usage: metric KEY VALUE [--time TIME]"));
    const QString key = args.positional().at(0);
    if (!isValidMetricKey(key))
        return fail(BadInput,
            QStringLiteral("KEY '%1' is not a valid metric key: use 1-128 letters, digits and . _ - : / @").arg(key));
    bool ok = false;
    const double value = args.positional().at(1).toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return fail(BadInput, QStringLiteral("VALUE must be a number, not '%1'").arg(args.positional().at(1)));
    std::optional<qint64> timeMs;
    if (args.has(QStringLiteral("time"))) {
        timeMs = parseIsoTime(args.value(QStringLiteral("time")), &error);
        if (!timeMs)
            return fail(BadInput, QStringLiteral("--time ") + error);
    }
    const std::optional<qint64> wait = readWaitTimeoutMs(args);
    if (!wait)
        return;
    const qint64 waitTimeoutMs = *wait;
    if (timeMs && *timeMs > QDateTime::currentMSecsSinceEpoch() + RuleEngine::kMaxFutureMs)
        return fail(BadInput,
            QStringLiteral("--time %1 is more than 5 minutes ahead of this machine's clock")
                .arg(formatIsoTime(*timeMs)));
    if (!openEngine())
        return;
    if (!m_engine->acquireDriverLock())
        return handOffSample(key, value, timeMs, waitTimeoutMs);
    const qint64 t = timeMs.value_or(m_engine->clock().nowMs());
    const SampleResult result = m_engine->rules().submitSample(key, value, t);
    QString flushError;
    if (!m_engine->rules().flush(&flushError))
        m_err << "warning: " << flushError << '\n';
    switch (result.status) {
    case RuleEngine::SampleStatus::OutOfOrder:
        return fail(BadInput,
            QStringLiteral("--time %1 is older than the latest sample of %2; ignored").arg(formatIsoTime(t), key));
    case RuleEngine::SampleStatus::TooFarAhead:
        return fail(BadInput,
            QStringLiteral("--time %1 is more than 5 minutes ahead of this machine's clock").arg(formatIsoTime(t)));
    case RuleEngine::SampleStatus::InvalidValue:
        return fail(BadInput, QStringLiteral("VALUE must be a finite number"));
    case RuleEngine::SampleStatus::NoRules:
    case RuleEngine::SampleStatus::Evaluated:
        break;
    }
    QJsonObject out { { QStringLiteral("metric"), key }, { QStringLiteral("value"), value },
        { QStringLiteral("time"), formatIsoTime(t) },
        { QStringLiteral("status"), RuleEngine::statusText(result.status) } };
    QJsonArray ids;
    for (const Alert& a : result.alerts)
        ids.append(a.id);
    out.insert(QStringLiteral("alerts"), ids);
    out.insert(QStringLiteral("errors"), QJsonArray::fromStringList(result.errors));
    if (result.alerts.isEmpty()) {
        printJson(out);
        return done(result.errors.isEmpty() ? Ok : Failed);
    }
    const bool refused = !result.errors.isEmpty();
    deliverAlerts(result.alerts, [this, out, refused](const QJsonArray& reports, bool allDelivered) mutable {
        out.insert(QStringLiteral("deliveries"), reports);
        printJson(out);
        done(allDelivered && !refused ? Ok : Failed);
    });
}

void MetricCommand::deliverAlerts(const QList<Alert>& alerts, std::function<void(const QJsonArray&, bool)> done)
{
    struct Pending {
        QStringList ids;
        QJsonArray reports;
        bool allDelivered = true;
    };
    auto pending = std::make_shared<Pending>();
    QStringList targets;
    for (const Alert& a : alerts) {
        pending->ids << a.id;
        QString e;
        for (const QString& t : m_engine->notifications().resolveTargets(a.channels, &e)) {
            if (!targets.contains(t))
                targets << t;
        }
    }
    connect(&m_engine->alertManager(), &AlertManager::reportReady, this,
        [pending, done = std::move(done)](const DeliveryReport& r) {
            if (!pending->ids.removeOne(r.alertId))
                return;
            pending->reports.append(r.toJson());
            pending->allDelivered = pending->allDelivered && r.allDelivered();
            if (pending->ids.isEmpty())
                done(pending->reports, pending->allDelivered);
        });
    m_engine->startDelivery(targets, [this, targets](const QStringList&) {
        for (const QString& t : targets) {
            if (!m_engine->notifications().isLoaded(t))
                m_engine->notifications().dispatcher().failChannel(t, m_engine->notifications().loadErrors().value(t));
        }
    });
}

void MetricCommand::handOffSample(const QString& key, double value, std::optional<qint64> timeMs, qint64 waitTimeoutMs)
{
    const qint64 owner = m_engine->lockOwnerPid();
    QFile f(m_engine->ingestEndpointPath());
    const QJsonObject endpoint
        = f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    const int port = endpoint.value(QStringLiteral("port")).toInt();
    if (port <= 0 || endpoint.value(QStringLiteral("pid")).toInteger() != owner)
        return fail(Failed,
            QStringLiteral("another AlertDesk (pid %1) drives this profile and holds its rules' state, but "
                           "serves no ingest API to take the sample")
                .arg(owner));
    m_engine->ingestToken(
        [this, key, value, timeMs, waitTimeoutMs, owner, port](const QString& token, const QString& error) {
            if (token.isEmpty())
                return fail(Failed, error);
            QJsonObject sample { { QStringLiteral("metric"), key }, { QStringLiteral("value"), value } };
            if (timeMs)
                sample.insert(QStringLiteral("time"), formatIsoTime(*timeMs));
            const QByteArray body = QJsonDocument(QJsonObject { { QStringLiteral("samples"), QJsonArray { sample } } })
                                        .toJson(QJsonDocument::Compact);
            QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/metrics").arg(port)));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
            req.setTransferTimeout(30000);
            auto postSample = std::make_shared<std::function<void(int)>>();
            // Tried again on the answer only (weak here: no cycle).
            *postSample = [this, req, body, key, value, waitTimeoutMs, owner,
                              weak = std::weak_ptr<std::function<void(int)>>(postSample)](int attempt) {
                auto postSample = weak.lock();
                QNetworkReply* reply = network().post(req, body);
                connect(reply, &QNetworkReply::finished, this,
                    [this, reply, key, value, waitTimeoutMs, owner, attempt, postSample] {
                        reply->deleteLater();
                        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                        const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
                        // 503 with Retry-After: a window started before the token was made reads it
                        // from the keychain now; nothing was taken.
                        if (status == 503 && attempt < kHandOffAttempts && reply->hasRawHeader("Retry-After")) {
                            const int seconds = std::clamp(reply->rawHeader("Retry-After").toInt(), 1, 5);
                            QTimer::singleShot(
                                seconds * 1000, this, [postSample, attempt] { (*postSample)(attempt + 1); });
                            return;
                        }
                        if (status != 202) {
                            QString why = answer.value(QStringLiteral("error"))
                                              .toObject()
                                              .value(QStringLiteral("message"))
                                              .toString();
                            if (why.isEmpty())
                                why = answer.value(QStringLiteral("error")).toString(reply->errorString());
                            return fail(status == 400 ? BadInput : Failed,
                                QStringLiteral("the running instance (pid %1) refused the sample: %2")
                                    .arg(owner)
                                    .arg(why));
                        }
                        const QJsonArray ignored = answer.value(QStringLiteral("ignored")).toArray();
                        if (!ignored.isEmpty())
                            return fail(BadInput,
                                QStringLiteral("--time: %1")
                                    .arg(ignored.first().toObject().value(QStringLiteral("reason")).toString()));
                        m_err << "alertdesk-cli: handed the sample to the running instance (pid " << owner << ")\n";
                        m_err.flush();
                        QJsonObject out { { QStringLiteral("metric"), key }, { QStringLiteral("value"), value },
                            { QStringLiteral("handed_off_to"), owner },
                            { QStringLiteral("alerts"), answer.value(QStringLiteral("alerts")).toArray() },
                            { QStringLiteral("errors"), answer.value(QStringLiteral("errors")).toArray() } };
                        QStringList ids;
                        for (const QJsonValue& id : answer.value(QStringLiteral("alerts")).toArray())
                            ids << id.toString();
                        waitForAlerts(out, ids, owner, m_engine->clock().nowMs() + waitTimeoutMs);
                    });
            };
            (*postSample)(1);
        },
        false);
}

void MetricCommand::waitForAlerts(QJsonObject out, const QStringList& ids, qint64 ownerPid, qint64 deadlineMs)
{
    bool complete = true;
    for (const QString& id : ids)
        complete = complete && m_engine->outbox().alertComplete(id);
    if (complete || m_engine->clock().nowMs() >= deadlineMs) {
        QJsonArray reports;
        bool allDelivered = true;
        for (const QString& id : ids) {
            const DeliveryReport r = m_engine->notifications().report(id);
            reports.append(r.toJson());
            allDelivered = allDelivered && r.allDelivered();
        }
        out.insert(QStringLiteral("deliveries"), reports);
        printJson(out);
        if (!complete)
            return fail(Failed,
                QStringLiteral("the alerts are still being delivered by the running instance (pid %1); see "
                               "alertdesk-cli history")
                    .arg(ownerPid));
        return done(allDelivered && out.value(QStringLiteral("errors")).toArray().isEmpty() ? Ok : Failed);
    }
    QTimer::singleShot(
        50, this, [this, out, ids, ownerPid, deadlineMs] { waitForAlerts(out, ids, ownerPid, deadlineMs); });
}

} // namespace alertdesk
