// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "FakeClock.h"
#include "ScriptedHttpServer.h"
#include "TestProfile.h"

#include "cli/Cli.h"
#include "config/Profile.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertLifecycle.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "engine/PolicyEngine.h"
#include "policy/PolicyConfig.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace alertdesk;
using namespace alertdesk::test;

// Routing rules choose the channels; templates shape what each channel kind receives.
// JSON written with single quotes (moc does not read raw string literals well).
static QByteArray dq(const char* singleQuoted)
{
    return QByteArray(singleQuoted).replace('\'', '"');
}

class TestRoutingAndTemplates final : public QObject {
    Q_OBJECT

    static QByteArray policies()
    {
        return dq(
            "{"
            "'routing': ["
            "{'name': 'critical pages', 'match': {'priorities': ['CRITICAL']}, 'channels': ['sms', 'pager'], "
            "'continue': true},"
            "{'match': {'types': ['RISK']}, 'channels': ['risk']},"
            "{'match': {'symbols': ['ethusdt']}, 'channels': ['off']},"
            "{'match': {'tags': ['desk-a']}, 'channels': ['hook']}"
            "],"
            "'templates': ["
            "{'channel_kind': 'webhook', 'type': 'PRICE', 'title': '{{priority_emoji}} {{symbol}} {{data.price}}',"
            "'message': 'Move {{data.change_pct|?}}% x{{count}}'}"
            "]}");
    }

    struct Fixture {
        FakeClock clock;
        TestProfile profile { &clock };
        ScriptedHttpServer server;
        bool ok = false;

        Fixture()
        {
            if (!profile.isValid() || !server.listen())
                return;
            for (const char* name : { "hook", "sms", "pager", "risk", "off" }) {
                if (!profile
                         .addWebhook(
                             QString::fromLatin1(name), server.url(QLatin1Char('/') + QString::fromLatin1(name)))
                         .isEmpty())
                    return;
            }
            // "off" exists but is disabled: a rule that names only it falls back to the defaults.
            ChannelConfig off = *profile.engine().profile().channel(QStringLiteral("off"));
            off.enabled = false;
            profile.engine().profile().replaceChannel(off);
            QString error;
            if (!profile.engine().profile().setPolicies(QJsonDocument::fromJson(policies()).object(), &error)) {
                qWarning() << error;
                return;
            }
            profile.engine().notifications().dispatcher().setPollIntervalMs(0);
            profile.engine().policy().setPollIntervalMs(0);
            profile.engine().lifecycle().setPollIntervalMs(0);
            ok = true;
        }
        std::optional<Admission> submit(const QJsonObject& o)
        {
            AlertParseResult r = parseAlert(o, clock.now());
            FieldError fe;
            auto adm = r.ok() ? profile.engine().alertManager().admit(*r.alert, &fe) : std::nullopt;
            if (!adm)
                qWarning() << fe.toString() << r.error.toString();
            return adm;
        }
    };

private Q_SLOTS:
    void routing_data()
    {
        QTest::addColumn<QByteArray>("alert");
        QTest::addColumn<QStringList>("channels");
        QTest::newRow("critical risk: continue, then the risk rule")
            << (dq("{'type':'RISK','priority':'CRITICAL','title':'t'}")) << QStringList { "sms", "pager", "risk" };
        QTest::newRow("critical price: only the first rule matches")
            << (dq("{'type':'PRICE','priority':'CRITICAL','title':'t'}")) << QStringList { "sms", "pager" };
        QTest::newRow("high risk") << (dq("{'type':'RISK','priority':'HIGH','title':'t'}")) << QStringList { "risk" };
        QTest::newRow("risk rule stops before the tag rule")
            << (dq("{'type':'RISK','priority':'LOW','title':'t','data':{'tags':['desk-a']}}"))
            << QStringList { "risk" };
        QTest::newRow("by tag") << (dq(
            "{'type':'PRICE','priority':'MEDIUM','title':'t','data':{'tags':'desk-b,desk-a'}}"))
                                << QStringList { "hook" };
        QTest::newRow("a rule overrides the alert's own channels")
            << (dq("{'type':'RISK','priority':'LOW','title':'t','channels':['hook']}")) << QStringList { "risk" };
        QTest::newRow("no rule: the alert's own channels")
            << (dq("{'type':'PRICE','priority':'LOW','title':'t','channels':['pager']}")) << QStringList { "pager" };
        QTest::newRow("no rule, no channels: every enabled one")
            << (dq("{'type':'PRICE','priority':'LOW','title':'t'}")) << QStringList { "hook", "sms", "pager", "risk" };
        QTest::newRow("a rule whose channels are all disabled: the defaults")
            << (dq("{'type':'PRICE','priority':'LOW','title':'t','symbol':'ETHUSDT','channels':['sms']}"))
            << QStringList { "sms" };
    }
    void routing()
    {
        QFETCH(QByteArray, alert);
        QFETCH(QStringList, channels);
        Fixture f;
        QVERIFY(f.ok);
        const auto adm = f.submit(QJsonDocument::fromJson(alert).object());
        QVERIFY(adm);
        QCOMPARE(adm->plan.queued, channels);
    }

