// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiTestSupport.h"
#include "rules/RuleDialog.h"
#include "rules/ThresholdsPage.h"

#include "engine/RuleService.h"
#include "rules/RuleStore.h"
#include "storage/AlertStore.h"
#include "util/Clock.h"

#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QTableWidget>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// The Thresholds page on a real engine thread: rules added, edited, disabled and deleted through
// the dialog and the buttons land in the rule table and in the running RuleService at once; the
// dialog says what is wrong with the CLI's words; the test panel's verdicts touch nothing.
class TestThresholdsPage final : public QObject {
    Q_OBJECT

    struct Stored {
        std::optional<Rule> store; // the rules table
        std::optional<Rule> engine; // the running RuleService
    };
    static Stored stored(WindowFixture& f, const QString& name)
    {
        Stored s;
        f.onEngine([&s, name](Engine& e) {
            s.store = RuleStore(e.database()).get(name);
            s.engine = e.rules().rule(name);
        });
        return s;
    }

    static ThresholdsPage* openPage(WindowFixture& f)
    {
        f.window->showPage(MainWindow::ThresholdsPageIndex);
        ThresholdsPage* page = f.window->thresholdsPage();
        if (!waitUntil([page] { return page->isLoaded(); }, 10000))
            return nullptr;
        return page;
    }

    static RuleDialog* waitForDialog(QWidget* parent)
    {
        RuleDialog* d = nullptr;
        waitUntil(
            [&] {
                d = parent->findChild<RuleDialog*>();
                return d && d->isVisible();
            },
            10000);
        return d;
    }

    static void setCondition(RuleDialog* d, const char* name)
    {
        d->conditionCombo()->setFocus();
        d->conditionCombo()->setCurrentIndex(d->conditionCombo()->findData(QString::fromLatin1(name)));
    }

    static void retype(QLineEdit* edit, const QString& text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }

    static int rowOf(ThresholdsPage* page, const QString& name)
    {
        for (int r = 0; r < page->table()->rowCount(); ++r) {
            if (page->table()->item(r, ThresholdsPage::NameColumn)->text() == name)
                return r;
        }
        return -1;
    }

private Q_SLOTS:
    void addEditDisableDeleteThroughTheWidgets()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        ThresholdsPage* page = openPage(f);
        QVERIFY(page);
        QVERIFY(page->rules().isEmpty());
        QTRY_COMPARE(page->channels(), QStringList { QStringLiteral("desk") });

        // Add: the dialog, typed into, Save.
        QTest::mouseClick(page->addButton(), Qt::LeftButton);
        QPointer<RuleDialog> d = waitForDialog(page);
        QVERIFY(d);
        QVERIFY(!d->saveButton()->isEnabled());
        QTest::keyClicks(d->nameEdit(), QStringLiteral("btc-100k"));
        QTest::keyClicks(d->metricEdit(), QStringLiteral("BTCUSDT.price"));
        setCondition(d, "crossing-up");
        QVERIFY(d->value2Edit()->isHidden());
        QVERIFY(d->windowEdit()->isHidden());
        QTest::keyClicks(d->valueEdit(), QStringLiteral("100000"));
        QCOMPARE(d->channelList()->count(), 1);
        d->channelList()->item(0)->setCheckState(Qt::Checked);
        QVERIFY2(d->saveButton()->isEnabled(), qPrintable(d->messageLabel()->text()));
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(!d);

        Stored s = stored(f, QStringLiteral("btc-100k"));
        QVERIFY(s.store && s.engine);
        QCOMPARE(s.store->condition, RuleCondition::CrossingUp);
        QCOMPARE(s.store->value, 100000.0);
        QCOMPARE(s.store->channels, QStringList { QStringLiteral("desk") });
        QCOMPARE(s.store->frequency, RuleFrequency::Every); // an edge's default, as on the command line
        QCOMPARE(s.engine->revision, s.store->revision);
        QTRY_COMPARE(page->table()->rowCount(), 1);
        QCOMPARE(page->table()->item(0, ThresholdsPage::ConditionColumn)->text(), QStringLiteral("crossing up 100000"));
        QCOMPARE(page->table()->item(0, ThresholdsPage::LastColumn)->text(), QStringLiteral("never"));
        QCOMPARE(page->selectedRule(), QStringLiteral("btc-100k"));
        const qint64 created = s.store->createdAtMs;

