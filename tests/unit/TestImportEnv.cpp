// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "InProcessCli.h"
#include "MemorySecretStore.h"

#include "cli/Cli.h"
#include "config/Profile.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

namespace {
// Counts what reaches the store, to prove that an import with nothing new writes nothing.
class CountingSecretStore final : public SecretStore {
    Q_OBJECT
public:
    void read(const QString& key, Callback done) override { m_inner.read(key, std::move(done)); }
    void write(const QString& key, const QString& value, Callback done) override
    {
        ++writes;
        m_inner.write(key, value, std::move(done));
    }
    void remove(const QString& key, Callback done) override
    {
        ++removes;
        m_inner.remove(key, std::move(done));
    }
    const QHash<QString, QString>& values() const { return m_inner.values(); }
    void failWith(const QString& e) { m_inner.failWith(e); }

    int writes = 0;
    int removes = 0;

private:
    MemorySecretStore m_inner;
};
} // namespace

// `alertdesk-cli import-env [FILE]` in-process with in-memory secrets: the report, the exit
// codes, and what a second, changed or conflicting import does to the profile and the secrets.
class TestImportEnv final : public QObject {
    Q_OBJECT

    struct Run : InProcessRun {
        QJsonObject report() const { return QJsonDocument::fromJson(out.toUtf8()).object(); }
        QString channelResult(const QString& name) const
        {
            for (const QJsonValue& c : report().value(QStringLiteral("channels")).toArray()) {
                if (c.toObject().value(QStringLiteral("name")).toString() == name)
                    return c.toObject().value(QStringLiteral("result")).toString();
            }
            return QStringLiteral("(absent)");
        }
        QJsonObject variable(const QString& name) const
        {
            for (const QJsonValue& v : report().value(QStringLiteral("variables")).toArray()) {
                if (v.toObject().value(QStringLiteral("name")).toString() == name)
                    return v.toObject();
            }
            return {};
        }
    };

    Run run(const QStringList& args)
    {
        return { runCliInProcess(m_dir->filePath(QStringLiteral("profile")), m_secrets.get(), args) };
    }

    QString writeEnv(const QString& text)
    {
        const QString path = m_dir->filePath(QStringLiteral("alerts.env"));
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(text.toUtf8());
        return path;
    }

    Run import(const QString& env) { return run({ QStringLiteral("import-env"), writeEnv(env) }); }

    QByteArray configBytes()
    {
        QFile f(m_dir->filePath(QStringLiteral("profile/config.json")));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

    std::optional<Profile> profile()
    {
        QString err;
        return Profile::load(m_dir->filePath(QStringLiteral("profile")), &err);
    }

    QString secret(const QString& channel, const QString& field)
    {
        return m_secrets->values().value(profile()->id() + QLatin1Char('/') + channel + QLatin1Char('/') + field);
    }

    static QString env()
    {
        return QStringLiteral("EMAIL_NOTIFICATIONS_ENABLED=true\n"
                              "SMTP_HOST=smtp.example.com\n"
                              "SMTP_PORT=465\n"
                              "SMTP_USERNAME=desk@example.com\n"
                              "SMTP_PASSWORD='first-password'\n"
                              "SMTP_FROM_EMAIL=\"Desk <desk@example.com>\"\n"
                              "EMAIL_TO=a@example.com, b@example.com\n"
                              "SLACK_NOTIFICATIONS_ENABLED=true\n"
                              "SLACK_WEBHOOK_URLS=https://hooks.slack.com/services/T/B/hookSecret\n"
                              "SLACK_BOT_TOKEN=xoxb-botSecret\n"
                              "SLACK_CHANNEL_IDS=C1,C2\n"
                              "export TELEGRAM_NOTIFICATIONS_ENABLED=true\n"
                              "TELEGRAM_BOT_TOKEN=123:tgSecret\n"
                              "TELEGRAM_CHAT_IDS=42\n"
                              "WEBHOOK_NOTIFICATIONS_ENABLED=true\n"
                              "WEBHOOK_URLS=https://a.example.com/hook,https://b.example.com/hook\n"
                              "NOTIFICATION_MAX_RETRIES=5\n"
                              "NOTIFICATION_RETRY_DELAY=2.5\n"
                              "NOTIFICATION_PARALLEL_DELIVERY=false\n");
    }

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<CountingSecretStore> m_secrets;

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<CountingSecretStore>();
    }