    void templatesShapeWhatIsSent()
    {
        Fixture f;
        QVERIFY(f.ok);
        QVERIFY(f.profile.start().isEmpty());
        QVERIFY(f.submit(QJsonDocument::fromJson(
            dq("{'type':'PRICE','priority':'HIGH','title':'BTC above 100k',"
               "'symbol':'BTCUSDT','channels':['hook'],'data':{'price':100250.5,'change_pct':3.2}}"))
                             .object()));
        QVERIFY(f.server.waitForRequests(1));
        QJsonObject sent = f.server.requests().at(0).json().value(QStringLiteral("alert")).toObject();
        QCOMPARE(sent.value(QStringLiteral("title")).toString(), QStringLiteral("🟠 BTCUSDT 100250.5"));
        QCOMPARE(sent.value(QStringLiteral("message")).toString(), QStringLiteral("Move 3.2% x1"));
        QCOMPARE(sent.value(QStringLiteral("data")).toObject().value(QStringLiteral("price")).toDouble(),
            100250.5); // data untouched

        // No price in this alert: the title falls back to the default text; the message renders.
        QVERIFY(f.submit(QJsonDocument::fromJson(dq("{'type':'PRICE','priority':'LOW','title':'ETH funding flipped',"
                                                    "'symbol':'ETHUSDT','channels':['hook']}"))
                             .object()));
        QVERIFY(f.server.waitForRequests(2));
        sent = f.server.requests().at(1).json().value(QStringLiteral("alert")).toObject();
        QCOMPARE(sent.value(QStringLiteral("title")).toString(), QStringLiteral("ETH funding flipped"));
        QCOMPARE(sent.value(QStringLiteral("message")).toString(), QStringLiteral("Move ?% x1"));

        // Another type has no template: sent as it is.
        QVERIFY(f.submit(
            QJsonDocument::fromJson(dq("{'type':'HEALTH','priority':'LOW','title':'Feed lag 2s','channels':['hook']}"))
                .object()));
        QVERIFY(f.server.waitForRequests(3));
        QCOMPARE(f.server.requests().at(2).json()[QStringLiteral("alert")][QStringLiteral("title")].toString(),
            QStringLiteral("Feed lag 2s"));
    }

    void templateFollowsAReminderPrefix()
    {
        Fixture f;
        QVERIFY(f.ok);
        QVERIFY(f.profile.start().isEmpty());
        const auto adm
            = f.submit(QJsonDocument::fromJson(dq("{'type':'PRICE','priority':'HIGH','title':'BTC above 100k',"
                                                  "'symbol':'BTCUSDT','channels':['hook'],'data':{'price':100250.5}}"))
                           .object());
        QVERIFY(adm);
        QVERIFY(f.server.waitForRequests(1));
        QVERIFY(f.profile.engine().lifecycle().snoozeFor(adm->alert.id, 60000, {}, EventSource::UI).ok());
        f.clock.advance(60000);
        QVERIFY(f.server.waitForRequests(2));
        QCOMPARE(f.server.requests().at(1).json()[QStringLiteral("alert")][QStringLiteral("title")].toString(),
            QStringLiteral("[Snooze ended] 🟠 BTCUSDT 100250.5"));
    }

