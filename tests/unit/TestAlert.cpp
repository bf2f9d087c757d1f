// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "model/Alert.h"
#include "model/AlertType.h"
#include "model/Priority.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <cmath>

using namespace alertdesk;

// The alert model: parsing the wire form, validation with the field named, limits, and the
// priority / type vocabulary every channel formats with.
class TestAlert final : public QObject {
    Q_OBJECT

    static QJsonObject minimal()
    {
        return { { QStringLiteral("type"), QStringLiteral("PRICE") },
            { QStringLiteral("priority"), QStringLiteral("HIGH") },
            { QStringLiteral("title"), QStringLiteral("BTC above 100k") } };
    }
    // HSV hue in degrees of an "#RRGGBB" colour.
    static int hueOf(const QString& hex)
    {
        const int v = hex.mid(1).toInt(nullptr, 16);
        const double r = ((v >> 16) & 0xFF) / 255.0, g = ((v >> 8) & 0xFF) / 255.0, b = (v & 0xFF) / 255.0;
        const double mx = std::max({ r, g, b }), mn = std::min({ r, g, b }), d = mx - mn;
        if (d <= 0)
            return -1;
        double h = mx == r ? std::fmod((g - b) / d, 6.0) : mx == g ? (b - r) / d + 2.0 : (r - g) / d + 4.0;
        h *= 60.0;
        return static_cast<int>(h < 0 ? h + 360.0 : h);
    }
    static QDateTime fixedNow() { return QDateTime(QDate(2026, 11, 26), QTime(14, 0), Qt::UTC); }

private Q_SLOTS:
    void parsesMinimalAlert()
    {
        const AlertParseResult r = parseAlert(minimal(), fixedNow());
        QVERIFY2(r.ok(), qPrintable(r.error.toString()));
        QCOMPARE(r.alert->type, AlertType::Price);
        QCOMPARE(r.alert->priority, Priority::High);
        QCOMPARE(r.alert->title, QStringLiteral("BTC above 100k"));
        QCOMPARE(r.alert->state, AlertState::Open);
        QCOMPARE(r.alert->createdAt, fixedNow());
        QCOMPARE(r.alert->updatedAt, fixedNow());
        QVERIFY(!QUuid::fromString(r.alert->id).isNull());
        QVERIFY(!r.alert->id.startsWith(QLatin1Char('{')));
        QVERIFY(r.alert->channels.isEmpty());
    }

