// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "channels/WebhookChannel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;

// webhookPayload() writes its JSON directly for speed; it must stay byte for byte what
// QJsonDocument makes of the alert, which is what the payload is specified as.
class TestWebhookPayload final : public QObject {
    Q_OBJECT

    static QByteArray reference(const Alert& alert, const QString& key)
    {
        QJsonObject a = alert.toJson();
        a.insert(QStringLiteral("priority_emoji"), priorityEmoji(alert.priority));
        a.insert(QStringLiteral("priority_color"), priorityColorHex(alert.priority));
        const QJsonObject root { { QStringLiteral("version"), 1 }, { QStringLiteral("event"), QStringLiteral("alert") },
            { QStringLiteral("idempotency_key"), key }, { QStringLiteral("alert"), a } };
        return QJsonDocument(root).toJson(QJsonDocument::Compact);
    }

    static Alert base()
    {
        Alert a;
        a.id = QStringLiteral("0b6f1c52-8a4e-4c1b-9d7e-3f2a1b0c9d8e");
        a.type = AlertType::Risk;
        a.priority = Priority::High;
        a.title = QStringLiteral("Position risk exceeded");
        a.message = QStringLiteral("BTC position exceeds risk limit by 15%");
        a.symbol = QStringLiteral("BTCUSDT");
        a.createdAt = QDateTime::fromMSecsSinceEpoch(1795000000123, Qt::UTC);
        a.updatedAt = QDateTime::fromMSecsSinceEpoch(1795000000456, Qt::UTC);
        return a;
    }

private Q_SLOTS:
    void sameBytesAsQJsonDocument_data()
    {
        QTest::addColumn<int>("variant");
        QTest::newRow("plain") << 0;
        QTest::newRow("every field, channels, dedup key") << 1;
        QTest::newRow("quotes, backslashes, control characters") << 2;
        QTest::newRow("non-ASCII and emoji") << 3;
        QTest::newRow("unpaired surrogates") << 4;
        QTest::newRow("nested data") << 5;
        QTest::newRow("empty texts, invalid times") << 6;
        QTest::newRow("times: epoch, leap day, before 1970, year 1, year 9999, out of range") << 7;
        for (int p = 0; p < 5; ++p)
            QTest::addRow("priority %d, type %d, state %d", p, p, p % 4) << 100 + p;
    }

    void sameBytesAsQJsonDocument()
    {
        QFETCH(int, variant);
        Alert a = base();
        switch (variant) {
        case 1:
            a.strategy = QStringLiteral("grid-v2");
            a.position = QStringLiteral("long 0.5");
            a.channels = { QStringLiteral("ops"), QStringLiteral("desk-1") };
            a.dedupKey = QStringLiteral("btc-risk");
            break;
        case 2:
            a.title = QStringLiteral("say \"hi\" \\ back/slash");
            a.message = QStringLiteral("tab\there\nnew line\r\x01\x1f\b\f\x7f end");
            break;
        case 3:
            a.message = QStringLiteral("Prix > 50 000 € — 日本語 🚀🔴 ℹ️ ä");
            break;
        case 4:
            a.message = QStringLiteral("lone high ") + QChar(0xd83d) + QStringLiteral(" lone low ") + QChar(0xdc00)
                + QChar(0xd83d) + QChar(0xd83d) + QChar(0xde80);
            break;
        case 5:
            a.data = QJsonObject { { QStringLiteral("price"), 50123.5 },
                { QStringLiteral("levels"), QJsonArray { 1, 2.25, QStringLiteral("x\"y") } },
                { QStringLiteral("nested"),
                    QJsonObject { { QStringLiteral("ok"), true }, { QStringLiteral("n"), QJsonValue() } } } };
            break;
        case 6:
            a.title.clear();
            a.message = QString();
            a.symbol.clear();
            a.createdAt = QDateTime();
            a.updatedAt = QDateTime();
            break;
        case 7: {
            const QList<QDateTime> times {
                QDateTime::fromMSecsSinceEpoch(0, Qt::UTC),
                QDateTime(QDate(2024, 2, 29), QTime(23, 59, 59, 999), Qt::UTC),
                QDateTime(QDate(1969, 12, 31), QTime(0, 0, 0, 1), Qt::UTC),
                QDateTime(QDate(1900, 3, 1), QTime(12, 0), Qt::UTC),
                QDateTime(QDate(1, 1, 1), QTime(0, 0), Qt::UTC),
                QDateTime(QDate(9999, 12, 31), QTime(23, 59, 59, 999), Qt::UTC),
                QDateTime(QDate(12000, 1, 1), QTime(0, 0), Qt::UTC),
                QDateTime(QDate(2026, 6, 1), QTime(10, 0), Qt::OffsetFromUTC, 7200),
            };
            const QString key = QStringLiteral("k");
            for (const QDateTime& t : times) {
                a.createdAt = a.updatedAt = t;
                QCOMPARE(webhookPayload(a, key), reference(a, key));
            }
            break;
        }
        default:
            if (variant >= 100) {
                a.priority = static_cast<Priority>(variant - 100);
                a.type = static_cast<AlertType>(variant - 100);
                a.state = static_cast<AlertState>((variant - 100) % 4);
            }
            break;
        }
        const QString key = QStringLiteral("5d1e2f3a-0000-5abc-8def-0123456789ab");
        QCOMPARE(webhookPayload(a, key), reference(a, key));
        QVERIFY(!QJsonDocument::fromJson(webhookPayload(a, key)).isNull());
    }
};

QTEST_GUILESS_MAIN(TestWebhookPayload)
#include "TestWebhookPayload.moc"
