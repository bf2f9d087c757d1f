// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "UiText.h"
#include "channels/ChannelRegistry.h"
#include "channels/ChannelsModel.h"

#include <QFile>
#include <QIcon>
#include <QImage>
#include <QTest>

using namespace alertdesk;

// The icons of resources/ as the window gets them: the application icon, a dot in each
// priority's colour, a glyph for every channel kind, and the Channels table showing it.
class TestResources final : public QObject {
    Q_OBJECT

    // The colour at (x, y) of the icon drawn at 32x32.
    static QColor pixel(const QIcon& icon, int x, int y)
    {
        return icon.pixmap(QSize(32, 32)).toImage().pixelColor(x, y);
    }
    static bool near(const QColor& a, const QColor& b)
    {
        return qAbs(a.red() - b.red()) <= 8 && qAbs(a.green() - b.green()) <= 8 && qAbs(a.blue() - b.blue()) <= 8;
    }

private Q_SLOTS:
    void applicationIcon()
    {
        QVERIFY(QFile::exists(QStringLiteral(":/icons/alertdesk.svg")));
        const QIcon icon(QStringLiteral(":/icons/alertdesk.svg"));
        QVERIFY(!icon.isNull());
        QCOMPARE(pixel(icon, 16, 5).alpha(), 255); // drawn, not an empty picture
    }

    void priorityIcons_data()
    {
        QTest::addColumn<int>("priority");
        for (const QString& name : priorityNames())
            QTest::newRow(qPrintable(name)) << static_cast<int>(*priorityFromString(name));
    }
    void priorityIcons()
    {
        QFETCH(int, priority);
        const auto p = static_cast<Priority>(priority);
        const QIcon icon = UiText::priorityIcon(p);
        QVERIFY(!icon.isNull());
        // Left of the middle (INFO's "i" is in the middle): the priority's own colour.
        const QColor c = pixel(icon, 8, 16);
        QVERIFY2(near(c, UiText::priorityColor(p)),
            qPrintable(QStringLiteral("%1 instead of %2").arg(c.name(), UiText::priorityColor(p).name())));
        QCOMPARE(pixel(icon, 0, 0).alpha(), 0); // a dot, not a square
    }

    // Every kind the registry knows has a glyph of its own; a kind without one gets the webhook's.
    void channelIcons()
    {
        QSet<QRgb> corners;
        for (const ChannelKindInfo& k : channelKinds()) {
            QVERIFY2(QFile::exists(QStringLiteral(":/icons/channels/%1.svg").arg(k.kind)), qPrintable(k.kind));
            const QIcon icon = UiText::channelIcon(k.kind);
            QVERIFY(!icon.isNull());
            corners.insert(icon.pixmap(QSize(32, 32)).toImage().pixel(16, 2));
        }
        QVERIFY(corners.size() > 1); // not all one picture
        const QImage fallback = UiText::channelIcon(QStringLiteral("no-such-kind")).pixmap(QSize(32, 32)).toImage();
        QCOMPARE(fallback, UiText::channelIcon(QStringLiteral("webhook")).pixmap(QSize(32, 32)).toImage());
    }

    // The Channels table shows the kind's glyph beside its name.
    void channelsTableShowsTheKind()
    {
        ChannelsModel model;
        ChannelStatus slack;
        slack.config.name = QStringLiteral("desk");
        slack.config.kind = QStringLiteral("slack");
        model.setChannels({ slack });
        const QVariant decoration = model.index(0, ChannelsModel::KindColumn).data(Qt::DecorationRole);
        QVERIFY(decoration.canConvert<QIcon>());
        QCOMPARE(decoration.value<QIcon>().pixmap(QSize(32, 32)).toImage(),
            UiText::channelIcon(QStringLiteral("slack")).pixmap(QSize(32, 32)).toImage());
        QVERIFY(!model.index(0, ChannelsModel::NameColumn).data(Qt::DecorationRole).isValid());
    }
};

QTEST_MAIN(TestResources)
#include "TestResources.moc"
