// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "net/HttpTransport.h"

#include <QTest>

#include <ctime>

Q_DECLARE_METATYPE(alertdesk::HttpResponse)

using namespace alertdesk;

// How an HTTP answer (or its absence) becomes delivered / retry / failed, and Retry-After.
class TestHttpClassify final : public QObject {
    Q_OBJECT

    // Thu, 26 Nov 2026 14:00:00 GMT
    static constexpr qint64 kNow = 1795701600000;

    static HttpResponse answer(int status, const QByteArray& body = {}, const QByteArray& retryAfter = {})
    {
        HttpResponse r;
        r.status = status;
        r.body = body;
        r.latencyMs = 42;
        if (!retryAfter.isNull())
            r.headers.append({ "Retry-After", retryAfter });
        return r;
    }
    static HttpResponse networkError(QNetworkReply::NetworkError e, const QString& text)
    {
        HttpResponse r;
        r.error = e;
        r.errorString = text;
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(kNow, Qt::UTC), QDateTime(QDate(2026, 11, 26), QTime(14, 0), Qt::UTC));
    }

    void parseRetryAfter_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("seconds") << QByteArray("7") << qint64(7000);
        QTest::newRow("zero") << QByteArray("0") << qint64(0);
        QTest::newRow("spaces") << QByteArray("  120 ") << qint64(120000);
        QTest::newRow("fractional (Discord style)") << QByteArray("1.25") << qint64(1250);
        QTest::newRow("fractional rounds to ms") << QByteArray("0.0004") << qint64(0);
        QTest::newRow("HTTP-date") << QByteArray("Thu, 26 Nov 2026 14:00:07 GMT") << qint64(7000);
        QTest::newRow("HTTP-date an hour on") << QByteArray("Thu, 26 Nov 2026 15:00:00 GMT") << qint64(3600000);
        QTest::newRow("HTTP-date in the past") << QByteArray("Thu, 26 Nov 2026 13:59:00 GMT") << qint64(0);
        QTest::newRow("absent") << QByteArray() << qint64(-1);
        QTest::newRow("garbage") << QByteArray("soon") << qint64(-1);
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1);
        QTest::newRow("number with junk") << QByteArray("5 seconds") << qint64(-1);
        QTest::newRow("not a number: nan") << QByteArray("nan") << qint64(-1);
        QTest::newRow("not a number: inf") << QByteArray("inf") << qint64(-1);
        QTest::newRow("malformed date") << QByteArray("Thu, 32 Nov 2026 14:00:07 GMT") << qint64(-1);
    }
    void parseRetryAfter()
    {
        QFETCH(QByteArray, value);
        QFETCH(qint64, expected);
        QCOMPARE(alertdesk::parseRetryAfter(value, kNow), expected);
    }

    void httpDateIgnoresTheLocalTimeZone()
    {
        // 02:30 on 8 March 2026 does not exist in New York (clocks jump 02:00 -> 03:00); an
        // HTTP-date is GMT, so the local zone must play no part.
        const QByteArray oldTz = qgetenv("TZ");
        qputenv("TZ", "America/New_York");
        tzset();
        const QDateTime expected(QDate(2026, 3, 8), QTime(2, 30, 5), Qt::UTC);
        const qint64 now = QDateTime(QDate(2026, 3, 8), QTime(2, 30), Qt::UTC).toMSecsSinceEpoch();
        const qint64 got = alertdesk::parseRetryAfter("Sun, 08 Mar 2026 02:30:05 GMT", now);
        if (oldTz.isNull())
            qunsetenv("TZ");
        else
            qputenv("TZ", oldTz);
        tzset();
        QCOMPARE(got, expected.toMSecsSinceEpoch() - now);
    }

    void classify_data()
    {
        using K = SendOutcome::Kind;
        QTest::addColumn<HttpResponse>("response");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("rateLimited");
        QTest::addColumn<qint64>("retryAfter");
        QTest::addColumn<QString>("error");

        QTest::newRow("200") << answer(200, "ok") << int(K::Delivered) << false << qint64(-1) << QString();
        QTest::newRow("204") << answer(204) << int(K::Delivered) << false << qint64(-1) << QString();
        QTest::newRow("429 with Retry-After") << answer(429, "slow down", "7") << int(K::Retry) << true << qint64(7000)
                                              << QStringLiteral("HTTP 429: slow down");
        QTest::newRow("429 without Retry-After")
            << answer(429) << int(K::Retry) << true << qint64(-1) << QStringLiteral("HTTP 429");
        QTest::newRow("408") << answer(408, "timeout") << int(K::Retry) << false << qint64(-1)
                             << QStringLiteral("HTTP 408: timeout");
        QTest::newRow("500") << answer(500, "boom") << int(K::Retry) << false << qint64(-1)
                             << QStringLiteral("HTTP 500: boom");
        QTest::newRow("503 with Retry-After")
            << answer(503, "maintenance", "Thu, 26 Nov 2026 14:00:30 GMT") << int(K::Retry) << false << qint64(30000)
            << QStringLiteral("HTTP 503: maintenance");
        QTest::newRow("400 is final") << answer(400, "invalid_payload") << int(K::Failed) << false << qint64(-1)
                                      << QStringLiteral("HTTP 400: invalid_payload");
        QTest::newRow("401 is final") << answer(401, "  bad token \n") << int(K::Failed) << false << qint64(-1)
                                      << QStringLiteral("HTTP 401: bad token");
        QTest::newRow("404 is final") << answer(404) << int(K::Failed) << false << qint64(-1)
                                      << QStringLiteral("HTTP 404");
        QTest::newRow("connection refused")
            << networkError(QNetworkReply::ConnectionRefusedError, QStringLiteral("Connection refused"))
            << int(K::Retry) << false << qint64(-1) << QStringLiteral("Connection refused");
        QTest::newRow("connection reset")
            << networkError(QNetworkReply::RemoteHostClosedError, QStringLiteral("Connection closed")) << int(K::Retry)
            << false << qint64(-1) << QStringLiteral("Connection closed");
        QTest::newRow("host not found") << networkError(
            QNetworkReply::HostNotFoundError, QStringLiteral("Host x not found"))
                                        << int(K::Retry) << false << qint64(-1) << QStringLiteral("Host x not found");
        QTest::newRow("timeout") << networkError(
            QNetworkReply::OperationCanceledError, QStringLiteral("Operation canceled"))
                                 << int(K::Retry) << false << qint64(-1)
                                 << QStringLiteral("no answer in time (Operation canceled)");
        QTest::newRow("TLS failure is final")
            << networkError(QNetworkReply::SslHandshakeFailedError, QStringLiteral("certificate expired"))
            << int(K::Failed) << false << qint64(-1) << QStringLiteral("TLS verification failed: certificate expired");
        QTest::newRow("unknown scheme is final")
            << networkError(QNetworkReply::ProtocolUnknownError, QStringLiteral("Protocol \"ftp\" is unknown"))
            << int(K::Failed) << false << qint64(-1) << QStringLiteral("Protocol \"ftp\" is unknown");
    }
    void classify()
    {
        QFETCH(HttpResponse, response);
        QFETCH(int, kind);
        QFETCH(bool, rateLimited);
        QFETCH(qint64, retryAfter);
        QFETCH(QString, error);
        const SendOutcome o = classifyHttp(response, kNow, Redactor());
        QCOMPARE(int(o.kind), kind);
        QCOMPARE(o.rateLimited, rateLimited);
        QCOMPARE(o.retryAfterMs, retryAfter);
        QCOMPARE(o.error, error);
        QCOMPARE(o.httpStatus, response.status);
        QCOMPARE(o.latencyMs, response.latencyMs);
    }

    void classifyRedactsSecrets()
    {
        Redactor r;
        r.addSecret(QStringLiteral("https://hooks.example/T1/B2/tok3n"));
        r.addSecret(QStringLiteral("tok3n-bearer"));
        const SendOutcome a = classifyHttp(answer(403, "bad token tok3n-bearer"), kNow, r);
        QCOMPARE(a.error, QStringLiteral("HTTP 403: bad token [redacted]"));
        const SendOutcome b = classifyHttp(
            networkError(QNetworkReply::ConnectionRefusedError,
                QStringLiteral("Error transferring https://hooks.example/T1/B2/tok3n - Connection refused")),
            kNow, r);
        QCOMPARE(b.error, QStringLiteral("Error transferring [redacted] - Connection refused"));
    }

    void longBodiesAreShortened()
    {
        const SendOutcome o = classifyHttp(answer(400, QByteArray(5000, 'e')), kNow, Redactor());
        QVERIFY(o.error.startsWith(QStringLiteral("HTTP 400: eeee")));
        QVERIFY(o.error.size() < 700);
    }

    // Redacted before it is cut: a secret across the cut is not left half-visible.
    void secretAcrossTheCutIsRedacted()
    {
        const QString key = QStringLiteral("R0ut1ngKeyR0ut1ngKeyR0ut1ngKey32");
        Redactor redactor;
        redactor.addSecret(key);
        // The key spans characters 580 to 612 of the answer; errors keep its first 600.
        const QByteArray body = QByteArray(560, ' ').replace(0, 5, "error") + "invalid routing key " + key.toLatin1();
        const SendOutcome o = classifyHttp(answer(400, body), kNow, redactor);
        QVERIFY2(!o.error.contains(QLatin1String("R0ut1ngK")), qPrintable(o.error));
        QVERIFY2(o.error.endsWith(QLatin1String("invalid routing key [redacted]")), qPrintable(o.error));
        QVERIFY(answerText(answer(400, "key " + key.toLatin1()), redactor, 12) == QStringLiteral("key [redacte"));
    }
};

QTEST_GUILESS_MAIN(TestHttpClassify)
#include "TestHttpClassify.moc"