    void routingConfigErrors_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("no channels") << (dq("{'routing':[{'match':{'types':['RISK']},'channels':[]}]}"))
                                     << "policies.routing[0].channels: must name at least one channel";
        QTest::newRow("bad channel name") << (dq("{'routing':[{'channels':['sms pager']}]}"))
                                          << "policies.routing[0].channels[0]: 'sms pager' is not a channel name";
        QTest::newRow("continue not bool") << (dq("{'routing':[{'channels':['sms'],'continue':'yes'}]}"))
                                           << "policies.routing[0].continue: must be true or false";
        QTest::newRow("bad match") << (dq(
            "{'routing':[{'channels':['sms']},{'channels':['sms'],'match':{'priorities':['P1']}}]}"))
                                   << "policies.routing[1].match.priorities[0]: 'P1' is not one of";
        QTest::newRow("template syntax") << (dq("{'templates':[{'title':'{{symbol}'}]}"))
                                         << "policies.templates[0].title: line 1, column 1: '{{' is not closed";
        QTest::newRow("template twice")
            << (dq("{'templates':[{'title':'a'},{'message':'b'}]}"))
            << "policies.templates[1]: a template for this channel_kind and type exists already";
        QTest::newRow("aggregation field") << (dq("{'aggregation':{'group_by':['venue']}}"))
                                           << "policies.aggregation.group_by[0]: 'venue' is not one of";
    }
    void routingConfigErrors()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        FieldError fe;
        QVERIFY(!PolicyConfig::fromJson(QJsonDocument::fromJson(json).object(), &fe));
        QVERIFY2(fe.toString().startsWith(error), qPrintable(fe.toString()));
    }

    void cliTemplatePreview()
    {
        Fixture f;
        QVERIFY(f.ok);
        QString error;
        QVERIFY(f.profile.engine().profile().save(&error));
        auto run = [&](const QStringList& args, QJsonObject* json, QString* err) {
            QString outText, errText;
            QTextStream out(&outText), errStream(&errText);
            QBuffer in;
            in.open(QIODevice::ReadOnly);
            Cli c(out, errStream, &in);
            c.setSecretStore(&f.profile.secrets());
            QSignalSpy finished(&c, &Cli::finished);
            c.start(QStringList { QStringLiteral("--profile"), f.profile.dir(), QStringLiteral("template"),
                        QStringLiteral("preview") }
                + args);
            if (finished.isEmpty() && !finished.wait(5000))
                return -1;
            out.flush();
            errStream.flush();
            *json = QJsonDocument::fromJson(outText.toUtf8()).object();
            *err = errText;
            return finished.first().first().toInt();
        };
        QJsonObject j;
        QString err;
        QCOMPARE(run({}, &j, &err), 0); // the profile's template for webhook/PRICE on a sample alert
        QCOMPARE(j.value(QStringLiteral("template")).toString(), QStringLiteral("profile"));
        QCOMPARE(j.value(QStringLiteral("title")).toString(), QStringLiteral("🟠 BTCUSDT 100250.5"));
        QCOMPARE(run({ QStringLiteral("--title"), QStringLiteral("{{symbol}} {{prize}}") }, &j, &err), 2);
        QVERIFY2(err.contains(QStringLiteral("--title: line 1, column 14: unknown field 'prize'")), qPrintable(err));
        QCOMPARE(run({ QStringLiteral("--data"), QStringLiteral("{}") }, &j, &err), 2);
        QVERIFY2(err.contains(QStringLiteral("line 1, column 31: data.price is not in this alert")), qPrintable(err));
        QCOMPARE(j.value(QStringLiteral("title")).toString(),
            QStringLiteral("BTC above 100k")); // what would be sent instead
        QCOMPARE(run({ QStringLiteral("--kind"), QStringLiteral("slack") }, &j, &err), 0);
        QVERIFY(j.value(QStringLiteral("template")).isNull());
        QCOMPARE(run({ QStringLiteral("--message"), QStringLiteral("{{type}}/{{data.x|none}}"),
                         QStringLiteral("--type"), QStringLiteral("risk") },
                     &j, &err),
            0);
        QCOMPARE(j.value(QStringLiteral("message")).toString(), QStringLiteral("RISK/none"));
    }
};

QTEST_GUILESS_MAIN(TestRoutingAndTemplates)
#include "TestRoutingAndTemplates.moc"