        // Edit: a new threshold and a cooldown.
        QTest::mouseClick(page->editButton(), Qt::LeftButton);
        d = waitForDialog(page);
        QVERIFY(d);
        QVERIFY(d->nameEdit()->isReadOnly());
        QCOMPARE(d->valueEdit()->text(), QStringLiteral("100000"));
        retype(d->valueEdit(), QStringLiteral("105000"));
        QTest::keyClicks(d->cooldownEdit(), QStringLiteral("5m"));
        QVERIFY2(d->saveButton()->isEnabled(), qPrintable(d->messageLabel()->text()));
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(!d);
        s = stored(f, QStringLiteral("btc-100k"));
        QVERIFY(s.store && s.engine);
        QCOMPARE(s.store->value, 105000.0);
        QCOMPARE(s.store->cooldownMs, qint64(5 * 60 * 1000));
        QCOMPARE(s.store->createdAtMs, created);
        QCOMPARE(s.engine->value, 105000.0);
        QCOMPARE(s.engine->revision, s.store->revision);
        QTRY_COMPARE(
            page->table()->item(0, ThresholdsPage::ConditionColumn)->text(), QStringLiteral("crossing up 105000"));

        // The running engine has the edit: a crossing of the new threshold fires, and the page shows it.
        int alerts = -1;
        f.onEngine([&alerts](Engine& e) {
            const qint64 now = e.clock().nowMs();
            e.rules().submitSample(QStringLiteral("BTCUSDT.price"), 104000, now - 2000);
            alerts = static_cast<int>(
                e.rules().submitSample(QStringLiteral("BTCUSDT.price"), 105500, now - 1000).alerts.size());
        });
        QCOMPARE(alerts, 1);
        QTRY_VERIFY(page->table()->item(0, ThresholdsPage::LastColumn)->text().contains(QStringLiteral("1 time")));

        // Disable, then enable again, with the button.
        QCOMPARE(page->toggleButton()->text(), QStringLiteral("Disa&ble"));
        QTest::mouseClick(page->toggleButton(), Qt::LeftButton);
        QTRY_VERIFY(stored(f, QStringLiteral("btc-100k")).engine->enabled == false);
        QVERIFY(!stored(f, QStringLiteral("btc-100k")).store->enabled);
        QTRY_COMPARE(page->table()->item(0, ThresholdsPage::EnabledColumn)->checkState(), Qt::Unchecked);
        QCOMPARE(page->toggleButton()->text(), QStringLiteral("Ena&ble"));
        // The Enabled cell's check box does the same.
        page->table()->item(0, ThresholdsPage::EnabledColumn)->setCheckState(Qt::Checked);
        QTRY_VERIFY(stored(f, QStringLiteral("btc-100k")).engine->enabled);
        QVERIFY(stored(f, QStringLiteral("btc-100k")).store->enabled);

