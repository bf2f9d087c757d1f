// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiTestSupport.h"
#include "UiText.h"
#include "alerts/AlertsModel.h"
#include "alerts/AlertsPage.h"
#include "compose/ComposePage.h"
#include "widgets/Theme.h"

#include <QApplication>
#include <QCheckBox>
#include <QLabel>
#include <QListWidget>
#include <QStyleOptionViewItem>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

Q_DECLARE_METATYPE(alertdesk::Theme::Mode)

// The window's colours in a light and a dark palette: every text colour it picks reaches WCAG
// AA (4.5:1) against the backgrounds it is drawn on, and an unchecked check box can be seen.
class TestTheme final : public QObject {
    Q_OBJECT

    static void bothModes()
    {
        QTest::addColumn<Theme::Mode>("mode");
        QTest::newRow("light") << Theme::Mode::Light;
        QTest::newRow("dark") << Theme::Mode::Dark;
    }

    // Pixels of the rectangle in the image that stand out from the background by at least 3:1.
    static int contrastingPixels(const QImage& image, const QRect& rect, const QColor& background)
    {
        int n = 0;
        for (int y = rect.top(); y <= rect.bottom(); ++y) {
            for (int x = rect.left(); x <= rect.right(); ++x) {
                if (Theme::contrastRatio(image.pixelColor(x, y), background) >= Theme::kGraphicContrast)
                    ++n;
            }
        }
        return n;
    }

private Q_SLOTS:
    void cleanupTestCase() { Theme::apply(Theme::Mode::Light); }

    void contrastRatioIsWcags()
    {
        QCOMPARE(Theme::contrastRatio(Qt::black, Qt::white), 21.0);
        QCOMPARE(Theme::contrastRatio(Qt::white, Qt::black), 21.0);
        QCOMPARE(Theme::contrastRatio(QColor(0x77, 0x77, 0x77), QColor(0x77, 0x77, 0x77)), 1.0);
        // WCAG's own examples: #767676 on white just passes AA, #777777 just fails it.
        QVERIFY(qAbs(Theme::contrastRatio(QColor(0x76, 0x76, 0x76), Qt::white) - 4.54) < 0.01);
        QVERIFY(Theme::contrastRatio(QColor(0x77, 0x77, 0x77), Qt::white) < 4.5);
        // The design's INFO blue on a dark base: 3.6:1, too faint for text (the complaint).
        QVERIFY(qAbs(Theme::contrastRatio(QColor(0x19, 0x76, 0xD2), QColor(0x1E, 0x1E, 0x1E)) - 3.62) < 0.01);
    }

