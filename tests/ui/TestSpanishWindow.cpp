// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "ScriptedHttpServer.h"
#include "UiTestSupport.h"
#include "UiText.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "channels/AppriseUrlDialog.h"
#include "channels/ChannelsPage.h"
#include "rules/RuleDialog.h"
#include "rules/ThresholdsPage.h"
#include "settings/SettingsPage.h"

#include "config/Profile.h"

#include <QApplication>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenuBar>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The window in Spanish, chosen from the system locale: this test runs with LANG=es_ES.UTF-8
// (tests/ui/CMakeLists.txt) on a profile whose ui.language is the default, "system".
class TestSpanishWindow final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QLocale::system().name() == QStringLiteral("es_ES"),
            qPrintable(QStringLiteral("the test needs LANG=es_ES.UTF-8, the system locale is %1")
                           .arg(QLocale::system().name())));
        // As the application starts: the language is the profile's setting.
        QTemporaryDir dir;
        QString error;
        const auto profile = Profile::load(dir.path(), &error);
        QVERIFY2(profile, qPrintable(error));
        const QString language = profile->setting(QStringLiteral("ui.language")).toString();
        QCOMPARE(language, QStringLiteral("system"));
        QCOMPARE(MainWindow::installTranslations(*QCoreApplication::instance(), language), QStringLiteral("es_ES"));
    }

    void theWindowSpeaksSpanish()
    {
        WindowFixture f;
        QVERIFY(f.start());
        auto* nav = f.window->findChild<QListWidget*>(QStringLiteral("navigation"));
        QVERIFY(nav);
        QCOMPARE(nav->item(MainWindow::AlertsPageIndex)->text(), QStringLiteral("Alertas"));
        QCOMPARE(nav->item(MainWindow::ChannelsPageIndex)->text(), QStringLiteral("Canales"));
        QCOMPARE(nav->item(MainWindow::ThresholdsPageIndex)->text(), QStringLiteral("Umbrales"));
        QCOMPARE(nav->item(MainWindow::ComposePageIndex)->text(), QStringLiteral("Redactar"));
        QCOMPARE(nav->item(MainWindow::SettingsPageIndex)->text(), QStringLiteral("Ajustes"));
        const QList<QAction*> menus = f.window->menuBar()->actions();
        QVERIFY(menus.size() >= 3);
        QCOMPARE(menus.first()->text(), QStringLiteral("&Archivo"));
        QCOMPARE(menus.last()->text(), QStringLiteral("A&yuda"));
        AlertsPage* alerts = f.window->alertsPage();
        QCOMPARE(alerts->acknowledgeButton()->text(), QStringLiteral("&Confirmar…"));
        QCOMPARE(alerts->snoozeButton()->text(), QStringLiteral("&Posponer"));
        QCOMPARE(alerts->resolveButton()->text(), QStringLiteral("&Resolver"));

        // An alert in the table: its state and its deliveries in Spanish.
        ScriptedHttpServer server;
        QVERIFY(server.listen());
        QCOMPARE(saveChannel(f, { QStringLiteral("hook"), QStringLiteral("webhook"), true, {}, {} },
                     { { QStringLiteral("url"), server.url() } }),
            QString());
        QString error;
        const QString id = submitAlert(f,
            { { QStringLiteral("type"), QStringLiteral("PRICE") },
                { QStringLiteral("priority"), QStringLiteral("HIGH") },
                { QStringLiteral("title"), QStringLiteral("BTC por encima de 70.000") } },
            &error);
        QVERIFY2(!id.isEmpty(), qPrintable(error));
        QTRY_COMPARE_WITH_TIMEOUT(alerts->model()->rowCount(), 1, 10000);
        const QModelIndex row = alerts->model()->index(0, AlertsModel::StateColumn);
        QCOMPARE(alerts->model()->data(row).toString(), QStringLiteral("Abierta"));
        QCOMPARE(
            alerts->model()->data(row.siblingAtColumn(AlertsModel::TypeColumn)).toString(), QStringLiteral("Precio"));
        QTRY_COMPARE_WITH_TIMEOUT(alerts->model()->data(row.siblingAtColumn(AlertsModel::DeliveriesColumn)).toString(),
            QStringLiteral("1/1 entregadas"), 10000);

        // Settings: the language list names each language in its own words.
        SettingsPage* settings = f.window->settingsPage();
        QSignalSpy stored(settings, &SettingsPage::stored);
        f.window->showPage(MainWindow::SettingsPageIndex);
        QVERIFY(stored.wait(10000));
        settings->showSection(SettingsPage::WindowSection);
        auto* language = qobject_cast<QComboBox*>(settings->editor(QStringLiteral("ui.language")));
        QVERIFY(language);
        QCOMPARE(language->itemText(language->findData(QStringLiteral("es"))), QStringLiteral("Español"));
        QCOMPARE(language->itemText(language->findData(QStringLiteral("de"))), QStringLiteral("Deutsch"));
        QCOMPARE(language->currentText(), QStringLiteral("Idioma del sistema (español de España)"));
        QCOMPARE(settings->applyButton()->text(), QStringLiteral("A&plicar"));

        // A value the core refuses: why, in Spanish.
        settings->showSection(SettingsPage::NetworkSection);
        auto* proxy = qobject_cast<QLineEdit*>(settings->editor(QStringLiteral("network.proxy")));
        QVERIFY(proxy);
        proxy->setText(QStringLiteral("ftp://proxy.example.com:21"));
        QVERIFY(settings->applyButton()->isEnabled());
        QTest::mouseClick(settings->applyButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(settings->statusLabel()->text(),
            QStringLiteral("No se aplicó: network.proxy debe ser system, none o "
                           "http://[usuario[:contraseña]@]host:puerto"),
            10000);
    }

    // What the core's checks say comes in Spanish too: a rule's durations in the rule dialog,
    // an Apprise URL, its mailboxes and its channel name in the Apprise URL dialog.
    void theCoresChecksSpeakSpanish()
    {
        WindowFixture f;
        QVERIFY(f.start());
        f.window->showPage(MainWindow::ThresholdsPageIndex);
        ThresholdsPage* rules = f.window->thresholdsPage();
        QTRY_VERIFY_WITH_TIMEOUT(rules->isLoaded(), 10000);
        rules->openAddRule();
        QPointer<RuleDialog> rule = rules->findChild<RuleDialog*>();
        QVERIFY(rule);
        QTest::keyClicks(rule->nameEdit(), QStringLiteral("btc-100k"));
        QTest::keyClicks(rule->metricEdit(), QStringLiteral("BTCUSDT.price"));
        QTest::keyClicks(rule->valueEdit(), QStringLiteral("100000"));
        QVERIFY2(rule->saveButton()->isEnabled(), qPrintable(rule->messageLabel()->text()));
        QTest::keyClicks(rule->cooldownEdit(), QStringLiteral("5x"));
        QCOMPARE(rule->messageLabel()->text(),
            QStringLiteral("«Enfriamiento» '5x' no es una duración; use un número con unidad (ms, s, m, h, d, w), "
                           "p. ej. 30s, 5m, 1h30m."));
        QVERIFY(!rule->saveButton()->isEnabled());
        rule->cooldownEdit()->clear();
        rule->frequencyCombo()->setCurrentIndex(rule->frequencyCombo()->findData(QStringLiteral("once-per")));
        QCOMPARE(rule->messageLabel()->text(),
            QStringLiteral("«Frecuencia» once-per: está en blanco; indique una duración como 30s, 5m, 1h o 1d."));
        QTest::keyClicks(rule->intervalEdit(), QStringLiteral("5x"));
        QCOMPARE(rule->messageLabel()->text(),
            QStringLiteral("«Frecuencia» once-per: '5x' no es una duración; use un número con unidad (ms, s, m, h, "
                           "d, w), p. ej. 30s, 5m, 1h30m."));
        QVERIFY(!rule->saveButton()->isEnabled());
        rule->reject();

        f.window->showPage(MainWindow::ChannelsPageIndex);
        QPointer<AppriseUrlDialog> url = f.window->channelsPage()->openAddFromUrl();
        QVERIFY(url);
        const auto add = [&url](const QString& text, const QString& name = QString()) {
            url->urlEdit()->setText(text);
            url->nameEdit()->setText(name);
            QTest::mouseClick(url->addButton(), Qt::LeftButton);
            if (!waitUntil([&url] { return url->addButton()->isEnabled(); }, 10000))
                return QStringLiteral("(no answer)");
            return url->messageLabel()->text();
        };
        QCOMPARE(add(QStringLiteral("nope://secret@example.com")),
            QStringLiteral("No se añadió: esquema de URL no admitido 'nope://' (admitidos: tgram, discord, slack, "
                           "mailto, mailtos, json, jsons, pagerduty, ntfy, ntfys, pover)"));
        QCOMPARE(add(QStringLiteral("tgram://123:secretTok")),
            QStringLiteral("No se añadió: tgram:// URL: falta el id de chat (tgram://BOT_TOKEN/CHAT_ID; AlertDesk no "
                           "deduce el chat de las actualizaciones del bot)"));
        // The channel checks' messages, in the URL's words.
        QCOMPARE(add(QStringLiteral("tgram://123:secretTok/not%20a%20chat")),
            QStringLiteral("No se añadió: tgram:// URL: «ids de chat»: 'not a chat' no es un id de chat (un número "
                           "como -1001234567890, o @nombredelcanal)"));
        QCOMPARE(add(QStringLiteral("mailto://u:secretpw@mail.example.com?to=nobody&from=a@example.com")),
            QStringLiteral("No se añadió: mailto:// URL: to= 'nobody' no tiene @"));
        QCOMPARE(add(QStringLiteral("tgram://123:secretTok/5"), QStringLiteral("mi canal")),
            QStringLiteral("No se añadió: el nombre de canal 'mi canal' no es válido: use de 1 a 64 letras, dígitos, "
                           "'_', '.' o '-', empezando por una letra o un dígito"));
        url->reject();
    }

    // Spanish has one singular and one plural; zero takes the plural.
    void pluralsFollowSpanish()
    {
        const auto tray = [](int n) {
            return QCoreApplication::translate("alertdesk::TrayIcon", "AlertDesk — %n open alert(s)", nullptr, n);
        };
        QCOMPARE(tray(1), QStringLiteral("AlertDesk — 1 alerta abierta"));
        QCOMPARE(tray(2), QStringLiteral("AlertDesk — 2 alertas abiertas"));
        QCOMPARE(tray(0), QStringLiteral("AlertDesk — 0 alertas abiertas"));
        QCOMPARE(UiText::deliveries(3, 1, 1, 0), QStringLiteral("1/3 entregadas, 1 fallida, 1 en cola"));
        QCOMPARE(UiText::deliveries(5, 1, 2, 0), QStringLiteral("1/5 entregadas, 2 fallidas, 2 en cola"));
    }

    // Qt's own dialog buttons come from qtbase_es (qt6-translations-l10n).
    void qtDialogsSpeakSpanish()
    {
        QDialogButtonBox box(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
        QCOMPARE(box.button(QDialogButtonBox::Cancel)->text(), QStringLiteral("Cancelar"));
        QCOMPARE(box.button(QDialogButtonBox::Ok)->text(), QStringLiteral("Aceptar"));
    }

    // Dates, times and numbers as Spain writes them.
    void datesAndNumbersFollowTheLocale()
    {
        const QDateTime t(QDate(2026, 12, 28), QTime(9, 4, 5));
        QCOMPARE(UiText::time(t), QStringLiteral("28/12/26 9:04:05"));
        QCOMPARE(UiText::shortTime(t.toMSecsSinceEpoch()), QStringLiteral("28/12/26 9:04"));
        const QDateTime today(QDate::currentDate(), QTime(9, 4, 5));
        QCOMPARE(UiText::shortTime(today.toMSecsSinceEpoch()), QStringLiteral("9:04:05"));
        QCOMPARE(UiText::dateTimeFormat(false, true), QStringLiteral("d/M/yyyy H:mm"));
        QCOMPARE(UiText::latency(2500), QStringLiteral("2,5 s"));
        QCOMPARE(UiText::latency(40), QStringLiteral("40 ms"));
    }
};

QTEST_MAIN(TestSpanishWindow)
#include "TestSpanishWindow.moc"