        // Delete: asks first; Cancel keeps the rule, Delete removes it from the store and the engine.
        QTest::mouseClick(page->deleteButton(), Qt::LeftButton);
        QMessageBox* box = nullptr;
        QVERIFY(waitUntil([&] { return (box = page->findChild<QMessageBox*>()) && box->isVisible(); }, 10000));
        QTest::mouseClick(box->button(QMessageBox::Cancel), Qt::LeftButton);
        QTRY_VERIFY(!page->findChild<QMessageBox*>() || !page->findChild<QMessageBox*>()->isVisible());
        QVERIFY(stored(f, QStringLiteral("btc-100k")).store);
        QTest::mouseClick(page->deleteButton(), Qt::LeftButton);
        QVERIFY(waitUntil(
            [&] {
                const auto boxes = page->findChildren<QMessageBox*>();
                box = boxes.isEmpty() ? nullptr : boxes.last();
                return box && box->isVisible();
            },
            10000));
        QTest::mouseClick(box->button(QMessageBox::Yes), Qt::LeftButton);
        QTRY_COMPARE(page->table()->rowCount(), 0);
        s = stored(f, QStringLiteral("btc-100k"));
        QVERIFY(!s.store);
        QVERIFY(!s.engine);
    }

    void badInputNamesTheFieldAndSavesNothing_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("condition");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("value2");
        QTest::addColumn<QString>("window");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("field");
        // The check's message in the form's words: its labels, not the command line's options.
        QTest::newRow("value not a number") << "r1"
                                            << "above"
                                            << "abc"
                                            << ""
                                            << ""
                                            << "“Threshold” must be a number, not 'abc'."
                                            << "value";
        QTest::newRow("range upside down") << "r2"
                                           << "enter-range"
                                           << "10"
                                           << "5"
                                           << ""
                                           << "“Upper bound” must be greater than “Lower bound”."
                                           << "value2";
        QTest::newRow("range without upper bound") << "r3"
                                                   << "leave-range"
                                                   << "10"
                                                   << ""
                                                   << ""
                                                   << "“Upper bound” is required by leave-range"
                                                   << "value2";
        QTest::newRow("move without window") << "r4"
                                             << "moved-up"
                                             << "5"
                                             << ""
                                             << ""
                                             << "“Window” is required by moved-up"
                                             << "window";
        QTest::newRow("window not a duration") << "r5"
                                               << "moved-down"
                                               << "5"
                                               << ""
                                               << "soon"
                                               << "“Window” "
                                               << "window";
        QTest::newRow("bad name") << "bad name"
                                  << "above"
                                  << "1"
                                  << ""
                                  << ""
                                  << "“Name”: 'bad name' is not a valid rule name"
                                  << "name";
    }

    void badInputNamesTheFieldAndSavesNothing()
    {
        QFETCH(QString, name);
        QFETCH(QString, condition);
        QFETCH(QString, value);
        QFETCH(QString, value2);
        QFETCH(QString, window);
        QFETCH(QString, expected);
        QFETCH(QString, field);
        WindowFixture f;
        QVERIFY(f.start());
        ThresholdsPage* page = openPage(f);
        QVERIFY(page);
        page->openAddRule();
        QPointer<RuleDialog> d = waitForDialog(page);
        QVERIFY(d);
        QTest::keyClicks(d->nameEdit(), name);
        QTest::keyClicks(d->metricEdit(), QStringLiteral("ETHUSDT.price"));
        setCondition(d, condition.toLatin1().constData());
        const auto c = *ruleConditionFromString(condition);
        QCOMPARE(d->value2Edit()->isVisible(), isRangeCondition(c));
        QCOMPARE(d->windowEdit()->isVisible(), isMoveCondition(c));
        QTest::keyClicks(d->valueEdit(), value);
        if (!value2.isEmpty())
            QTest::keyClicks(d->value2Edit(), value2);
        if (!window.isEmpty())
            QTest::keyClicks(d->windowEdit(), window);
        QVERIFY2(d->messageLabel()->text().startsWith(expected), qPrintable(d->messageLabel()->text()));
        QVERIFY(!d->saveButton()->isEnabled());
        QWidget* marked = field == QLatin1String("value") ? static_cast<QWidget*>(d->valueEdit())
            : field == QLatin1String("value2")            ? d->value2Edit()
            : field == QLatin1String("window")            ? d->windowEdit()
                                                          : d->nameEdit();
        QVERIFY(marked->property("invalid").toBool());
        // Return in the form (the default button) does not get around it either.
        QTest::keyClick(d->valueEdit(), Qt::Key_Return);
        QVERIFY(d && d->isVisible());
        QVERIFY(!stored(f, name).store);
        QVERIFY(!stored(f, name).engine);
        d->reject();
        QTRY_VERIFY(!d);
        QVERIFY(page->rules().isEmpty());
    }

    // A threshold as the locale writes it, with or without group separators, is the number.
    void numbersAsTheLocaleWritesThem_data()
    {
        QTest::addColumn<QString>("locale");
        QTest::addColumn<QString>("typed");
        QTest::addColumn<double>("expected");
        QTest::newRow("en grouped") << "en_US"
                                    << "100,000" << 100000.0;
        QTest::newRow("en plain") << "en_US"
                                  << "100000.5" << 100000.5;
        QTest::newRow("de grouped") << "de_DE"
                                    << "100.000" << 100000.0;
        QTest::newRow("de decimal comma") << "de_DE"
                                          << "1.234,5" << 1234.5;
        QTest::newRow("de as the command line writes it") << "de_DE"
                                                          << "0.25" << 0.25;
    }

    void numbersAsTheLocaleWritesThem()
    {
        QFETCH(QString, locale);
        QFETCH(QString, typed);
        QFETCH(double, expected);
        const QLocale before;
        QLocale::setDefault(QLocale(locale));
        const auto restore = qScopeGuard([before] { QLocale::setDefault(before); });
        WindowFixture f;
        QVERIFY(f.start());
        ThresholdsPage* page = openPage(f);
        QVERIFY(page);
        page->openAddRule();
        QPointer<RuleDialog> d = waitForDialog(page);
        QVERIFY(d);
        QTest::keyClicks(d->nameEdit(), QStringLiteral("n1"));
        QTest::keyClicks(d->metricEdit(), QStringLiteral("BTCUSDT.price"));
        setCondition(d, "above");
        QTest::keyClicks(d->valueEdit(), typed);
        QVERIFY2(d->saveButton()->isEnabled(), qPrintable(d->messageLabel()->text()));
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(!d);
        const Stored s = stored(f, QStringLiteral("n1"));
        QVERIFY(s.store);
        QCOMPARE(s.store->value, expected);
    }

    void testPanelVerdicts_data()
    {
        QTest::addColumn<QString>("condition");
        QTest::addColumn<double>("threshold");
        QTest::addColumn<QString>("window");
        QTest::addColumn<QString>("previous");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("verdict");
        QTest::addColumn<QString>("title");
        QTest::newRow("above, over") << "above" << 100.0 << ""
                                     << ""
                                     << "101"
                                     << "Would fire"
                                     << "Title: SOLUSDT.price above 100";
        QTest::newRow("above, at the threshold") << "above" << 100.0 << ""
                                                 << ""
                                                 << "100"
                                                 << "Would not fire"
                                                 << "";
        QTest::newRow("above, not a number") << "above" << 100.0 << ""
                                             << ""
                                             << "1o1"
                                             << "Not a number"
                                             << "";
        QTest::newRow("crossing, up through") << "crossing" << 100.0 << ""
                                              << "99"
                                              << "101"
                                              << "Would fire"
                                              << "Title: SOLUSDT.price crossed 100";
        QTest::newRow("crossing, down through") << "crossing" << 100.0 << ""
                                                << "101"
                                                << "99.5"
                                                << "Would fire"
                                                << "Title: SOLUSDT.price crossed 100";
        QTest::newRow("crossing, stays above") << "crossing" << 100.0 << ""
                                               << "101"
                                               << "102"
                                               << "Would not fire"
                                               << "";
        QTest::newRow("crossing, no previous value") << "crossing" << 100.0 << ""
                                                     << ""
                                                     << "101"
                                                     << "More input needed"
                                                     << "";
        QTest::newRow("moved-up, 6% over the low") << "moved-up" << 5.0 << "1h"
                                                   << "100, 102"
                                                   << "106"
                                                   << "Would fire"
                                                   << "Title: SOLUSDT.price moved up 5% within 1h";
        QTest::newRow("moved-up, 4% only") << "moved-up" << 5.0 << "1h"
                                           << "100 102"
                                           << "104"
                                           << "Would not fire"
                                           << "";
    }

    void testPanelVerdicts()
    {
        QFETCH(QString, condition);
        QFETCH(double, threshold);
        QFETCH(QString, window);
        QFETCH(QString, previous);
        QFETCH(QString, value);
        QFETCH(QString, verdict);
        QFETCH(QString, title);
        WindowFixture f;
        QVERIFY(f.start());
        Rule r;
        r.name = QStringLiteral("sol");
        r.metric = QStringLiteral("SOLUSDT.price");
        r.condition = *ruleConditionFromString(condition);
        r.value = threshold;
        r.frequency = RuleFrequency::Once;
        if (!window.isEmpty())
            r.windowMs = 60 * 60 * 1000;
        std::optional<FieldError> error;
        QVERIFY(f.onEngine([&](Engine& e) { error = e.rules().addRule(r); }));
        QVERIFY2(!error, qPrintable(error ? error->toString() : QString()));
        ThresholdsPage* page = openPage(f);
        QVERIFY(page);
        QTRY_COMPARE(page->table()->rowCount(), 1);
        page->table()->selectRow(0);
        QCOMPARE(page->testPreviousEdit()->isVisible(),
            !r.hasValue2() && (isEdgeCondition(r.condition) || isMoveCondition(r.condition)));
        QTest::keyClicks(page->testPreviousEdit(), previous);
        QTest::keyClicks(page->testValueEdit(), value);
        QCOMPARE(page->testVerdict()->text(), verdict);
        QCOMPARE(page->testTitle()->isVisible() ? page->testTitle()->text() : QString(), title);
        if (!title.isEmpty())
            QVERIFY(page->testMessage()->text().startsWith(QStringLiteral("Message: SOLUSDT.price is ") + value));

        // Nothing fired for real and the rule's state is as it was.
        const Stored s = stored(f, QStringLiteral("sol"));
        QVERIFY(s.store && s.engine);
        QCOMPARE(s.engine->state.firedCount, qint64(0));
        QVERIFY(!s.engine->state.hasLastValue());
        QVERIFY(!s.store->state.hasLastValue());
        int alerts = -1;
        f.onEngine([&alerts](Engine& e) { alerts = static_cast<int>(e.alerts().recent(10).size()); });
        QCOMPARE(alerts, 0);
    }
};

QTEST_MAIN(TestThresholdsPage)
#include "TestThresholdsPage.moc"
