// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "ScriptedNtfyServer.h"
#include "TestProfile.h"

#include "config/Profile.h"
#include "engine/Engine.h"
#include "sources/NtfySource.h"
#include "storage/AlertStore.h"
#include "storage/SourcePositionStore.h"

#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// An ntfy topic as an alert source, end to end through the engine: a scripted ntfy server on
// 127.0.0.1 streams the topic (chunked, keepalives), drops the connection mid-line and while
// it is away keeps what is published; the source resumes with since=<last id>, also after the
// engine is closed and opened again, and every message becomes exactly one alert. Backoff and
// the silence check run on a fake clock.
class TestNtfySource final : public QObject {
    Q_OBJECT

    static constexpr auto kToken = "tk_ntfysecrettoken0123456789";

    static QString addSource(TestProfile& p, const ScriptedNtfyServer& server, bool withToken = true)
    {
        SourceConfig c;
        c.name = QStringLiteral("tradingview");
        c.kind = QStringLiteral("ntfy");
        c.settings = QJsonObject { { QStringLiteral("server"), server.url() },
            { QStringLiteral("topic"), server.topic() }, { QStringLiteral("type"), QStringLiteral("PRICE") },
            { QStringLiteral("priority"), QStringLiteral("HIGH") } };
        SecretMap secrets;
        if (withToken)
            secrets.insert(QStringLiteral("token"), QString::fromLatin1(kToken));
        QString error = QStringLiteral("not answered");
        p.engine().saveSource(c, secrets, false, [&error](const QString& e) { error = e; });
        waitUntil([&] { return error != QLatin1String("not answered"); });
        return error;
    }

    static QStringList startSources(TestProfile& p)
    {
        std::optional<QStringList> errors;
        p.engine().startSources([&errors](const QStringList& e) { errors = e; });
        waitUntil([&] { return errors.has_value(); });
        return errors.value_or(QStringList { QStringLiteral("not answered") });
    }

    // Every stored alert's title, oldest first.
    static QStringList titles(TestProfile& p)
    {
        QStringList out;
        const QList<Alert> alerts = p.engine().alerts().recent(1000);
        for (const Alert& a : alerts)
            out.prepend(a.title);
        return out;
    }

    static NtfySource* source(TestProfile& p) { return p.engine().sources().value(QStringLiteral("tradingview")); }

private Q_SLOTS:
    void streamsDropsAndResumesWithoutLossOrDuplicate()
    {
        FakeClock clock(1795687200000);
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedNtfyServer server(QStringLiteral("tv-alerts"));
        QVERIFY(server.listen());
        server.setToken(kToken);
        QCOMPARE(addSource(p, server), QString());
        QCOMPARE(startSources(p), QStringList());
        QVERIFY(waitUntil([&] { return server.openSubscriptions() == 1; }));
        QCOMPARE(server.subscribePaths().first(), QByteArray("/tv-alerts/json")); // nothing stored: from now on
        QCOMPARE(server.authorizations().first(), QByteArray("Bearer ") + kToken);
        QVERIFY(waitUntil([&] { return source(p)->state() == NtfySource::State::Connected; }));

        server.publish(QStringLiteral("m1 {{ticker}} crossing {{close}}\nfirst"));
        server.sendKeepalive();
        server.publish(QStringLiteral("m2"));
        const QString id3 = server.publish(QStringLiteral("m3"));
        QVERIFY(waitUntil([&] { return p.engine().alerts().count() == 3; }));
        QCOMPARE(titles(p), (QStringList { "m1 {{ticker}} crossing {{close}}", "m2", "m3" }));
        QCOMPARE(p.engine().sourcePositions().position(QStringLiteral("tradingview")), id3);

        // Cut half-way through m4's line, then away while m5 and m6 are published.
        server.dropSubscribers(QStringLiteral("m4"));
        server.setAccepting(false);
        server.publish(QStringLiteral("m5"));
        server.publish(QStringLiteral("m6"));
        QVERIFY(waitUntil([&] { return source(p)->state() == NtfySource::State::Reconnecting; }));
        QCOMPARE(p.engine().alerts().count(), 3); // half a line is no message
        clock.advance(1000); // the first reconnect: refused
        QVERIFY(waitUntil([&] { return server.subscribePaths().size() == 2; }));
        QVERIFY(waitUntil([&] { return source(p)->failedAttempts() == 2; }));
        QVERIFY2(source(p)->lastError().contains(QStringLiteral("503")), qPrintable(source(p)->lastError()));
        QCOMPARE(source(p)->nextReconnectDelayMs(), 2000); // backing off
        server.setAccepting(true);
        clock.advance(2000);
        QVERIFY(waitUntil([&] { return server.openSubscriptions() == 1; }));
        QCOMPARE(server.lastSince(), id3);
        QVERIFY(waitUntil([&] { return p.engine().alerts().count() == 6; }));
        QCOMPARE(titles(p), (QStringList { "m1 {{ticker}} crossing {{close}}", "m2", "m3", "m4", "m5", "m6" }));
        QCOMPARE(source(p)->failedAttempts(), 0); // open again: the backoff starts over

        // Live again after the replay.
        server.publish(QStringLiteral("m7"));
        QVERIFY(waitUntil([&] { return p.engine().alerts().count() == 7; }));
        QCOMPARE(titles(p).last(), QStringLiteral("m7"));

        // Every alert carries the source's defaults.
        for (const Alert& a : p.engine().alerts().recent(10)) {
            QCOMPARE(a.type, AlertType::Price);
            QCOMPARE(a.priority, Priority::High);
        }
        // The token is in the keychain only.
        QFile config(p.engine().profile().configPath());
        QVERIFY(config.open(QIODevice::ReadOnly));
        QVERIFY(!config.readAll().contains(kToken));
    }

