// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "config/Profile.h"
#include "config/ProfileLock.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

using namespace alertdesk;

// A profile folder's config.json: created by default, saved and loaded, a corrupt file kept
// aside, a newer file refused and left alone.
class TestProfileConfig final : public QObject {
    Q_OBJECT

    static QByteArray readAll(const QString& path)
    {
        QFile f(path);
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }
    static bool writeAll(const QString& path, const QByteArray& bytes)
    {
        QFile f(path);
        return f.open(QIODevice::WriteOnly | QIODevice::Truncate) && f.write(bytes) == bytes.size();
    }
    static QStringList corruptFiles(const QString& dir)
    {
        return QDir(dir).entryList({ QStringLiteral("config.json.corrupt-*") }, QDir::Files, QDir::Name);
    }

private Q_SLOTS:
    // A lock file without a PID (its holder killed between creating and writing it) does not
    // keep the profile locked; one held by a live process does.
    void lockWithoutPidIsTakenOver()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(QStringLiteral("engine.lock"));
        QFile empty(path);
        QVERIFY(empty.open(QIODevice::WriteOnly));
        empty.close();
        ProfileLock lock(path);
        QVERIFY2(lock.tryLock(), qPrintable(lock.errorString()));
        QCOMPARE(lock.ownerPid(), QCoreApplication::applicationPid());

