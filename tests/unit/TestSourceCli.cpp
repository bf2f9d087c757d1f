// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "InProcessCli.h"
#include "MemorySecretStore.h"

#include "config/Profile.h"
#include "config/SecretStore.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// `alertdesk-cli source add ntfy NAME ...`, list, show, disable, enable and remove, run
// in-process on a temporary profile with in-memory secrets: what is stored where (the token
// in the keychain only), and the exit code and message of a wrong option.
class TestSourceCli final : public QObject {
    Q_OBJECT

    InProcessRun run(const QStringList& args, const QByteArray& stdinData = {})
    {
        return runCliInProcess(m_dir->path(), m_secrets.get(), args, stdinData);
    }
    QString profileId()
    {
        QString err;
        const auto p = Profile::load(m_dir->path(), &err);
        return p ? p->id() : QString();
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
    }

    void addListShowRemove()
    {
        InProcessRun r = run(
            { "source", "add", "ntfy", "tradingview", "--topic", "tv-desk-7f3k", "--server", "https://ntfy.example/",
                "--token", "-", "--type", "price", "--priority", "high", "--channel", "desk", "--channel", "phone" },
            "tk_clisecret0123456789\n");
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("added source tradingview\n"));
        const QString key
            = SecretStore::key(profileId(), QStringLiteral("source:tradingview"), QStringLiteral("token"));
        QCOMPARE(m_secrets->values().value(key), QStringLiteral("tk_clisecret0123456789"));
        QFile config(m_dir->filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        QVERIFY(!config.readAll().contains("tk_clisecret"));

        r = run({ "source", "list" });
        QCOMPARE(r.code, 0);
        const QJsonArray list = QJsonDocument::fromJson(r.out.toUtf8()).array();
        QCOMPARE(list.size(), 1);
        const QJsonObject s = list.first().toObject();
        QCOMPARE(s.value("name").toString(), QStringLiteral("tradingview"));
        QCOMPARE(s.value("kind").toString(), QStringLiteral("ntfy"));
        QCOMPARE(s.value("enabled").toBool(), true);
        const QJsonObject settings = s.value("settings").toObject();
        QCOMPARE(settings.value("server").toString(), QStringLiteral("https://ntfy.example"));
        QCOMPARE(settings.value("topic").toString(), QStringLiteral("tv-desk-7f3k"));
        QCOMPARE(settings.value("type").toString(), QStringLiteral("PRICE"));
        QCOMPARE(settings.value("priority").toString(), QStringLiteral("HIGH"));
        QCOMPARE(settings.value("channels").toArray(), (QJsonArray { "desk", "phone" }));
        QCOMPARE(s.value("secrets").toObject().value("token").toString(), QStringLiteral("set"));
        QVERIFY(s.value("position").isNull()); // nothing read yet
        QVERIFY(!r.out.contains(QStringLiteral("tk_clisecret")));

        r = run({ "source", "show", "tradingview" });
        QCOMPARE(r.code, 0);
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object(), s);

        QCOMPARE(run({ "source", "disable", "tradingview" }).out, QStringLiteral("disabled source tradingview\n"));
        r = run({ "source", "show", "tradingview" });
        QCOMPARE(QJsonDocument::fromJson(r.out.toUtf8()).object().value("enabled").toBool(), false);
        // The token stays across a change that does not give one.
        QCOMPARE(m_secrets->values().value(key), QStringLiteral("tk_clisecret0123456789"));
        QCOMPARE(run({ "source", "enable", "tradingview" }).code, 0);

        r = run({ "source", "add", "ntfy", "tradingview", "--topic", "other" });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("exists already")), qPrintable(r.err));

        r = run({ "source", "remove", "tradingview" });
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QStringLiteral("removed source tradingview\n"));
        QVERIFY(!m_secrets->values().contains(key));
        QCOMPARE(run({ "source", "list" }).out.trimmed(), QStringLiteral("[\n]"));
        QCOMPARE(run({ "source", "remove", "tradingview" }).code, 2);
    }

    void wrongOptions_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("message");
        QTest::newRow("no topic") << QStringList { "source", "add", "ntfy", "tv" }
                                  << "alertdesk-cli: --topic is required";
        QTest::newRow("bad topic") << QStringList { "source", "add", "ntfy", "tv", "--topic", "a/b" }
                                   << "--topic must be 1-64";
        QTest::newRow("bad server") << QStringList { "source", "add", "ntfy", "tv", "--topic", "t", "--server",
            "ws://x" } << "--server must be an http";
        QTest::newRow("bad priority") << QStringList { "source", "add", "ntfy", "tv", "--topic", "t", "--priority",
            "urgent" } << "--priority must be one of CRITICAL";
        QTest::newRow("other kind") << QStringList { "source", "add", "mqtt", "tv" } << "unknown source kind 'mqtt'";
        QTest::newRow("bad name") << QStringList { "source", "add", "ntfy", "-x-", "--topic", "t" }
                                  << "not a valid source name";
        QTest::newRow("unknown option") << QStringList { "source", "add", "ntfy", "tv", "--topic", "t", "--url", "u" }
                                        << "--url";
    }
    void wrongOptions()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, message);
        const InProcessRun r = run(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QVERIFY(m_secrets->values().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSourceCli)
#include "TestSourceCli.moc"
