// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Commands.h"

#include "UnixSignals.h"
#include "config/Profile.h"
#include "engine/Engine.h"
#include "engine/RuleService.h"
#include "sources/IngestServer.h"
#include "sources/PriceFeed.h"
#include "storage/OutboxStore.h"

#include <QCoreApplication>
#include <QTextStream>

namespace alertdesk {

// alertdesk-cli run

void RunCommand::execute(const QStringList& rest)
{
    if (!rest.isEmpty())
        return fail(BadInput, QStringLiteral("run takes no arguments"));
    if (!openEngine())
        return;
    if (!m_engine->acquireDriverLock())
        return fail(Failed,
            QStringLiteral("another AlertDesk (pid %1) drives this profile already").arg(m_engine->lockOwnerPid()));
    auto* signals = new UnixSignals(this);
    connect(signals, &UnixSignals::terminationRequested, this, [this] {
        m_err << "alertdesk-cli: stopping\n";
        done(Ok);
    });
    QStringList channels = m_engine->profile().enabledChannelNames();
    for (const QString& c : m_engine->outbox().channelsWithPending(true)) {
        if (!channels.contains(c) && m_engine->profile().channel(c))
            channels << c;
    }
    m_engine->rules().startSync();
    m_engine->startDelivery(channels, [this](const QStringList& errors) {
        for (const QString& e : errors)
            m_err << "warning: " << e << '\n';
        m_err << "alertdesk-cli: engine running for " << m_engine->profile().dir() << " (pid "
              << QCoreApplication::applicationPid() << "); stop with SIGTERM or Ctrl+C\n";
        m_err.flush();
        QString feedError;
        switch (m_engine->startFeedIfEnabled(&feedError)) {
        case Engine::FeedStart::Started:
            m_err << "alertdesk-cli: price feed on for " << m_engine->priceFeed()->symbols().size() << " symbols\n";
            break;
        case Engine::FeedStart::Failed:
            m_err << "warning: the price feed is off: " << feedError << '\n';
            break;
        case Engine::FeedStart::Disabled:
            break;
        }
        m_engine->startSources([this](const QStringList& errors) {
            for (const QString& e : errors)
                m_err << "warning: " << e << " (not subscribed)\n";
            if (const auto n = m_engine->sources().size(); n > 0)
                m_err << "alertdesk-cli: subscribed to " << n << (n == 1 ? " source\n" : " sources\n");
            m_err.flush();
        });
        // Without the API the engine still delivers: a busy port or a missing keychain is a warning.
        m_engine->ingestToken([this](const QString& token, const QString& error) {
            QString e = error;
            if (e.isEmpty() && m_engine->startIngest(token, &e)) {
                m_err << "alertdesk-cli: ingest API on http://127.0.0.1:" << m_engine->ingestServer()->port()
                      << "/v1/\n";
            } else {
                m_err << "warning: the ingest API is not available: " << e << '\n';
            }
            m_err.flush();
        });
    });
}

} // namespace alertdesk