    void restartResumesFromTheStoredId()
    {
        FakeClock clock(1795687200000);
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedNtfyServer server(QStringLiteral("tv"));
        QVERIFY(server.listen());
        QCOMPARE(addSource(p, server, false), QString());
        QCOMPARE(startSources(p), QStringList());
        QVERIFY(waitUntil([&] { return server.openSubscriptions() == 1; }));
        QVERIFY(server.authorizations().first().isEmpty()); // a public topic: no token sent
        server.publish(QStringLiteral("a1"));
        const QString id2 = server.publish(QStringLiteral("a2"));
        QVERIFY(waitUntil([&] { return p.engine().alerts().count() == 2; }));

        // AlertDesk closes (a restart); two messages come while it is away.
        QVERIFY(p.reopen());
        QVERIFY(waitUntil([&] { return server.openSubscriptions() == 0; }));
        server.publish(QStringLiteral("a3"));
        server.publish(QStringLiteral("a4"));
        QCOMPARE(p.engine().sourcePositions().position(QStringLiteral("tradingview")), id2);
        QCOMPARE(startSources(p), QStringList());
        QVERIFY(waitUntil([&] { return server.openSubscriptions() == 1; }));
        QCOMPARE(server.lastSince(), id2);
        QVERIFY(waitUntil([&] { return p.engine().alerts().count() == 4; }));
        QCOMPARE(titles(p), (QStringList { "a1", "a2", "a3", "a4" }));
    }

    void beforeAnyMessageTheOpenTimeIsThePosition()
    {
        FakeClock clock(1795687200000);
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedNtfyServer server(QStringLiteral("tv"));
        QVERIFY(server.listen());
        server.setTime(1795687300);
        QCOMPARE(addSource(p, server, false), QString());
        QCOMPARE(startSources(p), QStringList());
        QVERIFY(waitUntil([&] { return source(p) && source(p)->state() == NtfySource::State::Connected; }));
        QCOMPARE(p.engine().sourcePositions().position(QStringLiteral("tradingview")), QStringLiteral("1795687300"));
        // Gone before the first message: the one published meanwhile is not lost.
        QVERIFY(p.reopen());
        server.publish(QStringLiteral("while away"));
        QCOMPARE(startSources(p), QStringList());
        QVERIFY(waitUntil([&] { return server.subscribePaths().size() == 2; }));
        QCOMPARE(server.lastSince(), QStringLiteral("1795687300"));
        QVERIFY(waitUntil([&] { return p.engine().alerts().count() == 1; }));
        QCOMPARE(titles(p), QStringList { "while away" });
    }