    void textColoursReadInBothPalettes_data() { bothModes(); }
    void textColoursReadInBothPalettes()
    {
        QFETCH(Theme::Mode, mode);
        Theme::apply(mode);
        const QPalette pal = QApplication::palette();
        QCOMPARE(Theme::isDark(pal), mode == Theme::Mode::Dark);
        const auto readable = [&pal](const QColor& c, const char* what) {
            const double ratio = Theme::lowestContrast(c, pal);
            QVERIFY2(ratio >= Theme::kTextContrast,
                qPrintable(QStringLiteral("%1 %2: %3:1").arg(QLatin1String(what), c.name()).arg(ratio, 0, 'f', 2)));
        };
        for (int p = 0; p <= static_cast<int>(Priority::Info); ++p)
            readable(UiText::priorityTextColor(static_cast<Priority>(p)),
                qPrintable(priorityName(static_cast<Priority>(p))));
        readable(UiText::okColor(), "ok");
        readable(UiText::errorColor(), "error");
        readable(UiText::mutedColor(), "muted");
        readable(Theme::warning(), "warning");
        readable(pal.color(QPalette::PlaceholderText), "hint");
        readable(pal.color(QPalette::WindowText), "text");
        QVERIFY(Theme::contrastRatio(pal.color(QPalette::HighlightedText), pal.color(QPalette::Highlight))
            >= Theme::kTextContrast);
        // The banners: their text on their own background, and a background of the palette's
        // kind (no light yellow in a dark window).
        for (const auto kind : { Theme::Banner::Warning, Theme::Banner::Error }) {
            const Theme::BannerColors b = Theme::banner(kind);
            QVERIFY2(Theme::contrastRatio(b.text, b.background) >= Theme::kTextContrast, qPrintable(b.text.name()));
            QCOMPARE(Theme::luminance(b.background) < 0.18, mode == Theme::Mode::Dark);
        }
        // What the window draws: a priority's cell in the alerts table, the Compose status.
        WindowFixture f;
        QVERIFY(f.start());
        QString error;
        QVERIFY2(!submitAlert(f,
                     QJsonObject { { QStringLiteral("type"), QStringLiteral("MILESTONE") },
                         { QStringLiteral("priority"), QStringLiteral("INFO") },
                         { QStringLiteral("title"), QStringLiteral("100 trades filled") } },
                     &error)
                      .isEmpty(),
            qPrintable(error));
        AlertsModel* model = f.window->alertsPage()->model();
        QTRY_COMPARE(model->rowCount(), 1);
        const QColor info
            = model->data(model->index(0, AlertsModel::PriorityColumn), Qt::ForegroundRole).value<QColor>();
        readable(info, "INFO in the table");
        f.window->showPage(MainWindow::ComposePageIndex);
        QLabel* status = nullptr;
        for (QLabel* l : f.window->composePage()->findChildren<QLabel*>()) {
            if (l->accessibleName() == QStringLiteral("Compose status"))
                status = l;
        }
        QVERIFY(status);
        QTRY_VERIFY(!status->text().isEmpty());
        QVERIFY2(Theme::contrastRatio(status->palette().color(QPalette::WindowText), pal.color(QPalette::Window))
                >= Theme::kTextContrast,
            qPrintable(status->palette().color(QPalette::WindowText).name()));
    }

    // The channel list of Compose: an unchecked box's frame stands out from the list's background.
    void uncheckedBoxesShow_data() { bothModes(); }
    void uncheckedBoxesShow()
    {
        QFETCH(Theme::Mode, mode);
        Theme::apply(mode);
        WindowFixture f;
        QVERIFY(f.start());
        QVERIFY(saveChannel(f, { QStringLiteral("desk"), QStringLiteral("desktop"), true, {}, {} }).isEmpty());
        f.window->showPage(MainWindow::ComposePageIndex);
        QListWidget* list = f.window->composePage()->channelList();
        QTRY_COMPARE(list->count(), 1);
        QCOMPARE(list->item(0)->checkState(), Qt::Unchecked);

        QStyleOptionViewItem opt;
        opt.initFrom(list->viewport());
        opt.rect = list->visualItemRect(list->item(0));
        opt.features = QStyleOptionViewItem::HasCheckIndicator | QStyleOptionViewItem::HasDisplay;
        opt.text = list->item(0)->text();
        const QRect box = list->style()->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &opt, list);
        QVERIFY(box.width() >= 8);
        const QImage shot = list->viewport()->grab().toImage();
        const QColor base = list->palette().color(QPalette::Base);
        // At least the box's four sides, each nearly its whole length.
        const int frame = contrastingPixels(shot, box, base);
        QVERIFY2(frame >= 3 * box.width(), qPrintable(QStringLiteral("%1 pixels of %2").arg(frame).arg(box.width())));

        // A check box on the window's background too.
        QCheckBox check(QStringLiteral("Parallel delivery"));
        check.resize(check.sizeHint());
        QStyleOptionButton bo;
        bo.initFrom(&check);
        const QRect indicator = check.style()->subElementRect(QStyle::SE_CheckBoxIndicator, &bo, &check);
        const QImage boxShot = check.grab().toImage();
        QVERIFY(
            contrastingPixels(boxShot, indicator, check.palette().color(QPalette::Window)) >= 3 * indicator.width());
    }
};

QTEST_MAIN(TestTheme)
#include "TestTheme.moc"