        ProfileLock other(path);
        QVERIFY(!other.tryLock());
        QCOMPARE(other.ownerPid(), QCoreApplication::applicationPid());
        QVERIFY(other.errorString().contains(path));
        lock.unlock();
        QVERIFY(other.tryLock());
    }

    void defaultCreated()
    {
        QTemporaryDir tmp;
        const QString dir = tmp.path() + QStringLiteral("/new/profile");
        QString error, warning;
        const auto p = Profile::load(dir, &error, &warning);
        QVERIFY2(p, qPrintable(error));
        QVERIFY(warning.isEmpty());
        QCOMPARE(p->dir(), dir);
        QVERIFY(!QUuid::fromString(p->id()).isNull());
        QVERIFY(p->channels().isEmpty());
        QCOMPARE(p->configPath(), dir + QStringLiteral("/config.json"));
        QCOMPARE(p->databasePath(), dir + QStringLiteral("/history.db"));
        const QJsonObject json = QJsonDocument::fromJson(readAll(p->configPath())).object();
        QCOMPARE(json.value(QStringLiteral("version")).toInt(), Profile::kConfigVersion);
        QCOMPARE(json.value(QStringLiteral("profile_id")).toString(), p->id());
        // Owner only: the folder holds the history of every alert.
        QCOMPARE(
            QFile::permissions(dir) & (QFileDevice::ReadOther | QFileDevice::ReadGroup), QFileDevice::Permissions());
        QCOMPARE(QFile::permissions(p->configPath()) & (QFileDevice::ReadOther | QFileDevice::ReadGroup),
            QFileDevice::Permissions());
        // Loading again gives the same profile.
        const auto again = Profile::load(dir, &error);
        QVERIFY(again);
        QCOMPARE(again->id(), p->id());
        QCOMPARE(p->setting(QStringLiteral("delivery.max_retries")).toInt(), 3);
    }

    void saveLoadRoundTrip()
    {
        QTemporaryDir tmp;
        QString error;
        auto p = Profile::load(tmp.path(), &error);
        QVERIFY(p);
        ChannelConfig hook;
        hook.name = QStringLiteral("ops-hook");
        hook.kind = QStringLiteral("webhook");
        hook.settings = { { QStringLiteral("rate_per_second"), 2.5 } };
        hook.secretFields = { QStringLiteral("url"), QStringLiteral("hmac_secret") };
        ChannelConfig off;
        off.name = QStringLiteral("backup.1");
        off.kind = QStringLiteral("webhook");
        off.enabled = false;
        QVERIFY2(p->addChannel(hook, &error), qPrintable(error));
        QVERIFY2(p->addChannel(off, &error), qPrintable(error));
        QVERIFY(!p->addChannel(hook, &error));
        QVERIFY(error.contains(QStringLiteral("ops-hook")));
        ChannelConfig bad = hook;
        bad.name = QStringLiteral("bad name");
        QVERIFY(!p->addChannel(bad, &error));
        QVERIFY(error.contains(QStringLiteral("bad name")));
        QVERIFY2(p->setSetting(QStringLiteral("delivery.max_retries"), QStringLiteral("6"), &error), qPrintable(error));
        QVERIFY(p->setSetting(QStringLiteral("delivery.parallel"), QStringLiteral("false"), &error));
        QVERIFY(!p->setSetting(QStringLiteral("delivery.retries"), QStringLiteral("6"), &error));
        QVERIFY(error.contains(QStringLiteral("delivery.retries")));
        QVERIFY(error.contains(QStringLiteral("delivery.max_retries"))); // the known keys are listed
        QVERIFY(p->save(&error));

        const auto q = Profile::load(tmp.path(), &error);
        QVERIFY2(q, qPrintable(error));
        QCOMPARE(q->id(), p->id());
        QCOMPARE(q->channels().size(), 2);
        const ChannelConfig* h = q->channel(QStringLiteral("ops-hook"));
        QVERIFY(h);
        QCOMPARE(h->kind, hook.kind);
        QCOMPARE(h->enabled, true);
        QCOMPARE(h->settings, hook.settings);
        QCOMPARE(h->secretFields, hook.secretFields);
        QCOMPARE(q->channel(QStringLiteral("backup.1"))->enabled, false);
        QCOMPARE(q->enabledChannelNames(), QStringList { QStringLiteral("ops-hook") });
        QCOMPARE(q->setting(QStringLiteral("delivery.max_retries")).toInt(), 6);
        QCOMPARE(q->deliverySettings().maxRetries, 6);
        QCOMPARE(q->deliverySettings().parallel, false);
        // No secret value is in the file, only the names of the secret fields.
        QVERIFY(!readAll(q->configPath()).contains("http"));
    }

    void corruptConfigKeptAside_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("problem");
        QTest::newRow("not JSON") << QByteArray("{\"version\": 1, \"profile_id\": ")
                                  << QStringLiteral("not valid JSON");
        QTest::newRow("empty file") << QByteArray() << QStringLiteral("not valid JSON");
        QTest::newRow("an array") << QByteArray("[1, 2]") << QStringLiteral("not a JSON object");
        QTest::newRow("no profile id") << QByteArray("{\"version\": 1}") << QStringLiteral("profile_id");
        QTest::newRow("bad channel name")
            << QByteArray("{\"version\":1,\"profile_id\":\"p\",\"channels\":[{\"name\":\"a b\",\"kind\":\"webhook\"}]}")
            << QStringLiteral("channels[0].name");
        QTest::newRow("channel without kind")
            << QByteArray("{\"version\":1,\"profile_id\":\"p\",\"channels\":[{\"name\":\"ok\"}]}")
            << QStringLiteral("channels[0].kind");
    }
    void corruptConfigKeptAside()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, problem);
        QTemporaryDir tmp;
        const QString config = tmp.path() + QStringLiteral("/config.json");
        QVERIFY(writeAll(config, content));
        QString error, warning;
        QTest::ignoreMessage(QtWarningMsg,
            QRegularExpression(QStringLiteral("^config unreadable: .*") + QRegularExpression::escape(problem)));
        const auto p = Profile::load(tmp.path(), &error, &warning);
        QVERIFY2(p, qPrintable(error));
        QVERIFY2(warning.contains(problem), qPrintable(warning));
        const QStringList aside = corruptFiles(tmp.path());
        QCOMPARE(aside.size(), 1);
        QVERIFY2(warning.contains(aside.first()), qPrintable(warning));
        // The user's file is kept byte for byte; a fresh, valid config took its place.
        QCOMPARE(readAll(tmp.path() + QLatin1Char('/') + aside.first()), content);
        QVERIFY(p->channels().isEmpty());
        const auto again = Profile::load(tmp.path(), &error, &warning);
        QVERIFY(again);
        QCOMPARE(again->id(), p->id());
        QCOMPARE(corruptFiles(tmp.path()).size(), 1);
    }

    void badSettingCostsOnlyThatSetting_data()
    {
        QTest::addColumn<QByteArray>("settings");
        QTest::addColumn<QString>("problem");
        QTest::newRow("out of range") << QByteArray("{\"delivery.max_retries\":99,\"delivery.retry_delay_ms\":250}")
                                      << QStringLiteral("settings.delivery.max_retries ignored (the default applies): "
                                                        "delivery.max_retries must be between 0 and 20");
        QTest::newRow("wrong type")
            << QByteArray("{\"delivery.parallel\":\"yes\",\"delivery.retry_delay_ms\":250}")
            << QStringLiteral(
                   "settings.delivery.parallel ignored (the default applies): delivery.parallel must be true or false");
    }
    void badSettingCostsOnlyThatSetting()
    {
        QFETCH(QByteArray, settings);
        QFETCH(QString, problem);
        QTemporaryDir tmp;
        const QByteArray content
            = "{\"version\":1,\"profile_id\":\"p\",\"channels\":[{\"name\":\"ops\",\"kind\":\"webhook\","
              "\"secret_fields\":[\"url\"]}],\"settings\":"
            + settings + "}";
        QVERIFY(writeAll(tmp.path() + QStringLiteral("/config.json"), content));
        QString error, warning;
        const auto p = Profile::load(tmp.path(), &error, &warning);
        QVERIFY2(p, qPrintable(error));
        // Named: the file and the setting.
        QCOMPARE(warning, tmp.path() + QStringLiteral("/config.json: ") + problem);
        // The channels and the good setting survive; the bad one falls back to its default.
        QCOMPARE(p->channels().size(), 1);
        QCOMPARE(p->deliverySettings().retryDelayMs, 250);
        QCOMPARE(p->deliverySettings().maxRetries, 3);
        QCOMPARE(p->deliverySettings().parallel, true);
        QVERIFY(corruptFiles(tmp.path()).isEmpty());
        // Nothing overwritten: not by loading, and not by a save for another reason (the
        // user's wrong value stays for them to correct).
        QCOMPARE(readAll(tmp.path() + QStringLiteral("/config.json")), content);
        Profile changed = *p;
        QVERIFY2(changed.setSetting(QStringLiteral("delivery.timeout_ms"), QStringLiteral("5000"), &error),
            qPrintable(error));
        QVERIFY2(changed.save(&error), qPrintable(error));
        const QJsonObject saved = QJsonDocument::fromJson(readAll(tmp.path() + QStringLiteral("/config.json")))
                                      .object()
                                      .value(QStringLiteral("settings"))
                                      .toObject();
        const QJsonObject given = QJsonDocument::fromJson(settings).object();
        for (auto it = given.begin(); it != given.end(); ++it)
            QCOMPARE(saved.value(it.key()), it.value());
        QCOMPARE(saved.value(QStringLiteral("delivery.timeout_ms")).toInt(), 5000);
        QString again;
        QVERIFY(Profile::load(tmp.path(), &error, &again));
        QCOMPARE(again, warning);
    }

    // Values that are no number at all are refused by type and range, naming the setting:
    // `settings set delivery.jitter nan` stored null before.
    void nonFiniteNumbersRefused_data()
    {
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        for (const char* t : { "nan", "NaN", "inf", "-inf", "infinity", "1e999" }) {
            QTest::addRow("jitter %s", t) << QStringLiteral("delivery.jitter") << QString::fromLatin1(t);
            QTest::addRow("retries %s", t) << QStringLiteral("delivery.max_retries") << QString::fromLatin1(t);
        }
    }
    void nonFiniteNumbersRefused()
    {
        QFETCH(QString, key);
        QFETCH(QString, text);
        QTemporaryDir tmp;
        QString error;
        auto p = Profile::load(tmp.path(), &error);
        QVERIFY2(p, qPrintable(error));
        const QJsonValue before = p->setting(key);
        QVERIFY(!p->setSetting(key, text, &error));
        QVERIFY2(error.contains(key), qPrintable(error));
        QCOMPARE(p->setting(key), before);
        QVERIFY(p->setSetting(QStringLiteral("delivery.jitter"), QStringLiteral("0.5"), &error));
        QCOMPARE(p->setting(QStringLiteral("delivery.jitter")).toDouble(), 0.5);
    }

    void twoCorruptConfigsInARowAreBothKept()
    {
        QTemporaryDir tmp;
        const QString config = tmp.path() + QStringLiteral("/config.json");
        QString error, warning;
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^config unreadable")));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("^config unreadable")));
        QVERIFY(writeAll(config, "first broken"));
        QVERIFY2(Profile::load(tmp.path(), &error, &warning), qPrintable(error));
        QVERIFY(writeAll(config, "second broken"));
        QVERIFY2(Profile::load(tmp.path(), &error, &warning), qPrintable(error));
        const QStringList aside = corruptFiles(tmp.path());
        QCOMPARE(aside.size(), 2);
        QSet<QByteArray> kept;
        for (const QString& f : aside)
            kept.insert(readAll(tmp.path() + QLatin1Char('/') + f));
        QCOMPARE(kept, (QSet<QByteArray> { "first broken", "second broken" }));
    }

    void newerConfigRefusedAndUntouched()
    {
        QTemporaryDir tmp;
        const QString config = tmp.path() + QStringLiteral("/config.json");
        const QByteArray content
            = "{\n  \"version\": 2,\n  \"profile_id\": \"future\",\n  \"new_feature\": {\"x\": 1}\n}\n";
        QVERIFY(writeAll(config, content));
        const QDateTime modified = QFileInfo(config).lastModified();
        QString error, warning;
        const auto p = Profile::load(tmp.path(), &error, &warning);
        QVERIFY(!p);
        QVERIFY2(error.contains(QStringLiteral("newer")), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("version 2")), qPrintable(error));
        QCOMPARE(readAll(config), content);
        QCOMPARE(QFileInfo(config).lastModified(), modified);
        QVERIFY(corruptFiles(tmp.path()).isEmpty());
        QCOMPARE(QDir(tmp.path()).entryList(QDir::Files), QStringList { QStringLiteral("config.json") });
    }

    void channelNames_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "slack" << true;
        QTest::newRow("dots dashes") << "ops-team.hook_2" << true;
        QTest::newRow("64 chars") << QString(64, QLatin1Char('a')) << true;
        QTest::newRow("65 chars") << QString(65, QLatin1Char('a')) << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("space") << "my hook" << false;
        QTest::newRow("leading dash") << "-x" << false;
        QTest::newRow("slash") << "a/b" << false;
        QTest::newRow("newline") << "a\nb" << false;
    }
    void channelNames()
    {
        QFETCH(QString, name);
        QFETCH(bool, valid);
        QCOMPARE(Profile::isValidChannelName(name), valid);
    }
};

QTEST_GUILESS_MAIN(TestProfileConfig)
#include "TestProfileConfig.moc"
