// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "widgets/CachedTextDelegate.h"

#include <QHeaderView>
#include <QStandardItemModel>
#include <QTableView>
#include <QTest>

using namespace alertdesk;

// The priority column draws its text from a cached pixmap: it must look like the ordinary
// drawing, in the same place and colours, selected or not.
class TestCachedTextDelegate final : public QObject {
    Q_OBJECT

    struct Shot {
        QImage image;
        QRect ink; // pixels that differ from the cell's background
    };

    static Shot shoot(bool cached, bool selected, const QString& text)
    {
        QStandardItemModel model(2, 1);
        model.setItem(0, 0, new QStandardItem(text));
        model.item(0, 0)->setForeground(QColor(0xC0, 0x30, 0x10));
        model.setItem(1, 0, new QStandardItem(QStringLiteral("below")));
        QTableView view;
        view.setModel(&model);
        view.setShowGrid(false);
        view.verticalHeader()->hide();
        view.horizontalHeader()->hide();
        view.horizontalHeader()->resizeSection(0, 160);
        view.resize(200, 100);
        if (cached)
            view.setItemDelegateForColumn(0, new CachedTextDelegate(&view));
        if (selected)
            view.selectRow(0);
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            return {};
        const QRect cell = view.visualRect(model.index(0, 0));
        const QImage all = view.viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
        Shot s;
        s.image = all.copy(cell);
        const QRgb background = s.image.pixel(s.image.width() - 2, s.image.height() / 2); // right of the text
        for (int y = 0; y < s.image.height(); ++y) {
            for (int x = 0; x < s.image.width(); ++x) {
                if (s.image.pixel(x, y) != background)
                    s.ink |= QRect(x, y, 1, 1);
            }
        }
        return s;
    }

private Q_SLOTS:
    void looksLikeTheOrdinaryDrawing_data()
    {
        QTest::addColumn<bool>("selected");
        QTest::addColumn<QString>("text");
        QTest::newRow("emoji") << false << QStringLiteral("🟠 HIGH");
        QTest::newRow("emoji, selected") << true << QStringLiteral("🔴 CRITICAL");
        QTest::newRow("plain") << false << QStringLiteral("LOW");
    }

    void looksLikeTheOrdinaryDrawing()
    {
        QFETCH(bool, selected);
        QFETCH(QString, text);
        const Shot plain = shoot(false, selected, text);
        const Shot cached = shoot(true, selected, text);
        QVERIFY(!plain.image.isNull() && !cached.image.isNull());
        QCOMPARE(cached.image.size(), plain.image.size());
        QVERIFY(plain.ink.isValid());
        QVERIFY2(cached.ink.isValid(), "the cached drawing drew nothing");
        // Same place, to a pixel (anti-aliasing on a transparent pixmap may differ slightly).
        QVERIFY2(std::abs(cached.ink.left() - plain.ink.left()) <= 1
                && std::abs(cached.ink.right() - plain.ink.right()) <= 1
                && std::abs(cached.ink.top() - plain.ink.top()) <= 1
                && std::abs(cached.ink.bottom() - plain.ink.bottom()) <= 1,
            qPrintable(QStringLiteral("ink at %1,%2 %3x%4, expected %5,%6 %7x%8")
                           .arg(cached.ink.x())
                           .arg(cached.ink.y())
                           .arg(cached.ink.width())
                           .arg(cached.ink.height())
                           .arg(plain.ink.x())
                           .arg(plain.ink.y())
                           .arg(plain.ink.width())
                           .arg(plain.ink.height())));
        // Same colours: few pixels differ by much.
        int far = 0;
        for (int y = 0; y < plain.image.height(); ++y) {
            for (int x = 0; x < plain.image.width(); ++x) {
                const QRgb a = plain.image.pixel(x, y), b = cached.image.pixel(x, y);
                if (std::abs(qRed(a) - qRed(b)) + std::abs(qGreen(a) - qGreen(b)) + std::abs(qBlue(a) - qBlue(b)) > 96)
                    ++far;
            }
        }
        const int area = plain.ink.width() * plain.ink.height();
        QVERIFY2(far * 10 < area, qPrintable(QStringLiteral("%1 of %2 pixels differ").arg(far).arg(area)));
    }
};

QTEST_MAIN(TestCachedTextDelegate)
#include "TestCachedTextDelegate.moc"
