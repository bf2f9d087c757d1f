// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiTestSupport.h"

#include "alerts/AlertsPage.h"
#include "channels/ChannelsPage.h"
#include "engine/AlertManager.h"

#include <QFile>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QTest>

#include <sys/stat.h>
#include <unistd.h>

using namespace alertdesk;
using namespace alertdesk::test;

// The window and its profile's files: as private as the command line's (the folder 0700 and
// every file 0600: the history, its -wal and -shm, the lock, ingest.json, whatever the umask
// the desktop session started it with), and a profile that cannot be written opens read-only
// and says so.
class TestWindowProfileFiles final : public QObject {
    Q_OBJECT

    // Makes a folder read-only for this process and undoes it: a read-only bind mount when
    // running as root (root writes through any mode bits), else the mode bits.
    class ReadOnlyFolder final {
    public:
        ~ReadOnlyFolder()
        {
            if (m_mounted)
                QProcess::execute(QStringLiteral("umount"), { m_dir });
            else if (!m_dir.isEmpty())
                ::chmod(QFile::encodeName(m_dir).constData(), 0700);
        }
        // "" when done, else why it could not be.
        QString make(const QString& dir)
        {
            m_dir = dir;
            if (::geteuid() != 0)
                return ::chmod(QFile::encodeName(dir).constData(), 0500) == 0 ? QString()
                                                                              : QStringLiteral("chmod failed");
            if (QProcess::execute(QStringLiteral("mount"), { QStringLiteral("--bind"), dir, dir }) != 0)
                return QStringLiteral("running as root, and mount --bind is not permitted here");
            m_mounted = true;
            if (QProcess::execute(
                    QStringLiteral("mount"), { QStringLiteral("-o"), QStringLiteral("remount,bind,ro"), dir })
                != 0)
                return QStringLiteral("mount -o remount,bind,ro failed");
            return ::access(QFile::encodeName(dir).constData(), W_OK) != 0
                ? QString()
                : QStringLiteral("the folder is still writable");
        }

    private:
        QString m_dir;
        bool m_mounted = false;
    };

private Q_SLOTS:
    void windowKeepsTheProfilePrivate()
    {
        WindowFixture f;
        ::umask(0022); // the fixture's profile setup ran already: the window's engine must do it
        QVERIFY(f.start());
        QVERIFY(f.host->isDriver());
        QString id, error = QStringLiteral("pending");
        f.host->submitAlert(QJsonObject { { QStringLiteral("type"), QStringLiteral("RISK") },
                                { QStringLiteral("priority"), QStringLiteral("HIGH") },
                                { QStringLiteral("title"), QStringLiteral("from the window") } },
            f.window.get(), [&](const QString& alertId, const QString& e) {
                id = alertId;
                error = e;
            });
        QVERIFY(waitUntil([&] { return error != QStringLiteral("pending"); }, 10000));
        QVERIFY2(error.isEmpty() && !id.isEmpty(), qPrintable(error));
        // The ingest API has written its endpoint file by now (it starts once delivery does).
        QVERIFY(waitUntil([&] { return QFile::exists(f.dir.path() + QStringLiteral("/ingest.json")); }, 10000));
        QStringList files;
        const QStringList bad = notPrivate(f.dir.path(), &files);
        QVERIFY2(bad.isEmpty(), qPrintable(bad.join(QStringLiteral("; "))));
        for (const char* name :
            { "history.db", "history.db-wal", "history.db-shm", "engine.lock", "ingest.json", "config.json" })
            QVERIFY2(files.contains(QLatin1String(name)),
                qPrintable(QLatin1String(name) + QStringLiteral(" missing: ") + files.join(QLatin1Char(' '))));
    }

    // A profile on a read-only folder (a read-only mount, a backup opened to look at it): the
    // window shows its history read-only and says why; nothing is written.
    void readOnlyProfileOpensReadOnly()
    {
        WindowFixture f;
        {
            // A history with one alert, made by an engine that has closed again.
            MemorySecretStore secrets;
            Engine::Options o;
            o.profileDir = f.dir.path();
            o.secrets = &secrets;
            QString error;
            auto engine = Engine::open(o, &error);
            QVERIFY2(engine, qPrintable(error));
            Alert a;
            a.type = AlertType::Risk;
            a.priority = Priority::High;
            a.title = QStringLiteral("kept from before");
            FieldError fe;
            QVERIFY2(engine->alertManager().admit(a, &fe), qPrintable(fe.toString()));
        }
        ReadOnlyFolder readOnly;
        if (const QString why = readOnly.make(f.dir.path()); !why.isEmpty())
            QSKIP(qPrintable(QStringLiteral("cannot make a read-only folder here: ") + why));
        QStringList before;
        notPrivate(f.dir.path(), &before);

        QVERIFY(f.start());
        QCOMPARE(f.host->state(), EngineHost::State::ReadOnly);
        QVERIFY2(f.host->readOnlyReason().contains(QStringLiteral("read-only")), qPrintable(f.host->readOnlyReason()));
        QVERIFY(f.window->banner()->isVisible());
        QVERIFY2(f.window->banner()->text().contains(QStringLiteral("cannot be written")),
            qPrintable(f.window->banner()->text()));
        QVERIFY2(f.window->banner()->text().contains(f.dir.path()), qPrintable(f.window->banner()->text()));
        QVERIFY(f.window->windowTitle().contains(QStringLiteral("read-only")));
        QVERIFY(!f.window->channelsPage()->addButton()->isEnabled());
        QTRY_COMPARE(f.window->alertsPage()->model()->rowCount(), 1);
        QStringList after;
        notPrivate(f.dir.path(), &after);
        QCOMPARE(after, before);
    }
};

QTEST_MAIN(TestWindowProfileFiles)
#include "TestWindowProfileFiles.moc"
