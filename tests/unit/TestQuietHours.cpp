// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "policy/QuietHours.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace alertdesk;

// Mute timings: matching, the end of a quiet period (across daylight-saving changes), and
// validation errors that name the field.
class TestQuietHours final : public QObject {
    Q_OBJECT

    static MuteTiming timing(const QByteArray& json)
    {
        FieldError e;
        const auto m = MuteTiming::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("q"), &e);
        if (!m)
            qFatal("bad test timing: %s", qPrintable(e.toString()));
        return *m;
    }
    static qint64 utc(const char* iso)
    {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODate).toMSecsSinceEpoch();
    }

private Q_SLOTS:
    void mutedUntil_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("now"); // UTC
        QTest::addColumn<QString>("until"); // UTC; "" = not muted; "never" = no end in sight

        const QByteArray nightBerlin = R"({"name":"night","location":"Europe/Berlin",
            "time_intervals":[{"times":[{"start_time":"22:00","end_time":"07:00"}]}]})";
        // 2026-03-29 02:00 CET -> 03:00 CEST (01:00 UTC); 2026-10-25 03:00 CEST -> 02:00 CET (01:00 UTC).
        QTest::newRow("spring night, after the change") << nightBerlin << "2026-03-29T01:00:00Z"
                                                        << "2026-03-29T05:00:00Z";
        QTest::newRow("spring night, from its start") << nightBerlin << "2026-03-28T21:00:00Z"
                                                      << "2026-03-29T05:00:00Z";
        QTest::newRow("spring, a minute before") << nightBerlin << "2026-03-28T20:59:00Z"
                                                 << "";
        QTest::newRow("autumn night") << nightBerlin << "2026-10-24T23:00:00Z"
                                      << "2026-10-25T06:00:00Z";
        QTest::newRow("autumn night, in the repeated hour") << nightBerlin << "2026-10-25T01:30:00Z"
                                                            << "2026-10-25T06:00:00Z";
        QTest::newRow("winter night") << nightBerlin << "2026-12-01T23:00:00Z"
                                      << "2026-12-02T06:00:00Z";
        QTest::newRow("summer night") << nightBerlin << "2026-07-01T23:00:00Z"
                                      << "2026-07-02T05:00:00Z";

        const QByteArray repeatedHour = R"({"name":"r","location":"Europe/Berlin",
            "time_intervals":[{"times":[{"start_time":"02:00","end_time":"02:30"}]}]})";
        QTest::newRow("02:10 CEST") << repeatedHour << "2026-10-25T00:10:00Z"
                                    << "2026-10-25T00:30:00Z";
        QTest::newRow("02:10 CET, the hour again") << repeatedHour << "2026-10-25T01:10:00Z"
                                                   << "2026-10-25T01:30:00Z";
        QTest::newRow("02:40 CEST") << repeatedHour << "2026-10-25T00:40:00Z"
                                    << "";

        const QByteArray intoTheGap = R"({"name":"g","location":"Europe/Berlin",
            "time_intervals":[{"times":[{"start_time":"01:30","end_time":"02:30"}]}]})";
        QTest::newRow("ends in the missing hour: at the change") << intoTheGap << "2026-03-29T00:45:00Z"
                                                                 << "2026-03-29T01:00:00Z";
        const QByteArray missingHour = R"({"name":"m","location":"Europe/Berlin",
            "time_intervals":[{"times":[{"start_time":"02:00","end_time":"03:00"}]}]})";
        QTest::newRow("missing hour: 01:59 CET") << missingHour << "2026-03-29T00:59:00Z"
                                                 << "";
        QTest::newRow("missing hour: 03:00 CEST") << missingHour << "2026-03-29T01:00:00Z"
                                                  << "";
        QTest::newRow("missing hour: a normal day") << missingHour << "2026-03-30T00:30:00Z"
                                                    << "2026-03-30T01:00:00Z";

        const QByteArray weekend
            = R"({"name":"w","location":"UTC","time_intervals":[{"weekdays":["saturday:sunday"]}]})";
        QTest::newRow("weekend") << weekend << "2026-11-21T10:00:00Z"
                                 << "2026-11-23T00:00:00Z";
        QTest::newRow("weekday") << weekend << "2026-11-20T10:00:00Z"
                                 << "";
        const QByteArray wrapWeek
            = R"({"name":"w","location":"UTC","time_intervals":[{"weekdays":["friday:monday"]}]})";
        QTest::newRow("weekday range that wraps") << wrapWeek << "2026-11-20T10:00:00Z"
                                                  << "2026-11-24T00:00:00Z";

        const QByteArray evenings = R"({"name":"e","location":"UTC","time_intervals":[
            {"weekdays":["monday:friday"],"times":[{"start_time":"18:00","end_time":"08:00"}]}]})";
        QTest::newRow("crossing midnight, Friday evening") << evenings << "2026-11-20T20:00:00Z"
                                                           << "2026-11-21T00:00:00Z";
        QTest::newRow("crossing midnight, Tuesday early") << evenings << "2026-11-17T03:00:00Z"
                                                          << "2026-11-17T08:00:00Z";
        QTest::newRow("crossing midnight, Saturday early") << evenings << "2026-11-21T03:00:00Z"
                                                           << "";

        const QByteArray lastDay = R"({"name":"l","location":"UTC","time_intervals":[{"days_of_month":["-1"]}]})";
        QTest::newRow("last day of February") << lastDay << "2026-02-28T12:00:00Z"
                                              << "2026-03-01T00:00:00Z";
        QTest::newRow("not the last day") << lastDay << "2026-02-27T12:00:00Z"
                                          << "";
        const QByteArray xmas
            = R"({"name":"x","location":"UTC","time_intervals":[{"months":["december"],"days_of_month":["24:26"]}]})";
        QTest::newRow("christmas") << xmas << "2026-12-25T10:00:00Z"
                                   << "2026-12-27T00:00:00Z";
        QTest::newRow("not christmas") << xmas << "2026-11-25T10:00:00Z"
                                       << "";
        const QByteArray year
            = R"({"name":"y","location":"UTC","time_intervals":[{"years":["2026"],"months":["12"]}]})";
        QTest::newRow("year end") << year << "2026-12-31T23:00:00Z"
                                  << "2027-01-01T00:00:00Z";
        const QByteArray toMidnight
            = R"({"name":"t","location":"UTC","time_intervals":[{"times":[{"start_time":"20:00","end_time":"24:00"}]}]})";
        QTest::newRow("until 24:00") << toMidnight << "2026-11-18T21:00:00Z"
                                     << "2026-11-19T00:00:00Z";
        const QByteArray always
            = R"({"name":"a","location":"UTC","time_intervals":[{"times":[{"start_time":"00:00","end_time":"24:00"}]}]})";
        QTest::newRow("always") << always << "2026-11-18T21:00:00Z"
                                << "never";
        const QByteArray tokyo
            = R"({"name":"t","location":"Asia/Tokyo","time_intervals":[{"times":[{"start_time":"09:00","end_time":"15:00"}]}]})";
        QTest::newRow("another zone") << tokyo << "2026-11-18T01:00:00Z"
                                      << "2026-11-18T06:00:00Z";
    }
    void mutedUntil()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, now);
        QFETCH(QString, until);
        const MuteTiming m = timing(json);
        const qint64 t = utc(now.toLatin1().constData());
        QCOMPARE(m.isMuted(t), !until.isEmpty());
        const qint64 end = m.mutedUntil(t);
        if (until.isEmpty())
            QCOMPARE(end, t);
        else if (until == QLatin1String("never"))
            QCOMPARE(end, qint64(-1));
        else {
            QCOMPARE(QDateTime::fromMSecsSinceEpoch(end, Qt::UTC).toString(Qt::ISODate), until);
            QVERIFY(!m.isMuted(end));
            QVERIFY(m.isMuted(end - 1)); // the period really lasts until then
        }
    }

    void decisions()
    {
        const QList<MuteTiming> timings {
            timing(
                R"({"name":"night","location":"UTC","time_intervals":[{"times":[{"start_time":"22:00","end_time":"07:00"}]}]})"),
            timing(R"({"name":"sms-morning","channels":["sms"],"location":"UTC","critical_breaks_through":false,
                       "time_intervals":[{"times":[{"start_time":"06:00","end_time":"09:00"}]}]})"),
            timing(R"({"name":"desk-off","channels":["desk"],"held":"history","location":"UTC",
                       "time_intervals":[{"times":[{"start_time":"12:00","end_time":"13:00"}]}]})"),
        };
        const qint64 night = utc("2026-11-18T23:00:00Z");
        QuietDecision d = quietDecision(timings, QStringLiteral("slack"), Priority::High, night);
        QVERIFY(d.muted);
        QCOMPARE(d.until, utc("2026-11-19T07:00:00Z"));
        QCOMPARE(d.timings, QStringList { QStringLiteral("night") });
        // For sms the morning timing follows the night: free only at 09:00.
        d = quietDecision(timings, QStringLiteral("sms"), Priority::High, night);
        QCOMPARE(d.until, utc("2026-11-19T09:00:00Z"));
        // CRITICAL breaks through the night, but not the sms morning that says otherwise.
        QVERIFY(!quietDecision(timings, QStringLiteral("slack"), Priority::Critical, night).muted);
        d = quietDecision(timings, QStringLiteral("sms"), Priority::Critical, utc("2026-11-19T06:30:00Z"));
        QVERIFY(d.muted);
        QCOMPARE(d.until, utc("2026-11-19T09:00:00Z"));
        QVERIFY(!quietDecision(timings, QStringLiteral("sms"), Priority::Critical, night).muted);
        // A timing for other channels does nothing here; history-only is reported.
        QVERIFY(!quietDecision(timings, QStringLiteral("slack"), Priority::Low, utc("2026-11-19T12:30:00Z")).muted);
        d = quietDecision(timings, QStringLiteral("desk"), Priority::Low, utc("2026-11-19T12:30:00Z"));
        QVERIFY(d.muted && d.historyOnly);
    }

    void errors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("no name") << QByteArray(R"({"time_intervals":[{"weekdays":["monday"]}]})") << "q.name"
                                 << "required";
        QTest::newRow("unknown key") << QByteArray(
            R"({"name":"n","timezone":"UTC","time_intervals":[{"weekdays":["monday"]}]})")
                                     << "q.timezone"
                                     << "not a known field";
        QTest::newRow("bad zone") << QByteArray(
            R"({"name":"n","location":"Mars/Olympus","time_intervals":[{"weekdays":["monday"]}]})")
                                  << "q.location"
                                  << "IANA";
        QTest::newRow("no intervals") << QByteArray(R"({"name":"n","time_intervals":[]})") << "q.time_intervals"
                                      << "non-empty";
        QTest::newRow("empty interval") << QByteArray(R"({"name":"n","time_intervals":[{}]})") << "q.time_intervals[0]"
                                        << "for ever";
        QTest::newRow("bad start") << QByteArray(
            R"({"name":"n","time_intervals":[{"times":[{"start_time":"25:00","end_time":"07:00"}]}]})")
                                   << "q.time_intervals[0].times[0].start_time"
                                   << "HH:MM";
        QTest::newRow("24:00 start") << QByteArray(
            R"({"name":"n","time_intervals":[{"times":[{"start_time":"24:00","end_time":"07:00"}]}]})")
                                     << "q.time_intervals[0].times[0].start_time"
                                     << "HH:MM";
        QTest::newRow("no end") << QByteArray(R"({"name":"n","time_intervals":[{"times":[{"start_time":"22:00"}]}]})")
                                << "q.time_intervals[0].times[0].end_time"
                                << "HH:MM";
        QTest::newRow("empty range") << QByteArray(
            R"({"name":"n","time_intervals":[{"times":[{"start_time":"22:00","end_time":"22:00"}]}]})")
                                     << "q.time_intervals[0].times[0].end_time"
                                     << "same";
        QTest::newRow("bad weekday") << QByteArray(
            R"({"name":"n","time_intervals":[{"weekdays":["monday","funday"]}]})")
                                     << "q.time_intervals[0].weekdays[1]"
                                     << "weekday";
        QTest::newRow("bad day") << QByteArray(R"({"name":"n","time_intervals":[{"days_of_month":["0"]}]})")
                                 << "q.time_intervals[0].days_of_month[0]"
                                 << "day of the month";
        QTest::newRow("backwards days") << QByteArray(R"({"name":"n","time_intervals":[{"days_of_month":["10:5"]}]})")
                                        << "q.time_intervals[0].days_of_month[0]"
                                        << "ends before";
        QTest::newRow("bad month") << QByteArray(R"({"name":"n","time_intervals":[{"months":["smarch"]}]})")
                                   << "q.time_intervals[0].months[0]"
                                   << "month";
        QTest::newRow("bad year") << QByteArray(R"({"name":"n","time_intervals":[{"years":["26"]}]})")
                                  << "q.time_intervals[0].years[0]"
                                  << "year";
        QTest::newRow("bad held") << QByteArray(
            R"({"name":"n","held":"drop","time_intervals":[{"weekdays":["monday"]}]})")
                                  << "q.held"
                                  << "digest";
        QTest::newRow("bad breaks") << QByteArray(
            R"({"name":"n","critical_breaks_through":"yes","time_intervals":[{"weekdays":["monday"]}]})")
                                    << "q.critical_breaks_through"
                                    << "true or false";
        QTest::newRow("channels not strings")
            << QByteArray(R"({"name":"n","channels":[1],"time_intervals":[{"weekdays":["monday"]}]})")
            << "q.channels[0]"
            << "string";
    }
    void errors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, field);
        QFETCH(QString, messagePart);
        FieldError e;
        QVERIFY(!MuteTiming::fromJson(QJsonDocument::fromJson(json).object(), QStringLiteral("q"), &e));
        QCOMPARE(e.field, field);
        QVERIFY2(e.message.contains(messagePart), qPrintable(e.message));
    }
};

QTEST_GUILESS_MAIN(TestQuietHours)
#include "TestQuietHours.moc"
