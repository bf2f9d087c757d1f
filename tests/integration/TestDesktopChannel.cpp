// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "MemorySecretStore.h"
#include "TestProfile.h"

#include "channels/DesktopChannel.h"
#include "config/Profile.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace alertdesk;
using namespace alertdesk::test;

namespace {

// Stands in for the GUI's notifier: records what it was asked to show and answers from a
// thread of its own, as a notifier living on the GUI thread would.
class RecordingNotifier final : public DesktopNotifier {
public:
    explicit RecordingNotifier(QString error = {})
        : m_error(std::move(error))
    {
    }
    ~RecordingNotifier() override
    {
        for (QThread* t : std::as_const(m_threads)) {
            t->wait();
            delete t;
        }
    }

    void notify(const DesktopNotification& n, std::function<void(const QString&)> done) override
    {
        shown << n;
        QThread* t = QThread::create([done, error = m_error] { done(error); });
        m_threads << t;
        t->start();
    }

    QList<DesktopNotification> shown;

private:
    QString m_error;
    QList<QThread*> m_threads;
};

} // namespace

// The desktop channel: in the command line it fails with a clear reason, never silently; with
// the GUI's notifier (DesktopNotifier) it shows the alert.
class TestDesktopChannel final : public QObject {
    Q_OBJECT

    struct Result {
        int code = -1;
        QByteArray out;
        QByteArray err;
    };

    static Result cli(const QString& profile, const QStringList& args)
    {
        QProcess p;
        p.start(QStringLiteral(ALERTDESK_CLI_PATH), QStringList { QStringLiteral("--profile"), profile } + args);
        p.closeWriteChannel();
        if (!p.waitForFinished(60000)) {
            p.kill();
            p.waitForFinished(5000);
            return {};
        }
        return { p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, p.readAllStandardOutput(),
            p.readAllStandardError() };
    }

    static QJsonObject alertJson()
    {
        return QJsonObject { { QStringLiteral("type"), QStringLiteral("PRICE") },
            { QStringLiteral("priority"), QStringLiteral("HIGH") },
            { QStringLiteral("title"), QStringLiteral("BTC above 70k") },
            { QStringLiteral("message"), QStringLiteral("Last trade 70,120") },
            { QStringLiteral("symbol"), QStringLiteral("BTCUSDT") } };
    }

