// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "config/CommandArgs.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "engine/PolicyEngine.h"
#include "storage/OutboxStore.h"
#include "util/Clock.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTextStream>
#include <QTimer>

namespace alertdesk {

// alertdesk-cli send

void SendCommand::execute(const QStringList& rest)
{
    CommandArgs args;
    QString error;
    const QStringList options { QStringLiteral("type"), QStringLiteral("priority"), QStringLiteral("title"),
        QStringLiteral("message"), QStringLiteral("symbol"), QStringLiteral("strategy"), QStringLiteral("position"),
        QStringLiteral("channel"), QStringLiteral("data"), QStringLiteral("dedup-key"),
        QStringLiteral("wait-timeout") };
    if (!args.parse(rest, options, {}, &error))
        return fail(BadInput, error);
    if (!args.positional().isEmpty())
        return fail(BadInput, QStringLiteral("unexpected argument '%1'").arg(args.positional().first()));
    if (args.has(QStringLiteral("dedup-key")) && args.value(QStringLiteral("dedup-key")).trimmed().isEmpty())
        return fail(BadInput, QStringLiteral("--dedup-key must not be empty (leave it out for an alert without one)"));

    QJsonObject in;
    auto put = [&](const char* option, const char* field) {
        if (args.has(QString::fromLatin1(option)))
            in.insert(QString::fromLatin1(field), args.value(QString::fromLatin1(option)));
    };
    put("type", "type");
    put("priority", "priority");
    put("title", "title");
    put("message", "message");
    put("symbol", "symbol");
    put("strategy", "strategy");
    put("position", "position");
    put("dedup-key", "dedup_key");
    if (args.has(QStringLiteral("data"))) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(args.value(QStringLiteral("data")).toUtf8(), &pe);
        if (pe.error != QJsonParseError::NoError)
            return fail(BadInput,
                QStringLiteral("--data is not valid JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
        if (!doc.isObject())
            return fail(BadInput, QStringLiteral("--data must be a JSON object"));
        in.insert(QStringLiteral("data"), doc.object());
    }
    if (args.has(QStringLiteral("channel")))
        in.insert(QStringLiteral("channels"), QJsonArray::fromStringList(args.values(QStringLiteral("channel"))));
    const std::optional<qint64> wait = readWaitTimeoutMs(args);
    if (!wait)
        return;
    const qint64 waitTimeoutMs = *wait;

    // Validate before touching the profile, so bad input never creates anything.
    const AlertParseResult parsed = parseAlert(in, QDateTime::currentDateTimeUtc());
    if (!parsed.ok()) {
        const QString field = parsed.error.field == QLatin1String("channels") ? QStringLiteral("channel")
            : parsed.error.field == QLatin1String("dedup_key")                ? QStringLiteral("dedup-key")
                                                                              : parsed.error.field;
        return fail(BadInput, QStringLiteral("--%1 %2").arg(field, parsed.error.message));
    }
    if (!openEngine())
        return;
    // Another instance drives this profile: it takes the alert through its ingest API.
    if (!m_engine->acquireDriverLock()) {
        // Nobody holds the lock: it could not be written (a full disk, a read-only folder).
        if (m_engine->lockOwnerPid() == 0)
            return fail(Failed, QStringLiteral("the alert was not stored: %1").arg(m_engine->lockError()));
        return handOffAlert(in, *parsed.alert, waitTimeoutMs);
    }
    admitAndDeliver(*parsed.alert, waitTimeoutMs);
}

void SendCommand::admitAndDeliver(const Alert& parsed, qint64 waitTimeoutMs)
{
    // A channel named that does not exist is refused; no channel configured at all is not:
    // the alert is stored and shown, and the report says it reached no channel.
    QString targetError;
    if (!parsed.channels.isEmpty() && m_engine->policy().route(parsed, &targetError).isEmpty())
        return fail(BadInput, QStringLiteral("--channel: ") + targetError);

    const bool driver = m_engine->acquireDriverLock();
    FieldError fe;
    const auto admission = m_engine->alertManager().admit(parsed, &fe);
    if (!admission)
        return fail(fe.field == QLatin1String("storage") ? Failed : BadInput, fe.toString());
    const std::optional<Alert> alert = admission->alert;
    // A repeat of an open alert notifies nobody; a notification held back by quiet hours or
    // grouping goes out later (from the running instance or the next flush/run).
    if (admission->deduplicated || admission->plan.queued.isEmpty()) {
        if (!admission->plan.noChannel.isEmpty())
            m_err << "alertdesk-cli: alert " << alert->id
                  << " is stored, but it reached no channel: " << admission->plan.noChannel << '\n';
        printJson(admission->toJson());
        return done(Ok);
    }
    const QStringList targets = admission->plan.queued;
    const QJsonObject heldJson = admission->plan.toJson();

    if (!driver) {
        // Another instance drives this profile: it picks the committed alert up from the outbox.
        const qint64 owner = m_engine->lockOwnerPid();
        m_err << "alertdesk-cli: handed alert " << alert->id << " to the running instance (pid " << owner
              << ") through the shared outbox\n";
        m_err.flush();
        waitForHandOff(alert->id, owner, m_engine->clock().nowMs() + waitTimeoutMs, heldJson);
        return;
    }
    deliverHere(alert->id, targets, heldJson);
}

void SendCommand::handOffAlert(const QJsonObject& wire, const Alert& parsed, qint64 waitTimeoutMs)
{
    const qint64 owner = m_engine->lockOwnerPid();
    // Only when nothing can have reached the running instance does the alert take the other
    // way (the shared outbox): it is never committed twice.
    auto fallBack = [this, parsed, waitTimeoutMs, owner](const QString& why) {
        m_err << "alertdesk-cli: the running instance (pid " << owner << ") " << why
              << "; handing the alert over through the shared outbox instead\n";
        m_err.flush();
        admitAndDeliver(parsed, waitTimeoutMs);
    };
    QFile f(m_engine->ingestEndpointPath());
    const QJsonObject endpoint
        = f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    const int port = endpoint.value(QStringLiteral("port")).toInt();
    if (port <= 0 || endpoint.value(QStringLiteral("pid")).toInteger() != owner)
        return fallBack(QStringLiteral("serves no ingest API"));
    m_engine->ingestToken(
        [this, wire, waitTimeoutMs, owner, port, fallBack](const QString& token, const QString& error) {
            if (token.isEmpty())
                return fallBack(QStringLiteral("serves an ingest API, but its token is not at hand (%1)").arg(error));
            QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/alerts").arg(port)));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
            req.setTransferTimeout(30000);
            QNetworkReply* reply = network().post(req, QJsonDocument(wire).toJson(QJsonDocument::Compact));
            connect(reply, &QNetworkReply::finished, this, [this, reply, waitTimeoutMs, owner, port, fallBack] {
                reply->deleteLater();
                const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
                const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
                if (!statusAttr.isValid()) {
                    // Refused: nothing was sent. Any other failure leaves it unknown whether
                    // the alert was committed: saying so is better than sending it twice.
                    if (reply->error() == QNetworkReply::ConnectionRefusedError)
                        return fallBack(
                            QStringLiteral("refused the connection to its ingest API on port %1").arg(port));
                    return fail(Failed,
                        QStringLiteral("the running instance (pid %1) did not answer the hand-off (%2); the "
                                       "alert may or may not have been taken: see alertdesk-cli history")
                            .arg(owner)
                            .arg(reply->errorString()));
                }
                const int status = statusAttr.toInt();
                const QJsonValue err = answer.value(QStringLiteral("error"));
                if (status == 400) {
                    const QString field = err.toObject().value(QStringLiteral("field")).toString();
                    const QString option = field == QLatin1String("channels") ? QStringLiteral("channel")
                        : field == QLatin1String("dedup_key")                 ? QStringLiteral("dedup-key")
                                                                              : field;
                    // Worded as the local check words it: a routing error reads "--channel: ...".
                    return fail(BadInput,
                        QStringLiteral("--%1%2 %3 (refused by the running instance, pid %4)")
                            .arg(option, field == QLatin1String("channels") ? QStringLiteral(":") : QString(),
                                err.toObject().value(QStringLiteral("message")).toString())
                            .arg(owner));
                }
                if (status != 202) {
                    // A definite refusal (wrong token, body limit, storage): nothing was committed.
                    const QString why
                        = err.isObject() ? err.toObject().value(QStringLiteral("message")).toString() : err.toString();
                    return fallBack(QStringLiteral("answered the hand-off with HTTP %1 (%2)").arg(status).arg(why));
                }
                const QString id = answer.value(QStringLiteral("id")).toString();
                if (answer.value(QStringLiteral("deduplicated")).toBool()
                    || (answer.contains(QStringLiteral("queued"))
                        && answer.value(QStringLiteral("queued")).toArray().isEmpty())) {
                    QJsonObject out = answer;
                    out.remove(QStringLiteral("id"));
                    printJson(out);
                    return done(Ok);
                }
                m_err << "alertdesk-cli: handed alert " << id << " to the running instance (pid " << owner
                      << ") through its ingest API\n";
                m_err.flush();
                waitForHandOff(id, owner, m_engine->clock().nowMs() + waitTimeoutMs,
                    QJsonObject { { QStringLiteral("held"), answer.value(QStringLiteral("held")) } });
            });
        },
        false);
}

void SendCommand::deliverHere(const QString& alertId, const QStringList& targets, const QJsonObject& heldJson)
{
    auto report = [this, heldJson](const DeliveryReport& r) {
        if (isFinished())
            return;
        QJsonObject out = r.toJson();
        if (!heldJson.value(QStringLiteral("held")).toArray().isEmpty())
            out.insert(QStringLiteral("held"), heldJson.value(QStringLiteral("held")));
        printJson(out);
        done(r.allDelivered() ? Ok : Failed);
    };
    connect(&m_engine->alertManager(), &AlertManager::reportReady, this, [alertId, report](const DeliveryReport& r) {
        if (r.alertId == alertId)
            report(r);
    });
    // Channels whose secrets are in a locked keychain keep their rows pending: once every
    // other channel is done, the report shows them pending with the keychain's message, and
    // a later flush (or the running instance) sends them.
    auto heldBack = std::make_shared<QStringList>();
    auto settleHeld = [this, alertId, heldBack, report] {
        if (isFinished() || heldBack->isEmpty())
            return;
        for (const DeliveryRow& row : m_engine->outbox().forAlert(alertId)) {
            if (row.status == DeliveryStatus::Pending && !heldBack->contains(row.channel))
                return;
        }
        for (const QString& c : std::as_const(*heldBack))
            m_err << "alertdesk-cli: alert " << alertId << " is stored; its delivery to " << c
                  << " waits until the keychain can be read: " << m_engine->notifications().loadErrors().value(c)
                  << ". Then run alertdesk-cli flush (a running AlertDesk retries by itself)\n";
        m_err.flush();
        report(m_engine->notifications().report(alertId));
    };
    connect(&m_engine->notifications().dispatcher(), &Dispatcher::deliveryFinished, this,
        [this, alertId, settleHeld](const QString& id, const QString&, DeliveryStatus) {
            if (id == alertId)
                QTimer::singleShot(0, this, settleHeld);
        });
    m_engine->startDelivery(targets, [this, targets, heldBack, settleHeld](const QStringList&) {
        *heldBack = m_engine->notifications().failOrHoldUnloaded(targets);
        settleHeld();
    });
}

void SendCommand::waitForHandOff(
    const QString& alertId, qint64 ownerPid, qint64 deadlineMs, const QJsonObject& heldJson)
{
    if (m_engine->outbox().alertComplete(alertId)) {
        const DeliveryReport r = m_engine->notifications().report(alertId);
        QJsonObject out = r.toJson();
        if (!heldJson.value(QStringLiteral("held")).toArray().isEmpty())
            out.insert(QStringLiteral("held"), heldJson.value(QStringLiteral("held")));
        printJson(out);
        return done(r.allDelivered() ? Ok : Failed);
    }
    // The running instance stopped (or died) before it delivered the alert: its rows are
    // still open in the outbox, so this process takes the profile over and sends them.
    if (m_engine->acquireDriverLock()) {
        QStringList open;
        for (const DeliveryRow& row : m_engine->outbox().forAlert(alertId)) {
            if (!isTerminal(row.status))
                open << row.channel;
        }
        m_err << "alertdesk-cli: the running instance (pid " << ownerPid << ") stopped before delivering alert "
              << alertId << "; delivering it from here\n";
        m_err.flush();
        return deliverHere(alertId, open, heldJson);
    }
    if (m_engine->clock().nowMs() >= deadlineMs) {
        printJson(m_engine->notifications().report(alertId).toJson());
        return fail(Failed,
            QStringLiteral("alert %1 is still being delivered by the running instance (pid %2); "
                           "see alertdesk-cli history")
                .arg(alertId)
                .arg(ownerPid));
    }
    QTimer::singleShot(50, this,
        [this, alertId, ownerPid, deadlineMs, heldJson] { waitForHandOff(alertId, ownerPid, deadlineMs, heldJson); });
}

} // namespace alertdesk
