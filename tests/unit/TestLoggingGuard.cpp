// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "util/Logging.h"

#include <QLoggingCategory>
#include <QTest>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using namespace alertdesk;

// guardQtNetworkLogging() is first called by whichever thread opens an engine (the window's
// engine thread) while other threads register logging categories. ThreadSanitizer found the
// previous filter written outside Qt's lock and read under it (scripts/sanitize.sh --tsan
// runs this test): the guard must install safely from any thread and keep the logging rules.
class TestLoggingGuard final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void installedFromAnotherThreadWhileCategoriesRegister()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("*.debug=true"));
        QLoggingCategory before("alertdesk.test.before");
        QVERIFY(before.isDebugEnabled());

        std::atomic<bool> done { false };
        std::thread installer([&done] {
            guardQtNetworkLogging();
            // Relaxed: the flag must not order the two threads, or TSan would see no race.
            done.store(true, std::memory_order_relaxed);
        });
        // Categories registered on this thread meanwhile: each runs the installed filter.
        std::vector<std::unique_ptr<QLoggingCategory>> made;
        for (int i = 0; !done.load(std::memory_order_relaxed) || i < 50; ++i) {
            made.push_back(std::make_unique<QLoggingCategory>("alertdesk.test.during"));
            made.push_back(std::make_unique<QLoggingCategory>("qt.network.test.during"));
            if (i > 100000)
                break;
        }
        installer.join();

        // The rules still apply to every other category, before the guard or after it...
        QVERIFY(before.isDebugEnabled());
        QLoggingCategory after("alertdesk.test.after");
        QVERIFY(after.isDebugEnabled());
        // ...and Qt's network categories print no debug or info, "*.debug=true" or not.
        QLoggingCategory network("qt.network.test.after");
        QVERIFY(!network.isDebugEnabled());
        QVERIFY(!network.isInfoEnabled());
        QVERIFY(network.isWarningEnabled());
        QVERIFY(!made.back()->isDebugEnabled());
        QVERIFY(made[made.size() - 2]->isDebugEnabled());
    }
};

QTEST_GUILESS_MAIN(TestLoggingGuard)
#include "TestLoggingGuard.moc"