    void newIdsAreTimeOrderedVersion7Uuids()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        QStringList ids;
        for (int i = 0; i < 2000; ++i)
            ids << newAlertId();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QSet<QString> distinct(ids.cbegin(), ids.cend());
        QCOMPARE(distinct.size(), ids.size());
        for (qsizetype i = 0; i < ids.size(); ++i) {
            const QUuid u = QUuid::fromString(ids[i]);
            QVERIFY2(!u.isNull(), qPrintable(ids[i]));
            const QByteArray b = u.toRfc4122();
            QCOMPARE(static_cast<quint8>(b[6]) >> 4, 7); // version (Qt 6.4's QUuid::version() knows up to 5)
            QCOMPARE(static_cast<quint8>(b[8]) >> 6, 2); // variant 10 (RFC 9562)
            qint64 ms = 0;
            for (int k = 0; k < 6; ++k)
                ms = (ms << 8) | static_cast<quint8>(b[k]);
            QVERIFY2(ms >= before && ms <= after, qPrintable(ids[i]));
            // Text order follows time order: a later millisecond never sorts first.
            if (i > 0 && ids[i].left(13) != ids[i - 1].left(13))
                QVERIFY2(ids[i] > ids[i - 1], qPrintable(ids[i - 1] + QLatin1Char(' ') + ids[i]));
        }
    }

    void typeAndPriorityAreCaseInsensitive()
    {
        QJsonObject o = minimal();
        o[QStringLiteral("type")] = QStringLiteral(" risk ");
        o[QStringLiteral("priority")] = QStringLiteral("critical");
        const AlertParseResult r = parseAlert(o, fixedNow());
        QVERIFY2(r.ok(), qPrintable(r.error.toString()));
        QCOMPARE(r.alert->type, AlertType::Risk);
        QCOMPARE(r.alert->priority, Priority::Critical);
    }

    void refusesInvalid_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QStringList>("messageContains");

        auto with = [](const QString& key, const QJsonValue& v) {
            QJsonObject o = minimal();
            o.insert(key, v);
            return o;
        };
        auto without = [](const QString& key) {
            QJsonObject o = minimal();
            o.remove(key);
            return o;
        };
        const QStringList types = alertTypeNames();
        const QStringList priorities = priorityNames();

        QTest::newRow("empty title") << with(QStringLiteral("title"), QString()) << QStringLiteral("title")
                                     << QStringList { QStringLiteral("message"), QStringLiteral("empty") };
        QTest::newRow("title of control characters only")
            << with(QStringLiteral("title"), QStringLiteral("\r\n\t\x01")) << QStringLiteral("title")
            << QStringList { QStringLiteral("empty") };
        QTest::newRow("blank title") << with(QStringLiteral("title"), QStringLiteral("   ")) << QStringLiteral("title")
                                     << QStringList { QStringLiteral("empty") };
        QTest::newRow("missing title") << without(QStringLiteral("title")) << QStringLiteral("title")
                                       << QStringList { QStringLiteral("empty") };
        QTest::newRow("title not a string")
            << with(QStringLiteral("title"), 42) << QStringLiteral("title") << QStringList { QStringLiteral("string") };
        QTest::newRow("unknown type") << with(QStringLiteral("type"), QStringLiteral("WEATHER"))
                                      << QStringLiteral("type") << (QStringList { QStringLiteral("WEATHER") } + types);
        QTest::newRow("missing type") << without(QStringLiteral("type")) << QStringLiteral("type") << types;
        QTest::newRow("unknown priority")
            << with(QStringLiteral("priority"), QStringLiteral("URGENT")) << QStringLiteral("priority")
            << (QStringList { QStringLiteral("URGENT") } + priorities);
        QTest::newRow("missing priority")
            << without(QStringLiteral("priority")) << QStringLiteral("priority") << priorities;
        QTest::newRow("data is a string") << with(QStringLiteral("data"), QStringLiteral("{}"))
                                          << QStringLiteral("data") << QStringList { QStringLiteral("object") };
        QTest::newRow("data is an array") << with(QStringLiteral("data"), QJsonArray { 1, 2 }) << QStringLiteral("data")
                                          << QStringList { QStringLiteral("object") };
        QTest::newRow("channels is a string") << with(QStringLiteral("channels"), QStringLiteral("slack"))
                                              << QStringLiteral("channels") << QStringList { QStringLiteral("array") };
        QTest::newRow("channels holds a number")
            << with(QStringLiteral("channels"), QJsonArray { QStringLiteral("a"), 3 }) << QStringLiteral("channels")
            << QStringList { QStringLiteral("strings") };
        QTest::newRow("channels holds an empty name")
            << with(QStringLiteral("channels"), QJsonArray { QString() }) << QStringLiteral("channels")
            << QStringList { QStringLiteral("empty") };
        QTest::newRow("unknown field") << with(QStringLiteral("titel"), QStringLiteral("typo"))
                                       << QStringLiteral("titel")
                                       << QStringList { QStringLiteral("not a known field"), QStringLiteral("title") };
        // Found by fuzz_ingest_alert: the error named no field at all.
        QTest::newRow("empty key") << with(QString(), QStringLiteral("x")) << QStringLiteral("\"\"")
                                   << QStringList { QStringLiteral("not a known field") };

        QJsonArray tooMany;
        for (int i = 0; i <= AlertLimits::channels; ++i)
            tooMany.append(QStringLiteral("c%1").arg(i));
        QTest::newRow("too many channels")
            << with(QStringLiteral("channels"), tooMany) << QStringLiteral("channels")
            << QStringList { QString::number(AlertLimits::channels + 1), QString::number(AlertLimits::channels) };
        QTest::newRow("channel name too long")
            << with(QStringLiteral("channels"), QJsonArray { QString(AlertLimits::channelName + 1, QLatin1Char('c')) })
            << QStringLiteral("channels") << QStringList { QString::number(AlertLimits::channelName) };
        QTest::newRow("data too big") << with(QStringLiteral("data"),
            QJsonObject { { QStringLiteral("blob"), QString(AlertLimits::dataBytes, QLatin1Char('d')) } })
                                      << QStringLiteral("data")
                                      << QStringList { QString::number(AlertLimits::dataBytes) };
    }
    void refusesInvalid()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, field);
        QFETCH(QStringList, messageContains);
        const AlertParseResult r = parseAlert(input, fixedNow());
        QVERIFY(!r.ok());
        QCOMPARE(r.error.field, field);
        for (const QString& part : messageContains)
            QVERIFY2(r.error.message.contains(part), qPrintable(r.error.toString() + QStringLiteral(" lacks ") + part));
        QVERIFY(r.error.toString().startsWith(field + QStringLiteral(": ")));
    }

    // An alert is never refused for its form: control characters are normalised, an over-long
    // field is cut with a visible marker and kept in full in the message, a title comes from
    // the message when it has none.
    void normalisesInsteadOfRefusing_data()
    {
        QTest::addColumn<QJsonObject>("input");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("expected");
        auto with = [](const QString& key, const QJsonValue& v) {
            QJsonObject o = minimal();
            o.insert(key, v);
            return o;
        };
        QTest::newRow("title with LF") << with(QStringLiteral("title"), QStringLiteral("BTC\nBcc: x@evil"))
                                       << QStringLiteral("title") << QStringLiteral("BTC Bcc: x@evil");
        QTest::newRow("title with CR") << with(QStringLiteral("title"), QStringLiteral("BTC\rX-Injected: 1"))
                                       << QStringLiteral("title") << QStringLiteral("BTC X-Injected: 1");
        QTest::newRow("title with CRLF and tabs") << with(QStringLiteral("title"), QStringLiteral("a\r\n\t b\tc"))
                                                  << QStringLiteral("title") << QStringLiteral("a b c");
        QTest::newRow("title with other controls")
            << with(QStringLiteral("title"), QStringLiteral("B\x01T\x1b[31mC\x7f\u0085!")) << QStringLiteral("title")
            << QStringLiteral("BT[31mC!");
        QTest::newRow("title edges") << with(QStringLiteral("title"), QStringLiteral("\n  BTC up \r\n"))
                                     << QStringLiteral("title") << QStringLiteral("BTC up");
        QTest::newRow("symbol with LF") << with(QStringLiteral("symbol"), QStringLiteral("BTC\nETH"))
                                        << QStringLiteral("symbol") << QStringLiteral("BTC ETH");
        QTest::newRow("message CRLF and controls")
            << with(QStringLiteral("message"), QStringLiteral("line 1\r\nline\t2\rline 3\x07"))
            << QStringLiteral("message") << QStringLiteral("line 1\nline\t2\nline 3");
        QJsonObject noTitle = minimal();
        noTitle.remove(QStringLiteral("title"));
        noTitle.insert(QStringLiteral("message"), QStringLiteral("\n\nDrawdown 12%\non the ETH book"));
        QTest::newRow("title from the message") << noTitle << QStringLiteral("title") << QStringLiteral("Drawdown 12%");
        auto over = [&](const QString& key, int limit) {
            const QString full = QString(limit, QLatin1Char('x')) + QStringLiteral("yz");
            QTest::addRow("%s over %d", qPrintable(key), limit)
                << with(key, full) << key << QString(limit - 1, QLatin1Char('x')) + QChar(0x2026);
        };
        over(QStringLiteral("title"), AlertLimits::title);
        over(QStringLiteral("symbol"), AlertLimits::symbol);
        over(QStringLiteral("strategy"), AlertLimits::strategy);
        over(QStringLiteral("position"), AlertLimits::position);
        over(QStringLiteral("message"), AlertLimits::message);
    }
    void normalisesInsteadOfRefusing()
    {
        QFETCH(QJsonObject, input);
        QFETCH(QString, field);
        QFETCH(QString, expected);
        const AlertParseResult r = parseAlert(input, fixedNow());
        QVERIFY2(r.ok(), qPrintable(r.error.toString()));
        const QJsonObject stored = r.alert->toJson();
        QCOMPARE(stored.value(field).toString(), expected);
        QVERIFY(!validateAlert(*r.alert));
        // A cut one-line field is kept in full in the message (the history has all of it).
        const QString given = input.value(field).toString();
        if (field != QLatin1String("message") && expected.endsWith(QChar(0x2026)))
            QVERIFY2(r.alert->message.contains(QStringLiteral("%1 (in full): %2").arg(field, given)),
                qPrintable(r.alert->message.left(200)));
    }

    void overlongDedupKeysStayDistinct()
    {
        QJsonObject a = minimal(), b = minimal();
        const QString common(AlertLimits::dedupKey, QLatin1Char('k'));
        a.insert(QStringLiteral("dedup_key"), QString(common + QStringLiteral("-a")));
        b.insert(QStringLiteral("dedup_key"), QString(common + QStringLiteral("-b")));
        const AlertParseResult ra = parseAlert(a, fixedNow()), rb = parseAlert(b, fixedNow());
        QVERIFY(ra.ok() && rb.ok());
        QCOMPARE(ra.alert->dedupKey.size(), AlertLimits::dedupKey);
        QVERIFY(ra.alert->dedupKey != rb.alert->dedupKey);
        QCOMPARE(parseAlert(a, fixedNow()).alert->dedupKey, ra.alert->dedupKey); // stable
    }

    void acceptsEveryFieldAtItsLimit()
    {
        QJsonObject o = minimal();
        o[QStringLiteral("title")] = QString(AlertLimits::title, QLatin1Char('t'));
        o[QStringLiteral("message")] = QString(AlertLimits::message, QLatin1Char('m'));
        o[QStringLiteral("symbol")] = QString(AlertLimits::symbol, QLatin1Char('s'));
        o[QStringLiteral("strategy")] = QString(AlertLimits::strategy, QLatin1Char('g'));
        o[QStringLiteral("position")] = QString(AlertLimits::position, QLatin1Char('p'));
        o[QStringLiteral("dedup_key")] = QString(AlertLimits::dedupKey, QLatin1Char('k'));
        QJsonArray channels;
        for (int i = 0; i < AlertLimits::channels; ++i)
            channels.append(QString(QStringLiteral("c%1").arg(i, 2, 10, QLatin1Char('0'))
                + QString(AlertLimits::channelName - 3, QLatin1Char('x'))));
        o[QStringLiteral("channels")] = channels;
        // {"blob":"..."} is 11 bytes of framing.
        o[QStringLiteral("data")]
            = QJsonObject { { QStringLiteral("blob"), QString(AlertLimits::dataBytes - 11, QLatin1Char('d')) } };
        QCOMPARE(QJsonDocument(o[QStringLiteral("data")].toObject()).toJson(QJsonDocument::Compact).size(),
            AlertLimits::dataBytes);
        const AlertParseResult r = parseAlert(o, fixedNow());
        QVERIFY2(r.ok(), qPrintable(r.error.toString()));
        QCOMPARE(r.alert->channels.size(), AlertLimits::channels);
    }

    void keepsEmojiAndRightToLeftTextIntact_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("emoji") << QStringLiteral("🚀 BTC to the moon 🌕 📈");
        QTest::newRow("flag and ZWJ sequence") << QStringLiteral("🇯🇵 👩‍💻 trader");
        QTest::newRow("arabic") << QStringLiteral("تنبيه: السعر فوق المستوى");
        QTest::newRow("hebrew with RLM") << QStringLiteral("התראה \u200F BTC 100,000");
    }
    void keepsEmojiAndRightToLeftTextIntact()
    {
        QFETCH(QString, text);
        QJsonObject o = minimal();
        o[QStringLiteral("title")] = text;
        o[QStringLiteral("message")] = QString(text + QStringLiteral("\nsecond line"));
        o[QStringLiteral("strategy")] = text;
        const AlertParseResult r = parseAlert(o, fixedNow());
        QVERIFY2(r.ok(), qPrintable(r.error.toString()));
        QCOMPARE(r.alert->title, text);
        QCOMPARE(r.alert->message, text + QStringLiteral("\nsecond line"));
        QCOMPARE(r.alert->strategy, text);
        // And through JSON bytes, as the ingest API and the outbox see it.
        const QByteArray bytes = QJsonDocument(r.alert->toJson()).toJson(QJsonDocument::Compact);
        QCOMPARE(QJsonDocument::fromJson(bytes).object().value(QStringLiteral("title")).toString(), text);
    }

    void duplicateChannelsCollapse()
    {
        QJsonObject o = minimal();
        o[QStringLiteral("channels")] = QJsonArray { QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("a") };
        const AlertParseResult r = parseAlert(o, fixedNow());
        QVERIFY(r.ok());
        QCOMPARE(r.alert->channels, (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
    }

    void toJsonRoundTrip()
    {
        QJsonObject in = minimal();
        in[QStringLiteral("message")] = QStringLiteral("BTC crossed 100,000 USDT\nVolume 3x");
        in[QStringLiteral("symbol")] = QStringLiteral("BTCUSDT");
        in[QStringLiteral("strategy")] = QStringLiteral("breakout");
        in[QStringLiteral("position")] = QStringLiteral("long 2.5");
        in[QStringLiteral("data")]
            = QJsonObject { { QStringLiteral("price"), 100250.5 }, { QStringLiteral("tags"), QJsonArray { 1, 2 } } };
        in[QStringLiteral("channels")] = QJsonArray { QStringLiteral("slack"), QStringLiteral("sms") };
        in[QStringLiteral("dedup_key")] = QStringLiteral("btc-100k");
        const AlertParseResult first = parseAlert(in, fixedNow());
        QVERIFY2(first.ok(), qPrintable(first.error.toString()));
        const Alert& a = *first.alert;

        const QJsonObject json = a.toJson();
        QCOMPARE(json.value(QStringLiteral("id")).toString(), a.id);
        QCOMPARE(json.value(QStringLiteral("type")).toString(), QStringLiteral("PRICE"));
        QCOMPARE(json.value(QStringLiteral("priority")).toString(), QStringLiteral("HIGH"));
        QCOMPARE(json.value(QStringLiteral("state")).toString(), QStringLiteral("open"));
        QCOMPARE(json.value(QStringLiteral("created_at")).toString(), QStringLiteral("2026-11-26T14:00:00.000Z"));
        QCOMPARE(json.value(QStringLiteral("dedup_key")).toString(), QStringLiteral("btc-100k"));

        // toJson() is a wire form parseAlert() reads back: same content, a new id and time.
        const QDateTime later = fixedNow().addSecs(60);
        const AlertParseResult second = parseAlert(json, later);
        QVERIFY2(second.ok(), qPrintable(second.error.toString()));
        const Alert& b = *second.alert;
        QCOMPARE(b.type, a.type);
        QCOMPARE(b.priority, a.priority);
        QCOMPARE(b.title, a.title);
        QCOMPARE(b.message, a.message);
        QCOMPARE(b.symbol, a.symbol);
        QCOMPARE(b.strategy, a.strategy);
        QCOMPARE(b.position, a.position);
        QCOMPARE(b.data, a.data);
        QCOMPARE(b.channels, a.channels);
        QCOMPARE(b.dedupKey, a.dedupKey);
        QVERIFY(b.id != a.id);
        QCOMPARE(b.createdAt, later);
        QCOMPARE(b.state, AlertState::Open);
    }

    void noDedupKeyIsOmittedFromJson()
    {
        const AlertParseResult r = parseAlert(minimal(), fixedNow());
        QVERIFY(r.ok());
        QVERIFY(!r.alert->toJson().contains(QStringLiteral("dedup_key")));
    }

    void validateAlertChecksBuiltAlerts()
    {
        Alert a;
        a.title = QStringLiteral("ok");
        QVERIFY(!validateAlert(a));
        a.title = QStringLiteral("two\nlines");
        QCOMPARE(validateAlert(a)->field, QStringLiteral("title"));
        a.title = QStringLiteral("ok");
        a.dedupKey = QString(AlertLimits::dedupKey + 1, QLatin1Char('k'));
        QCOMPARE(validateAlert(a)->field, QStringLiteral("dedup_key"));
    }

    void priorities_data()
    {
        QTest::addColumn<Priority>("priority");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("emoji");
        QTest::addColumn<QString>("hex");
        QTest::addColumn<QString>("hue"); // what a user would call the colour

        QTest::newRow("critical") << Priority::Critical << "CRITICAL" << QStringLiteral("🔴") << "#D32F2F"
                                  << "red";
        QTest::newRow("high") << Priority::High << "HIGH" << QStringLiteral("🟠") << "#F57C00"
                              << "orange";
        QTest::newRow("medium") << Priority::Medium << "MEDIUM" << QStringLiteral("🟡") << "#FBC02D"
                                << "yellow";
        QTest::newRow("low") << Priority::Low << "LOW" << QStringLiteral("🟢") << "#388E3C"
                             << "green";
        QTest::newRow("info") << Priority::Info << "INFO" << QStringLiteral("ℹ️") << "#1976D2"
                              << "blue";
    }
    void priorities()
    {
        QFETCH(Priority, priority);
        QFETCH(QString, name);
        QFETCH(QString, emoji);
        QFETCH(QString, hex);
        QFETCH(QString, hue);
        QCOMPARE(priorityName(priority), name);
        QCOMPARE(priorityFromString(name), priority);
        QCOMPARE(priorityFromString(name.toLower()), priority);
        QCOMPARE(priorityEmoji(priority), emoji);
        QCOMPARE(priorityColorHex(priority), hex);
        QCOMPARE(priorityColorInt(priority), hex.mid(1).toInt(nullptr, 16));

        // The colour really is the named hue (red 0-15, orange 20-40, yellow 40-60, green
        // 90-150, blue 190-240 degrees), so a swapped constant cannot pass.
        const int h = hueOf(hex);
        const QHash<QString, QPair<int, int>> ranges { { QStringLiteral("red"), { 0, 15 } },
            { QStringLiteral("orange"), { 20, 40 } }, { QStringLiteral("yellow"), { 41, 60 } },
            { QStringLiteral("green"), { 90, 150 } }, { QStringLiteral("blue"), { 190, 240 } } };
        QVERIFY2(h >= ranges.value(hue).first && h <= ranges.value(hue).second,
            qPrintable(QStringLiteral("%1 has hue %2").arg(hex).arg(h)));
    }

    void priorityOrderAndNames()
    {
        QCOMPARE(priorityNames(),
            (QStringList { QStringLiteral("CRITICAL"), QStringLiteral("HIGH"), QStringLiteral("MEDIUM"),
                QStringLiteral("LOW"), QStringLiteral("INFO") }));
        QVERIFY(Priority::Critical < Priority::High && Priority::Low < Priority::Info);
        QVERIFY(!priorityFromString(QStringLiteral("URGENT")));
        QVERIFY(!priorityFromString(QString()));
    }

    void alertTypes()
    {
        const QStringList expected { QStringLiteral("PRICE"), QStringLiteral("PERFORMANCE"), QStringLiteral("RISK"),
            QStringLiteral("HEALTH"), QStringLiteral("MILESTONE"), QStringLiteral("CUSTOM") };
        QCOMPARE(alertTypeNames(), expected);
        for (int i = 0; i < expected.size(); ++i) {
            const auto t = static_cast<AlertType>(i);
            QCOMPARE(alertTypeName(t), expected.at(i));
            QCOMPARE(alertTypeFromString(expected.at(i).toLower()), t);
        }
        QVERIFY(!alertTypeFromString(QStringLiteral("WEATHER")));
    }

    void alertStates()
    {
        QCOMPARE(alertStateName(AlertState::Acknowledged), QStringLiteral("acknowledged"));
        QCOMPARE(alertStateFromString(QStringLiteral("Snoozed")), AlertState::Snoozed);
        QVERIFY(!alertStateFromString(QStringLiteral("closed")));
    }
};

QTEST_GUILESS_MAIN(TestAlert)
#include "TestAlert.moc"
