// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiTestSupport.h"
#include "compose/ComposePage.h"
#include "compose/TemplateEditorDialog.h"

#include "config/Profile.h"
#include "policy/PolicyConfig.h"

#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QTest>
#include <QTextBrowser>

using namespace alertdesk;
using namespace alertdesk::test;

// The template editor, opened from Compose: a live preview against a sample alert, an error's
// place marked with the preview falling back to the default text, and Save through the profile
// as `alertdesk-cli policies set` does.
class TestTemplateEditor final : public QObject {
    Q_OBJECT

    static void retype(QPlainTextEdit* edit, const QString& text)
    {
        edit->setFocus();
        edit->selectAll();
        QTest::keyClick(edit, Qt::Key_Backspace);
        QTest::keyClicks(edit, text);
    }

    static TemplateEditorDialog* open(WindowFixture& f)
    {
        f.window->showPage(MainWindow::ComposePageIndex);
        ComposePage* compose = f.window->composePage();
        QTest::mouseClick(compose->templatesButton(), Qt::LeftButton);
        TemplateEditorDialog* d = nullptr;
        waitUntil(
            [&] {
                d = compose->findChild<TemplateEditorDialog*>();
                return d && d->isLoaded();
            },
            10000);
        return d;
    }

    static int selectionStart(QPlainTextEdit* edit)
    {
        const auto sel = edit->extraSelections();
        return sel.isEmpty() ? -1 : sel.first().cursor.selectionStart();
    }

    static QList<MessageTemplate> profileTemplates(WindowFixture& f)
    {
        QList<MessageTemplate> t;
        f.onEngine([&t](Engine& e) { t = e.profile().policies().templates; });
        return t;
    }

private Q_SLOTS:
    void errorIsMarkedAndThePreviewFallsBack()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        QString error;
        submitAlert(f,
            QJsonObject { { QStringLiteral("type"), QStringLiteral("PRICE") },
                { QStringLiteral("priority"), QStringLiteral("LOW") },
                { QStringLiteral("title"), QStringLiteral("ETH dip") },
                { QStringLiteral("symbol"), QStringLiteral("ETHUSDT") },
                { QStringLiteral("data"),
                    QJsonObject { { QStringLiteral("price"), 2999.5 }, { QStringLiteral("volume"), 1250 } } } },
            &error);
        QCOMPARE(error, QString());
        QPointer<TemplateEditorDialog> d = open(f);
        QVERIFY(d);
        // An empty profile: one new template to start from, rendered against the sample alert.
        QCOMPARE(d->templateList()->count(), 1);
        QTRY_COMPARE(d->previewTitle()->text(), QStringLiteral("🟠 BTC above 100k"));

        // An unknown field: its place is marked, the message names line and column, and the
        // preview shows the default title that would go out instead.
        retype(d->titleEdit(), QStringLiteral("Alert {{titel}} now"));
        QTRY_VERIFY2(d->errorLabel()->text().contains(QStringLiteral("unknown field 'titel'")),
            qPrintable(d->errorLabel()->text()));
        QVERIFY(d->errorLabel()->text().contains(QStringLiteral("line 1, column 9")));
        QCOMPARE(selectionStart(d->titleEdit()), 8);
        QCOMPARE(d->previewTitle()->text(), QStringLiteral("BTC above 100k"));
        QVERIFY(d->previewNote()->text().contains(QStringLiteral("default text")));
        QCOMPARE(selectionStart(d->messageEdit()), -1);

        // Saving is refused with the field named, and nothing is stored.
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QVERIFY(d->isVisible());
        QVERIFY(profileTemplates(f).isEmpty());

        // Fixed: the preview follows.
        retype(d->titleEdit(), QStringLiteral("{{symbol}} at {{data.price}}"));
        QTRY_COMPARE(d->previewTitle()->text(), QStringLiteral("BTCUSDT at 100250.5"));
        QCOMPARE(d->errorLabel()->text(), QString());
        QCOMPARE(selectionStart(d->titleEdit()), -1);

