// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "InProcessCli.h"
#include "MemorySecretStore.h"
#include "TestProfile.h"

#include "config/Profile.h"
#include "engine/AlertManager.h"
#include "storage/AlertStore.h"
#include "storage/Database.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// An alert is never lost for its form: `send` stores what it is given (control characters
// normalised, long fields cut and kept in full), also on a profile with no channel yet; only
// what cannot be an alert is refused, naming the option. And the small refusals of issue 11.
class TestAlertForm final : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MemorySecretStore> m_secrets;

    InProcessRun cli(const QStringList& args) { return runCliInProcess(m_dir->path(), m_secrets.get(), args); }

    static QStringList send(std::initializer_list<QString> extra)
    {
        QStringList args { QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("RISK"),
            QStringLiteral("--priority"), QStringLiteral("HIGH") };
        for (const QString& e : extra)
            args << e;
        return args;
    }

    std::optional<Alert> stored(const QString& id)
    {
        QString error;
        auto db = Database::open(m_dir->path() + QStringLiteral("/history.db"), &error, Database::Mode::ReadOnly);
        if (!db)
            return std::nullopt;
        return AlertStore(*db).get(id);
    }

    qint64 alertCount()
    {
        if (!QFile::exists(m_dir->path() + QStringLiteral("/history.db")))
            return 0;
        QString error;
        auto db = Database::open(m_dir->path() + QStringLiteral("/history.db"), &error, Database::Mode::ReadOnly);
        return db ? AlertStore(*db).count() : -1;
    }

    QByteArray config() const
    {
        QFile f(m_dir->path() + QStringLiteral("/config.json"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }

private Q_SLOTS:
    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        m_secrets = std::make_unique<MemorySecretStore>();
    }
    void cleanup()
    {
        m_secrets.reset();
        m_dir.reset();
    }

    // A bot's multi-line title on a profile where no channel is set up yet: stored, one line,
    // and the report says it reached no channel.
    void multiLineTitleWithoutChannelIsStored()
    {
        const InProcessRun r = cli(send({ QStringLiteral("--title"), QStringLiteral("BTC\r\nabove\t100k\x01"),
            QStringLiteral("--message"), QStringLiteral("line 1\r\nline 2") }));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject report = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QString id = report.value(QStringLiteral("alert_id")).toString();
        QVERIFY2(!id.isEmpty(), qPrintable(r.out));
        QVERIFY2(report.value(QStringLiteral("no_channel")).toString().contains(QStringLiteral("no channel")),
            qPrintable(r.out));
        QVERIFY2(r.err.contains(QStringLiteral("reached no channel")), qPrintable(r.err));
        const auto a = stored(id);
        QVERIFY(a);
        QCOMPARE(a->title, QStringLiteral("BTC above 100k"));
        QCOMPARE(a->message, QStringLiteral("line 1\nline 2"));
    }

    void overlongTitleIsCutAndKeptInFull()
    {
        const QString title = QStringLiteral("Drawdown ") + QString(400, QLatin1Char('x'));
        const InProcessRun r = cli(send({ QStringLiteral("--title"), title }));
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto a
            = stored(QJsonDocument::fromJson(r.out.toUtf8()).object().value(QStringLiteral("alert_id")).toString());
        QVERIFY(a);
        QCOMPARE(a->title.size(), AlertLimits::title);
        QVERIFY(a->title.endsWith(QChar(0x2026)));
        QVERIFY(a->message.contains(title));
    }

    // Only what cannot be an alert is refused, naming the option; nothing is stored then.
    void refusals_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("named");
        QTest::newRow("no title, no message") << send({}) << QStringLiteral("--title");
        QTest::newRow("blank title, blank message") << send(
            { QStringLiteral("--title"), QStringLiteral("\r\n"), QStringLiteral("--message"), QStringLiteral(" ") })
                                                    << QStringLiteral("--title");
        QTest::newRow("unknown type") << QStringList { QStringLiteral("send"), QStringLiteral("--type"),
            QStringLiteral("WEATHER"), QStringLiteral("--priority"), QStringLiteral("HIGH"), QStringLiteral("--title"),
            QStringLiteral("t") } << QStringLiteral("--type");
        QTest::newRow("unknown priority") << QStringList { QStringLiteral("send"), QStringLiteral("--type"),
            QStringLiteral("RISK"), QStringLiteral("--priority"), QStringLiteral("URGENT"), QStringLiteral("--title"),
            QStringLiteral("t") } << QStringLiteral("--priority");
        QTest::newRow("empty dedup key") << send(
            { QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--dedup-key"), QString() })
                                         << QStringLiteral("--dedup-key");
        QTest::newRow("wait timeout past any clock") << send({ QStringLiteral("--title"), QStringLiteral("t"),
            QStringLiteral("--wait-timeout"), QStringLiteral("1e300") })
                                                     << QStringLiteral("--wait-timeout");
        QTest::newRow("wait timeout not a number") << send(
            { QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--wait-timeout"), QStringLiteral("nan") })
                                                   << QStringLiteral("--wait-timeout");
        QTest::newRow("unknown channel") << send(
            { QStringLiteral("--title"), QStringLiteral("t"), QStringLiteral("--channel"), QStringLiteral("nope") })
                                         << QStringLiteral("--channel");
    }
    void refusals()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, named);
        const InProcessRun r = cli(args);
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(named), qPrintable(r.err));
        QCOMPARE(alertCount(), 0);
    }

    void templatePreviewRefusesUnknownKind()
    {
        const InProcessRun r = cli({ QStringLiteral("template"), QStringLiteral("preview"), QStringLiteral("--kind"),
            QStringLiteral("nosuch") });
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--kind 'nosuch'")), qPrintable(r.err));
        for (const char* kind : { "webhook", "slack", "email", "telegram" })
            QVERIFY2(r.err.contains(QLatin1String(kind)), qPrintable(r.err));
        QVERIFY(cli({ QStringLiteral("template"), QStringLiteral("preview"), QStringLiteral("--kind"),
                        QStringLiteral("slack") })
                    .code
            == 0);
    }

    void settingsRefuseNonFiniteNumbers()
    {
        QCOMPARE(cli({ QStringLiteral("settings"), QStringLiteral("set"), QStringLiteral("delivery.jitter"),
                         QStringLiteral("0.3") })
                     .code,
            0);
        const QByteArray before = config();
        for (const char* value : { "nan", "inf", "-Infinity" }) {
            const InProcessRun r = cli({ QStringLiteral("settings"), QStringLiteral("set"),
                QStringLiteral("delivery.jitter"), QString::fromLatin1(value) });
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(QStringLiteral("delivery.jitter")), qPrintable(r.err));
            QCOMPARE(config(), before);
        }
        // Every later command reads the profile without a warning.
        const InProcessRun get
            = cli({ QStringLiteral("settings"), QStringLiteral("get"), QStringLiteral("delivery.jitter") });
        QCOMPARE(get.code, 0);
        QCOMPARE(get.out.trimmed(), QStringLiteral("0.3"));
        QVERIFY2(!get.err.contains(QStringLiteral("ignored")), qPrintable(get.err));
    }

    // Any source (the ingest API, a rule, the window) on a profile without channels: the
    // alert is stored and announced (the window shows it), with the reason it reached none.
    void admittedWithoutChannel()
    {
        TestProfile p;
        QVERIFY2(p.isValid(), qPrintable(p.error()));
        QSignalSpy accepted(&p.engine().alertManager(), &AlertManager::alertAccepted);
        Alert a;
        a.type = AlertType::Risk;
        a.priority = Priority::Critical;
        a.title = QStringLiteral("Margin call\nnow");
        FieldError fe;
        const auto adm = p.engine().alertManager().admit(a, &fe);
        QVERIFY2(adm, qPrintable(fe.toString()));
        QVERIFY(adm->plan.queued.isEmpty());
        QVERIFY(!adm->plan.noChannel.isEmpty());
        QCOMPARE(accepted.size(), 1);
        const auto kept = p.engine().alerts().get(adm->alert.id);
        QVERIFY(kept);
        QCOMPARE(kept->title, QStringLiteral("Margin call now"));
    }
};

QTEST_GUILESS_MAIN(TestAlertForm)
#include "TestAlertForm.moc"