    void importTwiceChangesNothing()
    {
        const Run first = import(env());
        QVERIFY2(first.code == 0, qPrintable(first.err + first.out));
        for (const char* name : { "email", "slack", "telegram", "webhook", "webhook-2" })
            QCOMPARE(first.channelResult(QString::fromLatin1(name)), QStringLiteral("added"));
        QCOMPARE(first.report().value(QStringLiteral("exit_code")).toInt(), 0);
        QCOMPARE(secret(QStringLiteral("email"), QStringLiteral("password")), QStringLiteral("first-password"));
        QCOMPARE(
            secret(QStringLiteral("webhook-2"), QStringLiteral("url")), QStringLiteral("https://b.example.com/hook"));
        const auto p = profile();
        QCOMPARE(p->setting(QStringLiteral("delivery.max_retries")).toInt(), 5);
        QCOMPARE(p->setting(QStringLiteral("delivery.retry_delay_ms")).toInt(), 2500);
        QCOMPARE(p->setting(QStringLiteral("delivery.parallel")), QJsonValue(false));
        QCOMPARE(p->channel(QStringLiteral("email"))->settings.value(QStringLiteral("security")).toString(),
            QStringLiteral("tls"));
        QVERIFY(first.err.contains(QLatin1String("channel email (email): added")));

        const QByteArray config = configBytes();
        const int writes = m_secrets->writes;
        const auto secrets = m_secrets->values();
        const Run second = import(env());
        QVERIFY2(second.code == 0, qPrintable(second.err));
        for (const char* name : { "email", "slack", "telegram", "webhook", "webhook-2" })
            QCOMPARE(second.channelResult(QString::fromLatin1(name)), QStringLiteral("unchanged"));
        for (const QJsonValue& s : second.report().value(QStringLiteral("settings")).toArray())
            QCOMPARE(s.toObject().value(QStringLiteral("result")).toString(), QStringLiteral("unchanged"));
        QCOMPARE(m_secrets->writes, writes);
        QCOMPARE(m_secrets->removes, 0);
        QCOMPARE(m_secrets->values(), secrets);
        QCOMPARE(configBytes(), config);

        // No secret in the report, the summary or the profile.
        for (const char* s : { "first-password", "hookSecret", "botSecret", "tgSecret" }) {
            QVERIFY(!first.out.contains(QLatin1String(s)) && !first.err.contains(QLatin1String(s)));
            QVERIFY(!config.contains(s));
        }
    }