    void aSilentStreamIsOpenedAgain()
    {
        FakeClock clock(1795687200000);
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedNtfyServer server(QStringLiteral("tv"));
        QVERIFY(server.listen());
        QCOMPARE(addSource(p, server, false), QString());
        QCOMPARE(startSources(p), QStringList());
        QVERIFY(waitUntil([&] { return source(p) && source(p)->state() == NtfySource::State::Connected; }));
        // Keepalives keep it open...
        clock.advance(100000);
        server.sendKeepalive();
        QVERIFY(waitUntil([&] { return source(p)->lastActivityMs() == clock.nowMs(); }));
        clock.advance(100000); // 200 s since it opened, 100 s since the keepalive
        QCOMPARE(source(p)->state(), NtfySource::State::Connected); // the check runs inside advance()
        QCOMPARE(server.subscribePaths().size(), 1);
        // ...two minutes without one is a dead connection: opened again.
        clock.advance(20000);
        QCOMPARE(source(p)->state(), NtfySource::State::Reconnecting);
        QVERIFY2(source(p)->lastError().contains(QStringLiteral("keepalive")), qPrintable(source(p)->lastError()));
        clock.advance(1000);
        QVERIFY(waitUntil([&] { return server.subscribePaths().size() == 2; }));
    }

    void aWrongTokenIsSaidWithoutTheToken()
    {
        FakeClock clock(1795687200000);
        TestProfile p(&clock);
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedNtfyServer server(QStringLiteral("tv"));
        QVERIFY(server.listen());
        server.setToken("tk_anotherone");
        QCOMPARE(addSource(p, server), QString());
        QCOMPARE(startSources(p), QStringList());
        QVERIFY(waitUntil([&] { return source(p) && source(p)->failedAttempts() == 1; }));
        QCOMPARE(source(p)->lastError(), QStringLiteral("HTTP 401: unauthorized"));
        QCOMPARE(source(p)->state(), NtfySource::State::Reconnecting);
    }

    void anEditKeepsReplacesOrRemovesTheToken()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedNtfyServer server(QStringLiteral("tv"));
        QVERIFY(server.listen());
        QCOMPARE(addSource(p, server), QString());
        const QString key = p.engine().sourceSecretKey(QStringLiteral("tradingview"), QStringLiteral("token"));
        auto save = [&p](const SecretMap& secrets) {
            SourceConfig c = *p.engine().profile().source(QStringLiteral("tradingview"));
            c.settings.insert(QStringLiteral("priority"), QStringLiteral("LOW"));
            QString error = QStringLiteral("not answered");
            p.engine().saveSource(c, secrets, true, [&error](const QString& e) { error = e; });
            waitUntil([&] { return error != QLatin1String("not answered"); });
            return error;
        };
        auto fields = [&p] { return p.engine().profile().source(QStringLiteral("tradingview"))->secretFields; };
        QCOMPARE(save({}), QString()); // none given: kept
        QCOMPARE(p.secrets().values().value(key), QString::fromLatin1(kToken));
        QCOMPARE(fields(), QStringList { QStringLiteral("token") });
        QCOMPARE(save({ { QStringLiteral("token"), QStringLiteral("tk_rotated") } }), QString());
        QCOMPARE(p.secrets().values().value(key), QStringLiteral("tk_rotated"));
        QCOMPARE(save({ { QStringLiteral("token"), QString() } }), QString()); // empty: removed
        QVERIFY(!p.secrets().values().contains(key));
        QVERIFY(fields().isEmpty());
        QCOMPARE(p.engine().profile().source(QStringLiteral("tradingview"))->settings.value(QStringLiteral("priority")),
            QJsonValue(QStringLiteral("LOW")));
    }

    void removedSourceStopsAndForgets()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        ScriptedNtfyServer server(QStringLiteral("tv"));
        QVERIFY(server.listen());
        QCOMPARE(addSource(p, server), QString());
        QCOMPARE(startSources(p), QStringList());
        QVERIFY(waitUntil([&] { return server.openSubscriptions() == 1; }));
        QVERIFY(!p.secrets().values().isEmpty());
        QString error = QStringLiteral("not answered");
        p.engine().removeSource(QStringLiteral("tradingview"), [&error](const QString& e) { error = e; });
        QVERIFY(waitUntil([&] { return error != QLatin1String("not answered"); }));
        QCOMPARE(error, QString());
        QVERIFY(waitUntil([&] { return server.openSubscriptions() == 0; }));
        QVERIFY(p.engine().sources().isEmpty());
        QVERIFY(!p.engine().profile().source(QStringLiteral("tradingview")));
        QCOMPARE(p.engine().sourcePositions().position(QStringLiteral("tradingview")), QString());
        QVERIFY(p.secrets().values().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNtfySource)
#include "TestNtfySource.moc"
