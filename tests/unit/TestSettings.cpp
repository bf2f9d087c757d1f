// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "config/Settings.h"

#include <QTest>

using namespace alertdesk;

// The settings table: text and JSON values are checked against type and range, and every
// error names the key.
class TestSettings final : public QObject {
    Q_OBJECT

    static const SettingSpec& spec(const char* key)
    {
        const SettingSpec* s = findSetting(QString::fromLatin1(key));
        Q_ASSERT(s);
        return *s;
    }

private Q_SLOTS:
    void everySpecIsConsistent()
    {
        QVERIFY(settingSpecs().size() >= 10);
        QSet<QString> keys;
        for (const SettingSpec& s : settingSpecs()) {
            QVERIFY2(!keys.contains(s.key), qPrintable(s.key));
            keys.insert(s.key);
            QVERIFY(!s.description.isEmpty());
            QString error;
            // The default passes its own check.
            QVERIFY2(checkSettingValue(s, s.defaultValue, &error), qPrintable(error));
        }
        QVERIFY(!findSetting(QStringLiteral("delivery.nope")));
    }

    void parse_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QJsonValue>("expected"); // Undefined: refused
        QTest::addColumn<QString>("errorContains");

        QTest::newRow("int") << "delivery.max_retries"
                             << "5" << QJsonValue(5) << QString();
        QTest::newRow("int with spaces") << "delivery.max_retries"
                                         << " 7 " << QJsonValue(7) << QString();
        QTest::newRow("int min") << "delivery.max_retries"
                                 << "0" << QJsonValue(0) << QString();
        QTest::newRow("int max") << "delivery.max_retries"
                                 << "20" << QJsonValue(20) << QString();
        QTest::newRow("int over max") << "delivery.max_retries"
                                      << "21" << QJsonValue(QJsonValue::Undefined)
                                      << "delivery.max_retries must be between 0 and 20";
        // Found by fuzz_dotenv (NOTIFICATION_MAX_RETRIES=1e300): the whole-number check cast 1e300 to qint64.
        QTest::newRow("int beyond qint64")
            << "delivery.max_retries"
            << "1e300" << QJsonValue(QJsonValue::Undefined) << "delivery.max_retries must be between 0 and 20";
        QTest::newRow("int under min") << "delivery.timeout_ms"
                                       << "99" << QJsonValue(QJsonValue::Undefined)
                                       << "delivery.timeout_ms must be between 100 and 600000";
        QTest::newRow("int not whole") << "delivery.concurrency"
                                       << "2.5" << QJsonValue(QJsonValue::Undefined)
                                       << "delivery.concurrency must be a whole number";
        QTest::newRow("int not a number")
            << "delivery.retry_delay_ms"
            << "fast" << QJsonValue(QJsonValue::Undefined) << "delivery.retry_delay_ms must be a number, not 'fast'";
        QTest::newRow("double") << "delivery.jitter"
                                << "0.35" << QJsonValue(0.35) << QString();
        QTest::newRow("double over") << "delivery.jitter"
                                     << "1.5" << QJsonValue(QJsonValue::Undefined)
                                     << "delivery.jitter must be between 0 and 1";
        QTest::newRow("bool true") << "delivery.parallel"
                                   << "true" << QJsonValue(true) << QString();
        QTest::newRow("bool yes") << "delivery.fail_fast"
                                  << "Yes" << QJsonValue(true) << QString();
        QTest::newRow("bool on") << "delivery.fail_fast"
                                 << "on" << QJsonValue(true) << QString();
        QTest::newRow("bool 0") << "delivery.parallel"
                                << "0" << QJsonValue(false) << QString();
        QTest::newRow("bool off") << "delivery.parallel"
                                  << "OFF" << QJsonValue(false) << QString();
        QTest::newRow("bool garbage") << "delivery.parallel"
                                      << "maybe" << QJsonValue(QJsonValue::Undefined)
                                      << "delivery.parallel must be true or false, not 'maybe'";
        QTest::newRow("choice") << "ui.notify_min_priority"
                                << "MEDIUM" << QJsonValue(QStringLiteral("MEDIUM")) << QString();
        QTest::newRow("choice any case") << "ui.notify_min_priority"
                                         << " critical " << QJsonValue(QStringLiteral("CRITICAL")) << QString();
        QTest::newRow("choice off") << "ui.notify_min_priority"
                                    << "off" << QJsonValue(QStringLiteral("OFF")) << QString();
        QTest::newRow("choice unknown")
            << "ui.notify_min_priority"
            << "urgent" << QJsonValue(QJsonValue::Undefined)
            << "ui.notify_min_priority must be one of CRITICAL, HIGH, MEDIUM, LOW, INFO, OFF, "
               "not 'urgent'";
        QTest::newRow("actions choice") << "ui.notify_actions_min_priority"
                                        << "low" << QJsonValue(QStringLiteral("LOW")) << QString();
        QTest::newRow("actions off") << "ui.notify_actions_min_priority"
                                     << "Off" << QJsonValue(QStringLiteral("OFF")) << QString();
        QTest::newRow("close to tray") << "ui.close_to_tray"
                                       << "false" << QJsonValue(false) << QString();
        QTest::newRow("start minimized") << "ui.start_minimized"
                                         << "yes" << QJsonValue(true) << QString();
        QTest::newRow("language") << "ui.language"
                                  << "DE" << QJsonValue(QStringLiteral("de")) << QString();
        QTest::newRow("language spanish") << "ui.language"
                                          << "es" << QJsonValue(QStringLiteral("es")) << QString();
        QTest::newRow("language unknown") << "ui.language"
                                          << "klingon" << QJsonValue(QJsonValue::Undefined)
                                          << "ui.language must be one of system, en, de, es, not 'klingon'";
        QTest::newRow("theme") << "ui.theme"
                               << "Dark" << QJsonValue(QStringLiteral("dark")) << QString();
        QTest::newRow("theme unknown") << "ui.theme"
                                       << "solarized" << QJsonValue(QJsonValue::Undefined)
                                       << "ui.theme must be one of system, light, dark, not 'solarized'";
    }

    void uiDefaults()
    {
        QCOMPARE(spec("ui.notify_min_priority").defaultValue, QJsonValue(QStringLiteral("HIGH")));
        QCOMPARE(spec("ui.notify_actions_min_priority").defaultValue, QJsonValue(QStringLiteral("HIGH")));
        QCOMPARE(spec("ui.close_to_tray").defaultValue, QJsonValue(true));
        QCOMPARE(spec("ui.start_minimized").defaultValue, QJsonValue(false));
        QCOMPARE(spec("ui.language").defaultValue, QJsonValue(QStringLiteral("system")));
        QCOMPARE(spec("ui.theme").defaultValue, QJsonValue(QStringLiteral("system")));
        QString error;
        QVERIFY(!checkSettingValue(spec("ui.notify_min_priority"), QJsonValue(2), &error));
        QVERIFY(error.startsWith(QStringLiteral("ui.notify_min_priority must be one of")));
        QVERIFY(spec("delivery.max_retries").choices().isEmpty());
    }
    void parse()
    {
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QJsonValue, expected);
        QFETCH(QString, errorContains);
        const SettingSpec* s = findSetting(key);
        QVERIFY(s);
        QString error;
        const auto v = parseSettingValue(*s, text, &error);
        if (expected.isUndefined()) {
            QVERIFY(!v);
            QVERIFY2(error.contains(errorContains), qPrintable(error));
            QVERIFY(error.startsWith(key));
        } else {
            QVERIFY2(v, qPrintable(error));
            QCOMPARE(*v, expected);
        }
    }

    void checkJsonTypes()
    {
        QString error;
        QVERIFY(!checkSettingValue(spec("delivery.max_retries"), QJsonValue(QStringLiteral("3")), &error));
        QCOMPARE(error, QStringLiteral("delivery.max_retries must be a number"));
        QVERIFY(!checkSettingValue(spec("delivery.parallel"), QJsonValue(1), &error));
        QCOMPARE(error, QStringLiteral("delivery.parallel must be true or false"));
        QVERIFY(!checkSettingValue(spec("delivery.jitter"), QJsonValue(-0.1), &error));
        QVERIFY(error.startsWith(QStringLiteral("delivery.jitter")));
        // A whole double for an int setting is stored as an integer.
        const auto v = checkSettingValue(spec("delivery.max_retries"), QJsonValue(4.0), &error);
        QVERIFY(v);
        QCOMPARE(v->toInteger(), qint64(4));
    }

    void deliverySettingsDefaultsAndOverrides()
    {
        const DeliverySettings d = DeliverySettings::fromSettings({});
        QCOMPARE(d.maxRetries, 3);
        QCOMPARE(d.retryDelayMs, 5000);
        QCOMPARE(d.retryCapMs, 300000);
        QCOMPARE(d.jitter, 0.2);
        QCOMPARE(d.parallel, true);
        QCOMPARE(d.failFast, false);
        QCOMPARE(d.timeoutMs, 10000);
        QCOMPARE(d.concurrency, 8);
        QCOMPARE(d.breakerThreshold, 5);
        QCOMPARE(d.breakerCooldownMs, 30000);

        const DeliverySettings o = DeliverySettings::fromSettings(
            { { QStringLiteral("delivery.max_retries"), 7 }, { QStringLiteral("delivery.parallel"), false },
                { QStringLiteral("delivery.jitter"), 0.5 }, { QStringLiteral("delivery.breaker_cooldown_ms"), 1000 } });
        QCOMPARE(o.maxRetries, 7);
        QCOMPARE(o.parallel, false);
        QCOMPARE(o.jitter, 0.5);
        QCOMPARE(o.breakerCooldownMs, 1000);
        QCOMPARE(o.retryDelayMs, 5000); // untouched keys keep their defaults
    }
};

QTEST_GUILESS_MAIN(TestSettings)
#include "TestSettings.moc"