    void changedValuesAreUpdated()
    {
        QCOMPARE(import(env()).code, 0);
        QString changed = env();
        changed.replace(QLatin1String("first-password"), QLatin1String("second-password")); // a secret only
        changed.replace(
            QLatin1String("TELEGRAM_CHAT_IDS=42"), QLatin1String("TELEGRAM_CHAT_IDS=42,-100777")); // a setting only
        changed.replace(
            QLatin1String("SLACK_BOT_TOKEN=xoxb-botSecret\nSLACK_CHANNEL_IDS=C1,C2\n"), QString()); // a secret dropped
        changed.replace(
            QLatin1String("WEBHOOK_NOTIFICATIONS_ENABLED=true"), QLatin1String("WEBHOOK_NOTIFICATIONS_ENABLED=false"));
        const Run r = import(changed);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.channelResult(QStringLiteral("email")), QStringLiteral("updated"));
        QCOMPARE(r.channelResult(QStringLiteral("telegram")), QStringLiteral("updated"));
        QCOMPARE(r.channelResult(QStringLiteral("slack")), QStringLiteral("updated"));
        QCOMPARE(r.channelResult(QStringLiteral("webhook")), QStringLiteral("updated"));
        QCOMPARE(secret(QStringLiteral("email"), QStringLiteral("password")), QStringLiteral("second-password"));
        const auto p = profile();
        QCOMPARE(
            p->channel(QStringLiteral("telegram"))->settings.value(QStringLiteral("chat_ids")).toArray().size(), 2);
        QVERIFY(!p->channel(QStringLiteral("webhook"))->enabled);
        QCOMPARE(p->channel(QStringLiteral("slack"))->secretFields, QStringList { QStringLiteral("webhook_urls") });
        // The bot token that the new configuration no longer has left the keychain.
        QVERIFY(secret(QStringLiteral("slack"), QStringLiteral("bot_token")).isEmpty());
        QCOMPARE(m_secrets->removes, 1);
        // And the changed configuration, imported again, is stable.
        const Run again = import(changed);
        QCOMPARE(again.code, 0);
        QCOMPARE(again.channelResult(QStringLiteral("slack")), QStringLiteral("unchanged"));
        QCOMPARE(again.channelResult(QStringLiteral("email")), QStringLiteral("unchanged"));
    }

    void rejectedVariableExitsTwo()
    {
        QString bad = env();
        bad.replace(QLatin1String("SMTP_PORT=465"), QLatin1String("SMTP_PORT=abc"));
        const Run r = import(bad);
        QCOMPARE(r.code, 2);
        QCOMPARE(r.report().value(QStringLiteral("exit_code")).toInt(), 2);
        const QJsonObject port = r.variable(QStringLiteral("SMTP_PORT"));
        QCOMPARE(port.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QCOMPARE(port.value(QStringLiteral("reason")).toString(),
            QStringLiteral("SMTP_PORT must be a number from 1 to 65535, not 'abc'"));
        QCOMPARE(port.value(QStringLiteral("line")).toInt(), 3);
        QCOMPARE(r.variable(QStringLiteral("SMTP_PASSWORD")).value(QStringLiteral("status")).toString(),
            QStringLiteral("skipped"));
        QCOMPARE(r.channelResult(QStringLiteral("email")), QStringLiteral("not imported"));
        QCOMPARE(r.channelResult(QStringLiteral("telegram")), QStringLiteral("added"));
        QVERIFY2(r.err.contains(QLatin1String(
                     "rejected SMTP_PORT (line 3): SMTP_PORT must be a number from 1 to 65535, not 'abc'")),
            qPrintable(r.err));
        QVERIFY(!profile()->channel(QStringLiteral("email")));
        QVERIFY(secret(QStringLiteral("email"), QStringLiteral("password")).isEmpty());
    }

    void parseErrorIsRejected()
    {
        const Run r = import(QStringLiteral(
            "TELEGRAM_NOTIFICATIONS_ENABLED=true\nTELEGRAM_BOT_TOKEN=\"123:tgSecret\nTELEGRAM_CHAT_IDS=42\n"));
        QCOMPARE(r.code, 2);
        const QJsonObject token = r.variable(QStringLiteral("TELEGRAM_BOT_TOKEN"));
        QCOMPARE(token.value(QStringLiteral("status")).toString(), QStringLiteral("rejected"));
        QCOMPARE(token.value(QStringLiteral("reason")).toString(),
            QStringLiteral("line 2: the double quote of TELEGRAM_BOT_TOKEN is never closed"));
        QVERIFY(!r.out.contains(QLatin1String("tgSecret")) && !r.err.contains(QLatin1String("tgSecret")));
    }

    void conflictWithAnotherKind()
    {
        QCOMPARE(
            run({ QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("webhook"),
                    QStringLiteral("telegram"), QStringLiteral("--url"), QStringLiteral("https://mine.example.com/x") })
                .code,
            0);
        const Run r = import(env());
        QCOMPARE(r.code, 1);
        QCOMPARE(r.channelResult(QStringLiteral("telegram")), QStringLiteral("conflict"));
        QCOMPARE(r.channelResult(QStringLiteral("email")), QStringLiteral("added"));
        QCOMPARE(profile()->channel(QStringLiteral("telegram"))->kind, QStringLiteral("webhook"));
        QCOMPARE(
            secret(QStringLiteral("telegram"), QStringLiteral("url")), QStringLiteral("https://mine.example.com/x"));
    }

    void keychainFailureExitsOne()
    {
        m_secrets->failWith(QStringLiteral("no keychain: the Secret Service is not running"));
        const Run r = import(env());
        QCOMPARE(r.code, 1);
        QCOMPARE(r.channelResult(QStringLiteral("email")), QStringLiteral("failed"));
        QVERIFY(profile()->channels().isEmpty());
    }

    void nothingToImport()
    {
        Run r = import(QStringLiteral("# only comments\nPATH=/bin\n"));
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("nothing to import")), qPrintable(r.err));
        r = run({ QStringLiteral("import-env"), m_dir->filePath(QStringLiteral("missing.env")) });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("cannot read")), qPrintable(r.err));
        r = run({ QStringLiteral("import-env"), QStringLiteral("a"), QStringLiteral("b") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QLatin1String("usage: import-env [FILE]")), qPrintable(r.err));
    }

    void fromTheEnvironment()
    {
        qputenv("TELEGRAM_NOTIFICATIONS_ENABLED", "true");
        qputenv("TELEGRAM_BOT_TOKEN", "123:envSecret");
        qputenv("TELEGRAM_CHAT_IDS", "7,8");
        qputenv("TELEGRAM_CHAT_ID", "9"); // a misspelling is pointed out
        const Run r = run({ QStringLiteral("import-env") });
        qunsetenv("TELEGRAM_NOTIFICATIONS_ENABLED");
        qunsetenv("TELEGRAM_BOT_TOKEN");
        qunsetenv("TELEGRAM_CHAT_IDS");
        qunsetenv("TELEGRAM_CHAT_ID");
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(r.report().value(QStringLiteral("source")).toString(), QStringLiteral("environment"));
        QCOMPARE(r.channelResult(QStringLiteral("telegram")), QStringLiteral("added"));
        QCOMPARE(r.variable(QStringLiteral("TELEGRAM_CHAT_ID")).value(QStringLiteral("status")).toString(),
            QStringLiteral("ignored"));
        QVERIFY(r.variable(QStringLiteral("PATH")).isEmpty());
        QCOMPARE(secret(QStringLiteral("telegram"), QStringLiteral("bot_token")), QStringLiteral("123:envSecret"));
        QCOMPARE(profile()->channel(QStringLiteral("telegram"))->settings.value(QStringLiteral("chat_ids")).toArray(),
            QJsonArray({ QStringLiteral("7"), QStringLiteral("8") }));
    }
};

QTEST_GUILESS_MAIN(TestImportEnv)
#include "TestImportEnv.moc"
