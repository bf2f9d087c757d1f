// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "CliRunner.h"
#include "TestProfile.h"
#include "app/SingleInstance.h"

#include <QDir>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <future>

using namespace alertdesk;
using namespace alertdesk::test;

// One AlertDesk per profile: the first start listens, a second start of the same profile hands
// over to it (the first raises its window) and ends with 0; other profiles are independent.
class TestSingleInstance final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void serverNameIsOnePerFolder()
    {
        QTemporaryDir a, b;
        const QString name = SingleInstance::serverName(a.path());
        QVERIFY(name.startsWith(QStringLiteral("alertdesk-")));
        QCOMPARE(name.size(), 10 + 16);
        QCOMPARE(SingleInstance::serverName(a.path() + QStringLiteral("/")), name);
        QVERIFY(QDir(a.path()).mkdir(QStringLiteral("sub")));
        QCOMPARE(SingleInstance::serverName(a.path() + QStringLiteral("/sub/..")), name);
        QVERIFY(SingleInstance::serverName(b.path()) != name);
        // A folder that does not exist yet (a first start) has a name too, the same each time.
        const QString missing = a.path() + QStringLiteral("/new-profile");
        QCOMPARE(SingleInstance::serverName(missing), SingleInstance::serverName(missing + QStringLiteral("/./")));
    }

    void secondStartHandsOverToTheFirst()
    {
        QTemporaryDir dir;
        SingleInstance first(dir.path());
        QSignalSpy asked(&first, &SingleInstance::activationRequested);
        QCOMPARE(first.start({}), SingleInstance::Role::Primary);

        // The second start blocks until the first answers, as before a window exists: run it
        // beside this thread's event loop, which the first needs to answer.
        auto second = std::async(std::launch::async, [path = dir.path()] {
            SingleInstance s(path);
            QString error;
            const SingleInstance::Role r
                = s.start({ QStringLiteral("--page"), QStringLiteral("channels") }, 10000, &error);
            return std::make_pair(r, error);
        });
        QTRY_COMPARE_WITH_TIMEOUT(asked.count(), 1, 10000);
        QCOMPARE(asked.first().first().toStringList(),
            (QStringList { QStringLiteral("--page"), QStringLiteral("channels") }));
        QVERIFY(waitUntil(
            [&second] { return second.wait_for(std::chrono::seconds(0)) == std::future_status::ready; }, 10000));
        const auto [role, error] = second.get();
        QCOMPARE(role, SingleInstance::Role::HandedOff);
        QVERIFY2(error.isEmpty(), qPrintable(error));

        // Another profile is a primary of its own.
        QTemporaryDir other;
        SingleInstance third(other.path());
        QCOMPARE(third.start({}), SingleInstance::Role::Primary);
    }

    void afterTheFirstEndsTheNextStartIsTheFirst()
    {
        QTemporaryDir dir;
        {
            SingleInstance first(dir.path());
            QCOMPARE(first.start({}), SingleInstance::Role::Primary);
        }
        SingleInstance next(dir.path());
        QCOMPARE(next.start({}, 2000), SingleInstance::Role::Primary);
    }

    // The real app twice on one profile: the second raises the first's window and exits 0.
    void twoProcesses()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY") || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs an X server and the Secret Service: run inside scripts/with-test-services.sh");
        QTemporaryDir dir;
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        // Started minimized (there is no tray on Xvfb): the raise is then plain to see in the log.
        const CliResult set = cli.run({ QStringLiteral("settings"), QStringLiteral("set"),
            QStringLiteral("ui.start_minimized"), QStringLiteral("true") });
        QVERIFY2(set.exitedWith(0), qPrintable(set.describe()));

        const QStringList args { QStringLiteral("--profile"), dir.path() };
        CliProcess first(QStringLiteral(ALERTDESK_GUI_PATH), args, QProcessEnvironment::systemEnvironment());
        QVERIFY(first.start());
        QVERIFY2(first.waitForStderr("started minimized", 20000), first.err().constData());

        CliProcess second(QStringLiteral(ALERTDESK_GUI_PATH), args, QProcessEnvironment::systemEnvironment());
        QVERIFY(second.start());
        QVERIFY2(second.waitForFinished(20000), second.err().constData());
        const CliResult r = second.result();
        QVERIFY2(r.exitedWith(0), qPrintable(r.describe()));
        QVERIFY(r.err.contains("already runs for this profile"));
        QVERIFY2(
            first.waitForStderr("another start of this profile asked for the window", 10000), first.err().constData());
        QVERIFY(first.isRunning());

        // Another profile starts a window of its own, which stays.
        QTemporaryDir otherDir;
        CliProcess other(QStringLiteral(ALERTDESK_GUI_PATH), { QStringLiteral("--profile"), otherDir.path() },
            QProcessEnvironment::systemEnvironment());
        QVERIFY(other.start());
        QVERIFY(!other.waitForFinished(1500)); // a deadline on a process that must not end
        QVERIFY(other.isRunning());
        other.terminate();
        QVERIFY(other.waitForFinished(10000));
        first.terminate();
        QVERIFY(first.waitForFinished(10000));
    }

    // An alertdesk://alert/ID link: handed to the running window, which opens that alert; a
    // link that is not one is refused with exit 2 before anything starts.
    void linkOpensTheAlertInTheRunningWindow()
    {
        if (qEnvironmentVariableIsEmpty("DISPLAY") || qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
            QSKIP("needs an X server and the Secret Service: run inside scripts/with-test-services.sh");
        QTemporaryDir dir;
        CliRunner cli(QStringLiteral(ALERTDESK_CLI_PATH), dir.path());
        const CliResult sent = cli.run(
            { QStringLiteral("send"), QStringLiteral("--type"), QStringLiteral("RISK"), QStringLiteral("--priority"),
                QStringLiteral("HIGH"), QStringLiteral("--title"), QStringLiteral("Margin call") });
        QVERIFY2(sent.exitedWith(0), qPrintable(sent.describe()));
        const QString id = sent.json().object().value(QStringLiteral("alert_id")).toString();
        QVERIFY(!id.isEmpty());

        const QStringList args { QStringLiteral("--profile"), dir.path() };
        CliProcess bad(QStringLiteral(ALERTDESK_GUI_PATH),
            args + QStringList { QStringLiteral("https://example.invalid/x") },
            QProcessEnvironment::systemEnvironment());
        QVERIFY(bad.start());
        QVERIFY(bad.waitForFinished(20000));
        QVERIFY2(bad.result().exitedWith(2) && bad.err().contains("not an alertdesk://alert/ID link"),
            bad.err().constData());

        CliProcess first(QStringLiteral(ALERTDESK_GUI_PATH), args, QProcessEnvironment::systemEnvironment());
        QVERIFY(first.start());
        QVERIFY2(first.waitForStderr("ingest API listening", 20000), first.err().constData());
        CliProcess second(QStringLiteral(ALERTDESK_GUI_PATH),
            args + QStringList { QStringLiteral("alertdesk://alert/") + id }, QProcessEnvironment::systemEnvironment());
        QVERIFY(second.start());
        QVERIFY2(second.waitForFinished(20000), second.err().constData());
        QVERIFY2(second.result().exitedWith(0), qPrintable(second.result().describe()));
        QVERIFY2(first.waitForStderr("opened the alert of a link: \"" + id.toUtf8(), 10000), first.err().constData());
        first.terminate();
        QVERIFY(first.waitForFinished(10000));
    }
};

QTEST_MAIN(TestSingleInstance)
#include "TestSingleInstance.moc"