        // A data entry the alert lacks renders nothing: marked, and the default message is shown.
        retype(d->messageEdit(), QStringLiteral("Volume {{data.volume}} today"));
        QTRY_VERIFY2(d->errorLabel()->text().contains(QStringLiteral("data.volume is not in this alert")),
            qPrintable(d->errorLabel()->text()));
        QCOMPARE(selectionStart(d->messageEdit()), 7);
        QCOMPARE(d->previewMessage()->text(), QStringLiteral("BTCUSDT crossed 100,000 on the 1m close"));
        QCOMPARE(d->previewTitle()->text(), QStringLiteral("BTCUSDT at 100250.5")); // the title part still applies
        // A default covers it.
        retype(d->messageEdit(), QStringLiteral("Volume {{data.volume|n/a}} today"));
        QTRY_COMPARE(d->previewMessage()->text(), QStringLiteral("Volume n/a today"));

        // An alert from the history as the sample: it has the volume.
        QCOMPARE(d->sampleCombo()->count(), 2);
        QVERIFY(d->sampleCombo()->itemText(1).contains(QStringLiteral("ETH dip")));
        d->sampleCombo()->setFocus();
        QTest::keyClick(d->sampleCombo(), Qt::Key_Down);
        QTRY_COMPARE(d->previewMessage()->text(), QStringLiteral("Volume 1250 today"));
        QCOMPARE(d->previewTitle()->text(), QStringLiteral("ETHUSDT at 2999.5"));
        d->reject();
    }

    void saveReachesTheProfileAndTheComposePreview()
    {
        WindowFixture f;
        QVERIFY(f.start());
        QCOMPARE(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }), QString());
        ComposePage* compose = f.window->composePage();
        QTRY_COMPARE(compose->channelList()->count(), 1);
        QPointer<TemplateEditorDialog> d = open(f);
        QVERIFY(d);
        d->kindCombo()->setFocus();
        d->kindCombo()->setCurrentIndex(d->kindCombo()->findData(QStringLiteral("desktop")));
        d->typeCombo()->setCurrentIndex(d->typeCombo()->findData(QStringLiteral("PRICE")));
        retype(d->titleEdit(), QStringLiteral("{{symbol}} now {{data.price|?}}"));
        QTRY_COMPARE(d->previewTitle()->text(), QStringLiteral("BTCUSDT now 100250.5"));
        QVERIFY(d->payloadView()->toPlainText().contains(QStringLiteral("BTCUSDT now 100250.5")));
        QVERIFY(d->templateList()->item(0)->text().contains(QStringLiteral("Desktop")));
        QTest::mouseClick(d->saveButton(), Qt::LeftButton);
        QTRY_VERIFY(!d);

        const QList<MessageTemplate> stored = profileTemplates(f);
        QCOMPARE(stored.size(), 1);
        QCOMPARE(stored.first().channelKind, QStringLiteral("desktop"));
        QCOMPARE(stored.first().type, std::optional<AlertType>(AlertType::Price));
        QCOMPARE(stored.first().title->text(), QStringLiteral("{{symbol}} now {{data.price|?}}"));
        // On disk, in the profile's config.json, as `policies set` writes it.
        QFile config(f.dir.path() + QStringLiteral("/config.json"));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QJsonObject policies
            = QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("policies")).toObject();
        QCOMPARE(policies.value(QStringLiteral("templates")).toArray().size(), 1);

        // The compose preview applies it at once.
        compose->typeCombo()->setCurrentIndex(compose->typeCombo()->findData(QStringLiteral("PRICE")));
        QTest::keyClicks(compose->titleEdit(), QStringLiteral("Manual"));
        QTest::keyClicks(compose->symbolEdit(), QStringLiteral("SOLUSDT"));
        QTRY_VERIFY2(compose->previewFor(QStringLiteral("desk")).contains(QStringLiteral("SOLUSDT now ?")),
            qPrintable(compose->previewFor(QStringLiteral("desk"))));
    }
};

QTEST_MAIN(TestTemplateEditor)
#include "TestTemplateEditor.moc"
