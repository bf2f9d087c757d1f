// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "UiText.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "channels/ChannelDialog.h"
#include "channels/ChannelsModel.h"
#include "channels/ChannelsPage.h"

#include "delivery/RetryPolicy.h"

#include <QJsonArray>
#include <QLabel>
#include <QTableView>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The window in German (ui.language de), as a German trader reads it: the core's messages in
// German too, one word per thing, numbers as German writes them wherever they show.
class TestGermanWindow final : public QObject {
    Q_OBJECT

    static QString cell(ChannelsPage* page, const QString& channel, int column)
    {
        const int row = page->model()->rowOf(channel);
        return row < 0 ? QString() : page->model()->index(row, column).data().toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // As the application starts on a profile whose ui.language is de.
        QVERIFY(MainWindow::installTranslations(*QCoreApplication::instance(), QStringLiteral("de"))
                    .startsWith(QLatin1String("de")));
    }

    // The history keeps the core's English; the window words it in German.
    void deliveryErrorsInGerman()
    {
        QCOMPARE(localizedDeliveryError(QStringLiteral("gave up after 4 attempts: HTTP 503: down")),
            QStringLiteral("nach 4 Versuchen aufgegeben: HTTP 503: down"));
        QCOMPARE(localizedDeliveryError(QStringLiteral("gave up after 1 attempt: timeout after 10000 ms")),
            QStringLiteral("nach 1 Versuch aufgegeben: timeout after 10000 ms"));
        QCOMPARE(localizedDeliveryError(QStringLiteral("HTTP 401: invalid token")),
            QStringLiteral("HTTP 401: invalid token"));
        // What the core keeps stays English, for alertdesk-cli and scripts.
        QCOMPARE(gaveUpError(4, QStringLiteral("x")), QStringLiteral("gave up after 4 attempts: x"));
    }

    // A webhook URL left empty: the form says so in German.
    void requiredFieldInGerman()
    {
        const QString error
            = ChannelDialog::check({ QStringLiteral("webhook"), QStringLiteral("desk"), true, {} }, {}).error;
        QCOMPARE(error, QStringLiteral("„URL“ ist erforderlich."));
    }

    // The State column and the Health alert type are two things: two words.
    void stateAndHealthApart()
    {
        const QString state = AlertsModel::tr("State"); // the column's header, as the table names it
        QCOMPARE(state, QStringLiteral("Zustand"));
        QVERIFY2(UiText::type(AlertType::Health) != state, qPrintable(UiText::type(AlertType::Health)));
    }

    // A channel that gives up and one that delivers: the table and the panel say the same
    // thing in German, the success rate with a decimal comma in both.
    void channelsPageInGerman()
    {
        ScriptedHttpServer ok;
        QVERIFY(ok.listen());
        ok.setDefault(ScriptedResponse::ok());
        ScriptedHttpServer down;
        QVERIFY(down.listen());
        down.setDefault(ScriptedResponse::withStatus(503, "upstream unavailable"));
        WindowFixture f;
        QVERIFY(f.start());
        QString error = QStringLiteral("pending");
        f.host->applySettings({ { QStringLiteral("delivery.max_retries"), QStringLiteral("0") } }, f.window.get(),
            [&error](const QString& e) { error = e; });
        QTRY_VERIFY(error != QStringLiteral("pending"));
        QCOMPARE(error, QString());
        QCOMPARE(addWebhook(f, QStringLiteral("desk"), ok.url(QStringLiteral("/in"))), QString());
        QCOMPARE(addWebhook(f, QStringLiteral("relay"), down.url(QStringLiteral("/a"))), QString());
        QVERIFY(sendAlert(f, QStringLiteral("desk")));
        QVERIFY(sendAlert(f, QStringLiteral("relay")));
        QTRY_COMPARE_WITH_TIMEOUT(down.requestCount(), 1, 10000);

        f.window->showPage(MainWindow::ChannelsPageIndex);
        ChannelsPage* page = f.window->channelsPage();
        QTRY_VERIFY2_WITH_TIMEOUT(cell(page, QStringLiteral("relay"), ChannelsModel::LastErrorColumn)
                                      .startsWith(QStringLiteral("nach 1 Versuch aufgegeben: HTTP 503")),
            qPrintable(cell(page, QStringLiteral("relay"), ChannelsModel::LastErrorColumn)), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            cell(page, QStringLiteral("desk"), ChannelsModel::SuccessColumn), QStringLiteral("100,0 %"), 10000);
        QCOMPARE(cell(page, QStringLiteral("relay"), ChannelsModel::SuccessColumn), QStringLiteral("0,0 %"));

        // The panel of each: the same figure, the same error.
        for (const QString& name : { QStringLiteral("desk"), QStringLiteral("relay") }) {
            page->table()->selectRow(page->model()->rowOf(name));
            QTRY_COMPARE(
                page->figureLabel(ChannelsPage::SuccessFigure)->text(), cell(page, name, ChannelsModel::SuccessColumn));
        }
        QVERIFY2(page->lastErrorLabel()->text().startsWith(QStringLiteral("nach 1 Versuch aufgegeben: HTTP 503")),
            qPrintable(page->lastErrorLabel()->text()));
    }
};

QTEST_MAIN(TestGermanWindow)
#include "TestGermanWindow.moc"