    // An engine on a fresh profile with a desktop channel, and the given notifier (or none).
    static DeliveryReport deliverWith(DesktopNotifier* notifier, QString* error)
    {
        QTemporaryDir dir;
        MemorySecretStore secrets;
        Engine::Options o;
        o.profileDir = dir.path();
        o.secrets = &secrets;
        o.desktop = notifier;
        auto engine = Engine::open(o, error);
        if (!engine)
            return {};
        ChannelConfig c;
        c.name = QStringLiteral("desk");
        c.kind = QStringLiteral("desktop");
        bool saved = false;
        engine->saveChannel(c, {}, false, [&](const QString& e) {
            *error = e;
            saved = true;
        });
        if (!waitUntil([&] { return saved; }) || !error->isEmpty())
            return {};
        bool loaded = false;
        engine->startDelivery({ QStringLiteral("desk") }, [&](const QStringList&) { loaded = true; });
        if (!waitUntil([&] { return loaded; }))
            return {};
        QSignalSpy done(&engine->alertManager(), &AlertManager::reportReady);
        FieldError fe;
        if (!engine->alertManager().submit(alertJson(), &fe)) {
            *error = fe.toString();
            return {};
        }
        if (!done.wait(10000)) {
            *error = QStringLiteral("no report");
            return {};
        }
        return done.first().first().value<DeliveryReport>();
    }

private Q_SLOTS:
    void commandLineSaysItCannot()
    {
        QTemporaryDir profile;
        const Result add = cli(profile.path(),
            { QStringLiteral("channel"), QStringLiteral("add"), QStringLiteral("desktop"), QStringLiteral("desk") });
        QVERIFY2(add.code == 0, add.err.constData());
        const Result list = cli(profile.path(), { QStringLiteral("channel"), QStringLiteral("list") });
        const QJsonObject ch = QJsonDocument::fromJson(list.out).array().first().toObject();
        QCOMPARE(ch.value(QStringLiteral("kind")).toString(), QStringLiteral("desktop"));
        QCOMPARE(ch.value(QStringLiteral("secrets")).toObject(), QJsonObject());

        const Result send = cli(profile.path(),
            { QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("PRICE"), QStringLiteral("--priority"),
                QStringLiteral("HIGH"), QStringLiteral("--title"), QStringLiteral("BTC above 70k"),
                QStringLiteral("--message"), QStringLiteral("m") });
        QCOMPARE(send.code, 1);
        const QJsonObject result
            = QJsonDocument::fromJson(send.out).object().value(QStringLiteral("results")).toArray().first().toObject();
        QCOMPARE(result.value(QStringLiteral("channel")).toString(), QStringLiteral("desk"));
        QCOMPARE(result.value(QStringLiteral("status")).toString(), QStringLiteral("failed"));
        QCOMPARE(result.value(QStringLiteral("attempts")).toInt(), 1); // not retried: retrying cannot help
        QCOMPARE(result.value(QStringLiteral("error")).toString(),
            QStringLiteral("desktop notifications are shown by the AlertDesk app; the command line cannot show them"));

        const Result test = cli(profile.path(), { QStringLiteral("test-channel"), QStringLiteral("desk") });
        QCOMPARE(test.code, 1);
        QVERIFY2(test.out.contains("the command line cannot show them"), test.out.constData());
    }

    void notifierShowsTheAlert()
    {
        RecordingNotifier notifier;
        QString error;
        const DeliveryReport r = deliverWith(&notifier, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(r.results.size(), 1);
        QVERIFY2(r.results.first().success(), qPrintable(r.results.first().error));
        QCOMPARE(notifier.shown.size(), 1);
        const DesktopNotification& n = notifier.shown.first();
        QCOMPARE(n.title, QStringLiteral("🟠 BTC above 70k"));
        QCOMPARE(n.body, QStringLiteral("Last trade 70,120\nBTCUSDT"));
        QCOMPARE(n.priority, Priority::High);
        QCOMPARE(n.alertId, r.alertId);
        QCOMPARE(n.idempotencyKey, r.results.first().idempotencyKey);
    }

    void notifierErrorIsReported()
    {
        RecordingNotifier notifier(QStringLiteral("notifications are turned off in the system settings"));
        QString error;
        const DeliveryReport r = deliverWith(&notifier, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        QCOMPARE(r.results.size(), 1);
        QCOMPARE(r.results.first().status, DeliveryStatus::Failed);
        QCOMPARE(r.results.first().error, QStringLiteral("notifications are turned off in the system settings"));
    }

    void longMessageIsCut()
    {
        Alert a;
        a.priority = Priority::Info;
        a.title = QStringLiteral("t");
        a.message = QStringLiteral("x") + QStringLiteral("😀").repeated(400); // a surrogate pair at every cut point
        a.strategy = QStringLiteral("grid");
        const DesktopNotification n = desktopNotification(a, QStringLiteral("k"));
        const QString body = n.body.section(QLatin1Char('\n'), 0, 0);
        QVERIFY(body.endsWith(QChar(0x2026)));
        QVERIFY(body.size() <= 300);
        QVERIFY(!body.chopped(1).back().isHighSurrogate());
        QCOMPARE(n.body.section(QLatin1Char('\n'), 1), QStringLiteral("grid"));
        QCOMPARE(n.title, QStringLiteral("ℹ️ t"));
    }
};

QTEST_GUILESS_MAIN(TestDesktopChannel)
#include "TestDesktopChannel.moc"
