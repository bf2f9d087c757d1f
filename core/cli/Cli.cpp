#include "Cli.h"

#include "AppriseUrl.h"
#include "ChannelArgs.h"
#include "CommandArgs.h"
#include "EnvImport.h"
#include "ProfileImporter.h"
#include "RuleArgs.h"
#include "UnixSignals.h"
#include "config/DotEnv.h"
#include "config/Profile.h"
#include "config/SecretStore.h"
#include "delivery/Dispatcher.h"
#include "engine/AlertManager.h"
#include "engine/Engine.h"
#include "engine/NotificationService.h"
#include "engine/PolicyEngine.h"
#include "engine/RuleService.h"
#include "sources/IngestServer.h"
#include "sources/PriceFeed.h"
#include "storage/AlertStore.h"
#include "storage/LifecycleStore.h"
#include "storage/OutboxStore.h"
#include "storage/PolicyStore.h"
#include "util/Clock.h"
#include "util/Duration.h"
#include "util/Logging.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcessEnvironment>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>

#include <cmath>

namespace alertdesk {

Cli::Cli(QTextStream& out, QTextStream& err, QIODevice* in, QObject* parent)
    : QObject(parent)
    , m_out(out)
    , m_err(err)
    , m_in(in)
{
}

Cli::~Cli() = default;

QString Cli::usage()
{
    QString u = QStringLiteral(
        "Usage: alertdesk-cli [--profile DIR] COMMAND ...\n"
        "\n"
        "Commands:\n");
    for (const auto& spec : channelArgSpecs())
        u += QStringLiteral("  %1\n").arg(spec.usage);
    u += QStringLiteral(
        "  channel add-url URL|- [NAME] [--disabled]\n"
        "                                   an Apprise URL: tgram:// discord:// slack:// mailto:// mailtos://\n"
        "                                   json:// jsons:// pagerduty:// ('-' reads it from standard input)\n"
        "  channel list                     the channels as JSON (no secrets)\n"
        "  channel remove NAME\n"
        "  channel enable NAME | channel disable NAME\n"
        "  send --type T --priority P --title TEXT --message TEXT [--symbol S] [--strategy S]\n"
        "       [--position P] [--channel NAME]... [--data JSON] [--dedup-key K]\n"
        "                                   prints the delivery report; exit 0 all delivered, 1 a failure, 2 bad input;\n"
        "                                   a repeat of an open alert's dedup key prints {\"deduplicated\":true,...}\n"
        "  ack ID [--note TEXT]             acknowledge an alert (stops its escalation)\n"
        "  snooze ID DURATION|--until TIME [--note TEXT]\n"
        "                                   silence it for 15m, 1h, 4h, 1d... or until an ISO 8601 time; then it\n"
        "                                   opens and notifies again\n"
        "  resolve ID [--note TEXT]         resolve an alert\n"
        "  policies show                    quiet hours, escalation, grouping, templates, routing as JSON\n"
        "  policies check FILE|-            validate a policies document (errors name the field)\n"
        "  policies set FILE|-              validate it and make it the profile's policies\n"
        "  template preview [--kind KIND] [--alert ID | --type T --data JSON] [--title TEXT] [--message TEXT]\n"
        "                                   render a template (given, or the profile's for KIND and the\n"
        "                                   alert's type); errors show line and column; exit 2 on an error\n"
        "  test-channel NAME                send a test message now\n"
        "  health                           channel health as JSON\n"
        "  history [--limit N] [--alert ID] JSON lines, newest first, with deliveries and the state changes\n"
        "  settings set KEY VALUE | settings get KEY | settings list\n"
        "  flush                            deliver everything pending in the outbox, then exit\n"
        "  %2\n"
        "                                   frequency default: every for crossings and ranges, once for the others\n"
        "  rule list                        the rules with their state, as JSON\n"
        "  rule remove NAME | rule enable NAME | rule disable NAME\n"
        "  metric KEY VALUE [--time TIME] [--wait-timeout S]\n"
        "                                   evaluate the rules on a sample and deliver what they raise\n"
        "                                   (handed to the running instance's ingest API when there is one)\n"
        "  api-token                        print the ingest API's bearer token (made on first use)\n"
        "  run                              drive the engine and serve the ingest API on 127.0.0.1\n"
        "                                   (port: setting ingest.port) until SIGTERM or SIGINT\n"
        "  import-env [FILE]                channels and settings from the seed's variables, in a .env FILE or\n"
        "                                   the environment; a JSON report; exit 0 all imported, 2 some rejected\n"
        "\n"
        "A secret option (--url, --hmac-secret, ...) given as '-' is read from standard input.\n"
        "Durations: 30s, 5m, 1h, 1d, 1h30m. Times: ISO 8601 (2026-11-26T14:00:00Z; no offset means UTC).\n"
        "The default profile is in %1.\n")
             .arg(Profile::defaultDir(), ruleAddUsage());
    return u;
}

void Cli::start(const QStringList& arguments)
{
    QStringList args = arguments;
    // --profile is global and may stand anywhere before the command's own words.
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--profile")) {
            if (i + 1 >= args.size()) {
                fail(BadInput, QStringLiteral("--profile needs a folder"));
                return;
            }
            m_profileDir = args[i + 1];
            args.remove(i, 2);
            break;
        }
        if (args[i].startsWith(QLatin1String("--profile="))) {
            m_profileDir = args[i].mid(10);
            args.remove(i);
            break;
        }
    }
    if (args.isEmpty() || args.first() == QLatin1String("help") || args.first() == QLatin1String("--help")
        || args.first() == QLatin1String("-h")) {
        m_out << usage();
        m_out.flush();
        done(args.isEmpty() ? BadInput : Ok);
        return;
    }
    if (args.first() == QLatin1String("--version")) {
        m_out << QCoreApplication::applicationVersion() << '\n';
        done(Ok);
        return;
    }
    const QString command = args.takeFirst();
    dispatch(command, args);
}

void Cli::dispatch(const QString& command, const QStringList& rest)
{
    if (command == QLatin1String("channel"))
        cmdChannel(rest);
    else if (command == QLatin1String("send"))
        cmdSend(rest);
    else if (command == QLatin1String("test-channel"))
        cmdTestChannel(rest);
    else if (command == QLatin1String("health"))
        cmdHealth(rest);
    else if (command == QLatin1String("history"))
        cmdHistory(rest);
    else if (command == QLatin1String("settings"))
        cmdSettings(rest);
    else if (command == QLatin1String("flush"))
        cmdFlush(rest);
    else if (command == QLatin1String("run"))
        cmdRun(rest);
    else if (command == QLatin1String("import-env"))
        cmdImportEnv(rest);
    else if (command == QLatin1String("ack") || command == QLatin1String("snooze") || command == QLatin1String("resolve"))
        cmdLifecycle(command, rest);
    else if (command == QLatin1String("policies"))
        cmdPolicies(rest);
    else if (command == QLatin1String("template"))
        cmdTemplate(rest);
    else if (command == QLatin1String("rule"))
        cmdRule(rest);
    else if (command == QLatin1String("metric"))
        cmdMetric(rest);
    else if (command == QLatin1String("api-token"))
        cmdApiToken(rest);
    else
        fail(BadInput, QStringLiteral("unknown command '%1'\n\n%2").arg(command, usage()));
}

bool Cli::openEngine()
{
    QString error, warning;
    Engine::Options o;
    o.profileDir = m_profileDir;
    o.secrets = m_secretStore;
    o.onHistoryUpgrade = [this](int from, int to) {
        m_err << "updating the history database for this version of AlertDesk (schema " << from << " to " << to
              << "; once: a long history takes a minute)\n";
        m_err.flush();
    };
    m_engine = Engine::open(o, &error, &warning);
    if (!warning.isEmpty())
        m_err << "warning: " << warning << '\n';
    if (!m_engine) {
        fail(Failed, error);
        return false;
    }
    return true;
}

int Cli::saveErrorCode(const QString& e)
{
    // The keychain or the disk failing is no fault of the input.
    return e.startsWith(QLatin1String("keychain")) || e.startsWith(QLatin1String("no keychain"))
            || e.startsWith(QLatin1String("the keychain")) || e.startsWith(QLatin1String("cannot write"))
        ? Failed
        : BadInput;
}

void Cli::done(int code)
{
    if (m_finished)
        return;
    m_finished = true;
    m_out.flush();
    m_err.flush();
    Q_EMIT finished(code);
}

void Cli::fail(int code, const QString& message)
{
    m_err << "alertdesk-cli: " << message << '\n';
    done(code);
}

void Cli::printJson(const QJsonValue& v, bool compact)
{
    const auto format = compact ? QJsonDocument::Compact : QJsonDocument::Indented;
    if (v.isObject())
        m_out << QJsonDocument(v.toObject()).toJson(format);
    else if (v.isArray())
        m_out << QJsonDocument(v.toArray()).toJson(format);
    else
        m_out << QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact).mid(1).chopped(1);
    if (compact || !(v.isObject() || v.isArray()))
        m_out << '\n';
    m_out.flush();
}

bool Cli::readSecretFromStdin(CommandArgs& args, const QString& option)
{
    QStringList values = args.values(option);
    for (QString& v : values) {
        if (v != QLatin1String("-"))
            continue;
        if (!m_in || !m_in->isReadable()) {
            fail(BadInput, QStringLiteral("--%1 - : standard input is not readable").arg(option));
            return false;
        }
        QByteArray line = m_in->readLine();
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty()) {
            fail(BadInput, QStringLiteral("--%1 - : nothing to read on standard input").arg(option));
            return false;
        }
        v = QString::fromUtf8(line);
    }
    args.setValues(option, values);
    return true;
}

// ---- channel ------------------------------------------------------------------------------

void Cli::cmdChannel(const QStringList& rest)
{
    const QString sub = rest.value(0);
    if (sub == QLatin1String("list")) {
        if (rest.size() > 1)
            return fail(BadInput, QStringLiteral("channel list takes no arguments"));
        if (!openEngine())
            return;
        QJsonArray arr;
        for (const ChannelConfig& c : m_engine->profile().channels()) {
            QJsonObject secrets;
            for (const QString& f : c.secretFields)
                secrets.insert(f, QStringLiteral("set"));
            arr.append(QJsonObject{{QStringLiteral("name"), c.name},
                                   {QStringLiteral("kind"), c.kind},
                                   {QStringLiteral("enabled"), c.enabled},
                                   {QStringLiteral("settings"), c.settings},
                                   {QStringLiteral("secrets"), secrets}});
        }
        printJson(arr);
        return done(Ok);
    }
    if (sub == QLatin1String("remove")) {
        if (rest.size() != 2)
            return fail(BadInput, QStringLiteral("usage: channel remove NAME"));
        if (!openEngine())
            return;
        m_engine->removeChannel(rest[1], [this, name = rest[1]](const QString& error) {
            if (!error.isEmpty())
                return fail(error.startsWith(QLatin1String("no channel")) ? BadInput : Failed, error);
            m_out << "removed channel " << name << '\n';
            done(Ok);
        });
        return;
    }
    if (sub == QLatin1String("enable") || sub == QLatin1String("disable")) {
        if (rest.size() != 2)
            return fail(BadInput, QStringLiteral("usage: channel %1 NAME").arg(sub));
        if (!openEngine())
            return;
        const ChannelConfig* c = m_engine->profile().channel(rest[1]);
        if (!c)
            return fail(BadInput, QStringLiteral("no channel named '%1'").arg(rest[1]));
        ChannelConfig changed = *c;
        changed.enabled = sub == QLatin1String("enable");
        m_engine->profile().replaceChannel(changed);
        QString error;
        if (!m_engine->profile().save(&error))
            return fail(Failed, error);
        m_out << sub << "d channel " << rest[1] << '\n';
        return done(Ok);
    }
    if (sub == QLatin1String("add")) {
        const QString kind = rest.value(1);
        const ChannelArgSpec* spec = findChannelArgSpec(kind);
        if (!spec) {
            QStringList kinds;
            for (const auto& s : channelArgSpecs())
                kinds << s.kind;
            return fail(BadInput, QStringLiteral("unknown channel kind '%1' (known: %2)").arg(kind, kinds.join(QStringLiteral(", "))));
        }
        CommandArgs args;
        QString error;
        if (!args.parse(rest.mid(2), spec->valueOptions, spec->flags + QStringList{QStringLiteral("disabled")}, &error))
            return fail(BadInput, error + QStringLiteral("\nusage: ") + spec->usage);
        if (args.positional().size() != 1)
            return fail(BadInput, QStringLiteral("give exactly one channel NAME\nusage: ") + spec->usage);
        for (const QString& opt : spec->secretOptions) {
            if (!readSecretFromStdin(args, opt))
                return;
        }
        ChannelConfig cfg;
        cfg.name = args.positional().first();
        cfg.kind = kind;
        cfg.enabled = !args.has(QStringLiteral("disabled"));
        SecretMap secrets;
        if (QString e = spec->build(args, cfg.settings, secrets); !e.isEmpty())
            return fail(BadInput, e);
        if (!openEngine())
            return;
        m_engine->saveChannel(cfg, secrets, false, [this, name = cfg.name](const QString& e) {
            if (!e.isEmpty())
                return fail(saveErrorCode(e), e);
            m_out << "added channel " << name << '\n';
            done(Ok);
        });
        return;
    }
    if (sub == QLatin1String("add-url"))
        return cmdChannelAddUrl(rest.mid(1));
    fail(BadInput,
        QStringLiteral(
            "usage: channel add KIND NAME ... | channel add-url URL [NAME] | channel list | channel remove NAME | "
            "channel enable|disable NAME"));
}

void Cli::cmdChannelAddUrl(const QStringList& rest)
{
    static const QString usageLine = QStringLiteral("usage: channel add-url URL|- [NAME] [--disabled]");
    CommandArgs args;
    QString error;
    if (!args.parse(rest, {}, { QStringLiteral("disabled") }, &error))
        return fail(BadInput, error + QLatin1Char('\n') + usageLine);
    if (args.positional().isEmpty() || args.positional().size() > 2)
        return fail(BadInput, usageLine);
    QString url = args.positional().first();
    if (url == QLatin1String("-")) {
        if (!m_in || !m_in->isReadable())
            return fail(BadInput, QStringLiteral("add-url - : standard input is not readable"));
        QByteArray line = m_in->readLine();
        while (line.endsWith('\n') || line.endsWith('\r'))
            line.chop(1);
        if (line.isEmpty())
            return fail(BadInput, QStringLiteral("add-url - : nothing to read on standard input"));
        url = QString::fromUtf8(line);
    }
    // The URL holds the secrets: no message below ever quotes it.
    const auto parsed = parseAppriseUrl(url, &error);
    if (!parsed)
        return fail(BadInput, error);
    ChannelConfig cfg;
    cfg.kind = parsed->kind;
    cfg.enabled = !args.has(QStringLiteral("disabled"));
    SecretMap secrets;
    if (QString e = buildChannelFromOptions(parsed->kind, parsed->options, &cfg.settings, &secrets); !e.isEmpty())
        return fail(BadInput, QStringLiteral("%1:// URL: %2").arg(parsed->scheme, appriseTerms(e)));
    if (!openEngine())
        return;
    if (args.positional().size() == 2) {
        cfg.name = args.positional().at(1);
    } else {
        cfg.name = parsed->defaultName;
        for (int n = 2; m_engine->profile().channel(cfg.name); ++n)
            cfg.name = QStringLiteral("%1-%2").arg(parsed->defaultName).arg(n);
    }
    m_engine->saveChannel(
        cfg, secrets, false, [this, cfg, notes = parsed->notes, scheme = parsed->scheme](const QString& e) {
            if (!e.isEmpty())
                return fail(saveErrorCode(e), e);
            for (const QString& n : notes)
                m_err << "note: " << n << '\n';
            m_out << "added channel " << cfg.name << " (" << cfg.kind << (cfg.enabled ? "" : ", disabled")
                  << ", from a " << scheme << ":// URL)\n";
            done(Ok);
        });
}

// ---- import-env ---------------------------------------------------------------------------

void Cli::cmdImportEnv(const QStringList& rest)
{
    CommandArgs args;
    QString error;
    if (!args.parse(rest, {}, {}, &error))
        return fail(BadInput, error + QStringLiteral("\nusage: import-env [FILE]"));
    if (args.positional().size() > 1)
        return fail(BadInput, QStringLiteral("usage: import-env [FILE]"));
    QString source;
    EnvImportPlan plan;
    if (!args.positional().isEmpty()) {
        QFile f(args.positional().first());
        if (!f.open(QIODevice::ReadOnly))
            return fail(BadInput, QStringLiteral("cannot read %1: %2").arg(f.fileName(), f.errorString()));
        plan = planDotEnvImport(parseDotEnv(QString::fromUtf8(f.readAll())));
        source = QFileInfo(f).absoluteFilePath();
    } else {
        QList<DotEnvEntry> vars;
        const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        QStringList keys = env.keys();
        keys.sort();
        for (const QString& k : std::as_const(keys))
            vars.append({ k, env.value(k), 0 });
        plan = planEnvImport(vars, false);
        source = QStringLiteral("environment");
    }
    if (!openEngine())
        return;
    auto* importer = new ProfileImporter(*m_engine, plan, this);
    importer->start([this, importer, source] {
        QJsonObject report = importer->report();
        report.insert(QStringLiteral("source"), source);
        printJson(report);
        for (const QString& line : importer->summary())
            m_err << line << '\n';
        done(importer->exitCode());
    });
}

// ---- send ---------------------------------------------------------------------------------

void Cli::cmdSend(const QStringList& rest)
{
    CommandArgs args;
    QString error;
    const QStringList options{QStringLiteral("type"), QStringLiteral("priority"), QStringLiteral("title"),
                              QStringLiteral("message"), QStringLiteral("symbol"), QStringLiteral("strategy"),
                              QStringLiteral("position"), QStringLiteral("channel"), QStringLiteral("data"),
                              QStringLiteral("dedup-key"), QStringLiteral("wait-timeout")};
    if (!args.parse(rest, options, {}, &error))
        return fail(BadInput, error);
    if (!args.positional().isEmpty())
        return fail(BadInput, QStringLiteral("unexpected argument '%1'").arg(args.positional().first()));
    if (args.has(QStringLiteral("dedup-key")) && args.value(QStringLiteral("dedup-key")).trimmed().isEmpty())
        return fail(BadInput, QStringLiteral("--dedup-key must not be empty (leave it out for an alert without one)"));

    QJsonObject in;
    auto put = [&](const char* option, const char* field) {
        if (args.has(QString::fromLatin1(option)))
            in.insert(QString::fromLatin1(field), args.value(QString::fromLatin1(option)));
    };
    put("type", "type");
    put("priority", "priority");
    put("title", "title");
    put("message", "message");
    put("symbol", "symbol");
    put("strategy", "strategy");
    put("position", "position");
    put("dedup-key", "dedup_key");
    if (args.has(QStringLiteral("data"))) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(args.value(QStringLiteral("data")).toUtf8(), &pe);
        if (pe.error != QJsonParseError::NoError)
            return fail(BadInput, QStringLiteral("--data is not valid JSON: %1 at offset %2").arg(pe.errorString()).arg(pe.offset));
        if (!doc.isObject())
            return fail(BadInput, QStringLiteral("--data must be a JSON object"));
        in.insert(QStringLiteral("data"), doc.object());
    }
    if (args.has(QStringLiteral("channel")))
        in.insert(QStringLiteral("channels"), QJsonArray::fromStringList(args.values(QStringLiteral("channel"))));
    bool ok = true;
    const qint64 waitTimeoutMs = static_cast<qint64>(args.value(QStringLiteral("wait-timeout"), QStringLiteral("120")).toDouble(&ok) * 1000);
    if (!ok || waitTimeoutMs < 0)
        return fail(BadInput, QStringLiteral("--wait-timeout must be a number of seconds"));

    // Validate before touching the profile, so bad input never creates anything.
    const AlertParseResult parsed = parseAlert(in, QDateTime::currentDateTimeUtc());
    if (!parsed.ok()) {
        const QString field = parsed.error.field == QLatin1String("channels") ? QStringLiteral("channel")
                            : parsed.error.field == QLatin1String("dedup_key") ? QStringLiteral("dedup-key")
                                                                                : parsed.error.field;
        return fail(BadInput, QStringLiteral("--%1 %2").arg(field, parsed.error.message));
    }
    if (!openEngine())
        return;
    // Another instance drives this profile: it takes the alert through its ingest API.
    if (!m_engine->acquireDriverLock()) {
        // Nobody holds the lock: it could not be written (a full disk, a read-only folder).
        if (m_engine->lockOwnerPid() == 0)
            return fail(Failed, QStringLiteral("the alert was not stored: %1").arg(m_engine->lockError()));
        return handOffAlert(in, *parsed.alert, waitTimeoutMs);
    }
    admitAndDeliver(*parsed.alert, waitTimeoutMs);
}

void Cli::admitAndDeliver(const Alert& parsed, qint64 waitTimeoutMs)
{
    // A channel named that does not exist is refused; no channel configured at all is not:
    // the alert is stored and shown, and the report says it reached no channel.
    QString targetError;
    if (!parsed.channels.isEmpty() && m_engine->policy().route(parsed, &targetError).isEmpty())
        return fail(BadInput, QStringLiteral("--channel: ") + targetError);

    const bool driver = m_engine->acquireDriverLock();
    FieldError fe;
    const auto admission = m_engine->alertManager().admit(parsed, &fe);
    if (!admission)
        return fail(fe.field == QLatin1String("storage") ? Failed : BadInput, fe.toString());
    const std::optional<Alert> alert = admission->alert;
    // A repeat of an open alert notifies nobody; a notification held back by quiet hours or
    // grouping goes out later (from the running instance or the next flush/run).
    if (admission->deduplicated || admission->plan.queued.isEmpty()) {
        if (!admission->plan.noChannel.isEmpty())
            m_err << "alertdesk-cli: alert " << alert->id
                  << " is stored, but it reached no channel: " << admission->plan.noChannel << '\n';
        printJson(admission->toJson());
        return done(Ok);
    }
    const QStringList targets = admission->plan.queued;
    const QJsonObject heldJson = admission->plan.toJson();

    if (!driver) {
        // Another instance drives this profile: it picks the committed alert up from the outbox.
        const qint64 owner = m_engine->lockOwnerPid();
        m_err << "alertdesk-cli: handed alert " << alert->id << " to the running instance (pid " << owner
              << ") through the shared outbox\n";
        m_err.flush();
        waitForHandOff(alert->id, owner, m_engine->clock().nowMs() + waitTimeoutMs, heldJson);
        return;
    }
    deliverHere(alert->id, targets, heldJson);
}

void Cli::handOffAlert(const QJsonObject& wire, const Alert& parsed, qint64 waitTimeoutMs)
{
    const qint64 owner = m_engine->lockOwnerPid();
    // Only when nothing can have reached the running instance does the alert take the other
    // way (the shared outbox): it is never committed twice.
    auto fallBack = [this, parsed, waitTimeoutMs, owner](const QString& why) {
        m_err << "alertdesk-cli: the running instance (pid " << owner << ") " << why
              << "; handing the alert over through the shared outbox instead\n";
        m_err.flush();
        admitAndDeliver(parsed, waitTimeoutMs);
    };
    QFile f(m_engine->ingestEndpointPath());
    const QJsonObject endpoint = f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    const int port = endpoint.value(QStringLiteral("port")).toInt();
    if (port <= 0 || endpoint.value(QStringLiteral("pid")).toInteger() != owner)
        return fallBack(QStringLiteral("serves no ingest API"));
    m_engine->ingestToken(
        [this, wire, waitTimeoutMs, owner, port, fallBack](const QString& token, const QString& error) {
            if (token.isEmpty())
                return fallBack(QStringLiteral("serves an ingest API, but its token is not at hand (%1)").arg(error));
            QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/alerts").arg(port)));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
            req.setTransferTimeout(30000);
            if (!m_network)
                m_network = new QNetworkAccessManager(this);
            QNetworkReply* reply = m_network->post(req, QJsonDocument(wire).toJson(QJsonDocument::Compact));
            connect(reply, &QNetworkReply::finished, this, [this, reply, waitTimeoutMs, owner, port, fallBack] {
                reply->deleteLater();
                const QVariant statusAttr = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
                const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
                if (!statusAttr.isValid()) {
                    // Refused: nothing was sent. Any other failure leaves it unknown whether
                    // the alert was committed: saying so is better than sending it twice.
                    if (reply->error() == QNetworkReply::ConnectionRefusedError)
                        return fallBack(QStringLiteral("refused the connection to its ingest API on port %1").arg(port));
                    return fail(Failed, QStringLiteral("the running instance (pid %1) did not answer the hand-off (%2); the "
                                                       "alert may or may not have been taken: see alertdesk-cli history")
                                            .arg(owner)
                                            .arg(reply->errorString()));
                }
                const int status = statusAttr.toInt();
                const QJsonValue err = answer.value(QStringLiteral("error"));
                if (status == 400) {
                    const QString field = err.toObject().value(QStringLiteral("field")).toString();
                    const QString option = field == QLatin1String("channels") ? QStringLiteral("channel")
                                         : field == QLatin1String("dedup_key") ? QStringLiteral("dedup-key")
                                                                               : field;
                    // Worded as the local check words it: a routing error reads "--channel: ...".
                    return fail(BadInput, QStringLiteral("--%1%2 %3 (refused by the running instance, pid %4)")
                                              .arg(option, field == QLatin1String("channels") ? QStringLiteral(":") : QString(),
                                                   err.toObject().value(QStringLiteral("message")).toString())
                                              .arg(owner));
                }
                if (status != 202) {
                    // A definite refusal (wrong token, body limit, storage): nothing was committed.
                    const QString why = err.isObject() ? err.toObject().value(QStringLiteral("message")).toString() : err.toString();
                    return fallBack(QStringLiteral("answered the hand-off with HTTP %1 (%2)").arg(status).arg(why));
                }
                const QString id = answer.value(QStringLiteral("id")).toString();
                if (answer.value(QStringLiteral("deduplicated")).toBool()
                    || (answer.contains(QStringLiteral("queued")) && answer.value(QStringLiteral("queued")).toArray().isEmpty())) {
                    QJsonObject out = answer;
                    out.remove(QStringLiteral("id"));
                    printJson(out);
                    return done(Ok);
                }
                m_err << "alertdesk-cli: handed alert " << id << " to the running instance (pid " << owner
                      << ") through its ingest API\n";
                m_err.flush();
                waitForHandOff(id, owner, m_engine->clock().nowMs() + waitTimeoutMs,
                               QJsonObject{{QStringLiteral("held"), answer.value(QStringLiteral("held"))}});
            });
        },
        false);
}

void Cli::deliverHere(const QString& alertId, const QStringList& targets, const QJsonObject& heldJson)
{
    connect(&m_engine->alertManager(), &AlertManager::reportReady, this, [this, alertId, heldJson](const DeliveryReport& r) {
        if (r.alertId != alertId)
            return;
        QJsonObject out = r.toJson();
        if (!heldJson.value(QStringLiteral("held")).toArray().isEmpty())
            out.insert(QStringLiteral("held"), heldJson.value(QStringLiteral("held")));
        printJson(out);
        done(r.allDelivered() ? Ok : Failed);
    });
    m_engine->startDelivery(targets, [this, targets](const QStringList&) {
        for (const QString& t : targets) {
            if (!m_engine->notifications().isLoaded(t))
                m_engine->notifications().dispatcher().failChannel(t, m_engine->notifications().loadErrors().value(t));
        }
    });
}

void Cli::waitForHandOff(const QString& alertId, qint64 ownerPid, qint64 deadlineMs, const QJsonObject& heldJson)
{
    if (m_engine->outbox().alertComplete(alertId)) {
        const DeliveryReport r = m_engine->notifications().report(alertId);
        QJsonObject out = r.toJson();
        if (!heldJson.value(QStringLiteral("held")).toArray().isEmpty())
            out.insert(QStringLiteral("held"), heldJson.value(QStringLiteral("held")));
        printJson(out);
        return done(r.allDelivered() ? Ok : Failed);
    }
    // The running instance stopped (or died) before it delivered the alert: its rows are
    // still open in the outbox, so this process takes the profile over and sends them.
    if (m_engine->acquireDriverLock()) {
        QStringList open;
        for (const DeliveryRow& row : m_engine->outbox().forAlert(alertId)) {
            if (!isTerminal(row.status))
                open << row.channel;
        }
        m_err << "alertdesk-cli: the running instance (pid " << ownerPid << ") stopped before delivering alert " << alertId
              << "; delivering it from here\n";
        m_err.flush();
        return deliverHere(alertId, open, heldJson);
    }
    if (m_engine->clock().nowMs() >= deadlineMs) {
        printJson(m_engine->notifications().report(alertId).toJson());
        return fail(Failed, QStringLiteral("alert %1 is still being delivered by the running instance (pid %2); "
                                           "see alertdesk-cli history")
                                .arg(alertId)
                                .arg(ownerPid));
    }
    QTimer::singleShot(50, this, [this, alertId, ownerPid, deadlineMs, heldJson] {
        waitForHandOff(alertId, ownerPid, deadlineMs, heldJson);
    });
}

// ---- test-channel, health, history --------------------------------------------------------

void Cli::cmdTestChannel(const QStringList& rest)
{
    if (rest.size() != 1)
        return fail(BadInput, QStringLiteral("usage: test-channel NAME"));
    if (!openEngine())
        return;
    if (!m_engine->profile().channel(rest[0]))
        return fail(BadInput, QStringLiteral("no channel named '%1'").arg(rest[0]));
    m_engine->notifications().testChannel(rest[0], [this](const ChannelResult& r) {
        printJson(r.toJson());
        done(r.success() ? Ok : Failed);
    });
}

void Cli::cmdHealth(const QStringList& rest)
{
    if (!rest.isEmpty())
        return fail(BadInput, QStringLiteral("health takes no arguments"));
    if (!openEngine())
        return;
    printJson(m_engine->notifications().statistics());
    done(Ok);
}

void Cli::cmdHistory(const QStringList& rest)
{
    CommandArgs args;
    QString error;
    if (!args.parse(rest, {QStringLiteral("limit"), QStringLiteral("alert")}, {}, &error))
        return fail(BadInput, error);
    bool ok = true;
    const int limit = args.value(QStringLiteral("limit"), QStringLiteral("20")).toInt(&ok);
    if (!ok || limit < 1)
        return fail(BadInput, QStringLiteral("--limit must be a whole number of at least 1"));
    if (!openEngine())
        return;
    QList<Alert> alerts;
    if (args.has(QStringLiteral("alert"))) {
        const QString id = args.value(QStringLiteral("alert"));
        auto a = m_engine->alerts().get(id);
        if (!a && id.size() >= 8) {
            const QStringList ids = m_engine->lifecycleStore().idsWithPrefix(id, 2);
            if (ids.size() == 1)
                a = m_engine->alerts().get(ids.first());
        }
        if (!a)
            return fail(BadInput, QStringLiteral("--alert: no alert with id '%1'").arg(id));
        alerts << *a;
    } else {
        alerts = m_engine->alerts().recent(limit);
    }
    for (const Alert& a : std::as_const(alerts)) {
        QJsonObject line = a.toJson();
        QJsonArray deliveries;
        for (const DeliveryRow& d : m_engine->outbox().forAlert(a.id)) {
            QJsonObject o = d.toResult().toJson();
            o.insert(QStringLiteral("purpose"), d.purpose);
            if (!d.digestId.isEmpty())
                o.insert(QStringLiteral("digest_id"), d.digestId);
            deliveries.append(o);
        }
        line.insert(QStringLiteral("deliveries"), deliveries);
        QJsonArray events;
        for (const AlertEvent& e : m_engine->lifecycleStore().events(a.id))
            events.append(e.toJson());
        line.insert(QStringLiteral("events"), events);
        QJsonArray held;
        for (const HeldNotification& h : m_engine->policyStore().heldFor(a.id))
            held.append(h.toJson());
        if (!held.isEmpty())
            line.insert(QStringLiteral("held"), held);
        if (const auto esc = m_engine->policyStore().escalation(a.id)) {
            QJsonObject e{{QStringLiteral("policy"), esc->policy},
                          {QStringLiteral("status"), esc->status},
                          {QStringLiteral("tiers_sent"), esc->tier},
                          {QStringLiteral("reminders_sent"), esc->reminders}};
            if (esc->status == QLatin1String("active"))
                e.insert(QStringLiteral("next_at"), QDateTime::fromMSecsSinceEpoch(esc->nextAt, Qt::UTC).toString(Qt::ISODateWithMs));
            line.insert(QStringLiteral("escalation"), e);
        }
        printJson(line, true);
    }
    done(Ok);
}

// ---- settings -----------------------------------------------------------------------------

void Cli::cmdSettings(const QStringList& rest)
{
    const QString sub = rest.value(0);
    if (sub == QLatin1String("get") && rest.size() == 2) {
        if (!findSetting(rest[1]))
            return fail(BadInput, QStringLiteral("unknown setting '%1' (see: settings list)").arg(rest[1]));
        if (!openEngine())
            return;
        printJson(m_engine->profile().setting(rest[1]));
        return done(Ok);
    }
    if (sub == QLatin1String("set") && rest.size() == 3) {
        if (!openEngine())
            return;
        QString error;
        if (!m_engine->profile().setSetting(rest[1], rest[2], &error))
            return fail(BadInput, error);
        if (!m_engine->profile().save(&error))
            return fail(Failed, error);
        printJson(m_engine->profile().setting(rest[1]));
        return done(Ok);
    }
    if (sub == QLatin1String("list") && rest.size() == 1) {
        if (!openEngine())
            return;
        QJsonObject all;
        for (const SettingSpec& s : settingSpecs())
            all.insert(s.key, m_engine->profile().setting(s.key));
        printJson(all);
        return done(Ok);
    }
    fail(BadInput, QStringLiteral("usage: settings set KEY VALUE | settings get KEY | settings list"));
}

// ---- flush, run ---------------------------------------------------------------------------

void Cli::cmdFlush(const QStringList& rest)
{
    if (!rest.isEmpty())
        return fail(BadInput, QStringLiteral("flush takes no arguments"));
    if (!openEngine())
        return;
    if (!m_engine->acquireDriverLock())
        return fail(Failed, QStringLiteral("another AlertDesk (pid %1) drives this profile and delivers its outbox itself")
                                .arg(m_engine->lockOwnerPid()));
    auto delivered = std::make_shared<int>(0);
    auto failed = std::make_shared<int>(0);
    Dispatcher& dispatcher = m_engine->notifications().dispatcher();
    auto checkDone = [this, delivered, failed] {
        if (m_finished || m_engine->outbox().openCount() > 0 || m_engine->notifications().dispatcher().inFlightCount() > 0)
            return;
        printJson(QJsonObject{{QStringLiteral("delivered"), *delivered}, {QStringLiteral("failed"), *failed}}, true);
        done(*failed == 0 ? Ok : Failed);
    };
    connect(&dispatcher, &Dispatcher::deliveryFinished, this,
            [delivered, failed, checkDone](const QString&, const QString&, DeliveryStatus s) {
                if (s == DeliveryStatus::Delivered)
                    ++*delivered;
                else
                    ++*failed;
                // Outcomes are committed in batches and reported one by one: count the whole
                // batch before deciding the outbox is empty.
                QTimer::singleShot(0, checkDone);
            });
    // Waiting rows too: a sequential alert's next channel must be loaded when its turn comes.
    QStringList channels = m_engine->outbox().channelsWithPending(true);
    // Held notifications that fall due are released when the engine starts: load their channels too.
    for (const QString& c : m_engine->policyStore().channelsWithDueHeld(m_engine->clock().nowMs())) {
        if (!channels.contains(c))
            channels << c;
    }
    QStringList configured, unknown;
    for (const QString& c : channels)
        (m_engine->profile().channel(c) ? configured : unknown) << c;
    m_engine->startDelivery(configured,
                            [this, configured, unknown, checkDone](const QStringList& errors) {
                                Dispatcher& d = m_engine->notifications().dispatcher();
                                for (const QString& e : errors)
                                    m_err << "warning: " << e << '\n';
                                for (const QString& c : configured) {
                                    if (!m_engine->notifications().isLoaded(c))
                                        d.failChannel(c, m_engine->notifications().loadErrors().value(c));
                                }
                                for (const QString& c : unknown)
                                    d.failChannel(c, QStringLiteral("channel %1 is not configured").arg(c));
                                checkDone();
                            });
}

void Cli::cmdRun(const QStringList& rest)
{
    if (!rest.isEmpty())
        return fail(BadInput, QStringLiteral("run takes no arguments"));
    if (!openEngine())
        return;
    if (!m_engine->acquireDriverLock())
        return fail(Failed, QStringLiteral("another AlertDesk (pid %1) drives this profile already").arg(m_engine->lockOwnerPid()));
    auto* signals = new UnixSignals(this);
    connect(signals, &UnixSignals::terminationRequested, this, [this] {
        m_err << "alertdesk-cli: stopping\n";
        done(Ok);
    });
    QStringList channels = m_engine->profile().enabledChannelNames();
    for (const QString& c : m_engine->outbox().channelsWithPending(true)) {
        if (!channels.contains(c) && m_engine->profile().channel(c))
            channels << c;
    }
    m_engine->rules().startSync();
    m_engine->startDelivery(channels, [this](const QStringList& errors) {
        for (const QString& e : errors)
            m_err << "warning: " << e << '\n';
        m_err << "alertdesk-cli: engine running for " << m_engine->profile().dir() << " (pid "
              << QCoreApplication::applicationPid() << "); stop with SIGTERM or Ctrl+C\n";
        m_err.flush();
        QString feedError;
        switch (m_engine->startFeedIfEnabled(&feedError)) {
        case Engine::FeedStart::Started:
            m_err << "alertdesk-cli: price feed on for " << m_engine->priceFeed()->symbols().size() << " symbols\n";
            break;
        case Engine::FeedStart::Failed:
            m_err << "warning: the price feed is off: " << feedError << '\n';
            break;
        case Engine::FeedStart::Disabled:
            break;
        }
        // Without the API the engine still delivers: a busy port or a missing keychain is a warning.
        m_engine->ingestToken([this](const QString& token, const QString& error) {
            QString e = error;
            if (e.isEmpty() && m_engine->startIngest(token, &e)) {
                m_err << "alertdesk-cli: ingest API on http://127.0.0.1:" << m_engine->ingestServer()->port() << "/v1/\n";
            } else {
                m_err << "warning: the ingest API is not available: " << e << '\n';
            }
            m_err.flush();
        });
    });
}

// ---- rules and metrics ---------------------------------------------------------------------

void Cli::cmdRule(const QStringList& rest)
{
    const QString sub = rest.value(0);
    if (sub == QLatin1String("add")) {
        CommandArgs args;
        QString error;
        if (!args.parse(rest.mid(1), ruleAddOptions(), {}, &error))
            return fail(BadInput, error + QStringLiteral("\nusage: ") + ruleAddUsage());
        if (args.positional().size() != 1)
            return fail(BadInput, QStringLiteral("give exactly one rule NAME\nusage: ") + ruleAddUsage());
        // Validate before touching the profile, so bad input never creates anything.
        const auto rule = ruleFromArgs(args.positional().first(), args, QDateTime::currentMSecsSinceEpoch(), &error);
        if (!rule)
            return fail(BadInput, error);
        if (!openEngine())
            return;
        if (const auto e = m_engine->rules().addRule(*rule)) {
            if (e->field == QLatin1String("storage"))
                return fail(Failed, e->message);
            return fail(BadInput, e->field == QLatin1String("name") ? e->message : QStringLiteral("--%1 %2").arg(e->field, e->message));
        }
        printJson(m_engine->rules().rule(rule->name)->toJson(m_engine->clock().nowMs()));
        return done(Ok);
    }
    if (sub == QLatin1String("list")) {
        if (rest.size() > 1)
            return fail(BadInput, QStringLiteral("rule list takes no arguments"));
        if (!openEngine())
            return;
        QJsonArray arr;
        for (const Rule& r : m_engine->rules().rules())
            arr.append(r.toJson(m_engine->clock().nowMs()));
        printJson(arr);
        return done(Ok);
    }
    if (sub == QLatin1String("remove") || sub == QLatin1String("enable") || sub == QLatin1String("disable")) {
        if (rest.size() != 2)
            return fail(BadInput, QStringLiteral("usage: rule %1 NAME").arg(sub));
        if (!openEngine())
            return;
        QString error;
        const bool ok = sub == QLatin1String("remove") ? m_engine->rules().removeRule(rest[1], &error)
                                                       : m_engine->rules().setEnabled(rest[1], sub == QLatin1String("enable"), &error);
        if (!ok)
            return fail(error.startsWith(QLatin1String("no rule")) ? BadInput : Failed, error);
        m_out << (sub == QLatin1String("remove") ? QStringLiteral("removed") : sub + QLatin1Char('d')) << " rule " << rest[1] << '\n';
        return done(Ok);
    }
    fail(BadInput, QStringLiteral("usage: %1 | rule list | rule remove NAME | rule enable|disable NAME").arg(ruleAddUsage()));
}

void Cli::cmdMetric(const QStringList& rest)
{
    CommandArgs args;
    QString error;
    if (!args.parse(rest, {QStringLiteral("time"), QStringLiteral("wait-timeout")}, {}, &error))
        return fail(BadInput, error);
    if (args.positional().size() != 2)
        return fail(BadInput, QStringLiteral("usage: metric KEY VALUE [--time TIME]"));
    const QString key = args.positional().at(0);
    if (!isValidMetricKey(key))
        return fail(BadInput, QStringLiteral("KEY '%1' is not a valid metric key: use 1-128 letters, digits and . _ - : / @").arg(key));
    bool ok = false;
    const double value = args.positional().at(1).toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return fail(BadInput, QStringLiteral("VALUE must be a number, not '%1'").arg(args.positional().at(1)));
    std::optional<qint64> timeMs;
    if (args.has(QStringLiteral("time"))) {
        timeMs = parseIsoTime(args.value(QStringLiteral("time")), &error);
        if (!timeMs)
            return fail(BadInput, QStringLiteral("--time ") + error);
    }
    bool waitOk = true;
    const qint64 waitTimeoutMs = static_cast<qint64>(args.value(QStringLiteral("wait-timeout"), QStringLiteral("120")).toDouble(&waitOk) * 1000);
    if (!waitOk || waitTimeoutMs < 0)
        return fail(BadInput, QStringLiteral("--wait-timeout must be a number of seconds"));
    if (timeMs && *timeMs > QDateTime::currentMSecsSinceEpoch() + RuleEngine::kMaxFutureMs)
        return fail(BadInput, QStringLiteral("--time %1 is more than 5 minutes ahead of this machine's clock").arg(formatIsoTime(*timeMs)));
    if (!openEngine())
        return;
    if (!m_engine->acquireDriverLock())
        return handOffSample(key, value, timeMs, waitTimeoutMs);
    const qint64 t = timeMs.value_or(m_engine->clock().nowMs());
    const SampleResult result = m_engine->rules().submitSample(key, value, t);
    QString flushError;
    if (!m_engine->rules().flush(&flushError))
        m_err << "warning: " << flushError << '\n';
    switch (result.status) {
    case RuleEngine::SampleStatus::OutOfOrder:
        return fail(BadInput, QStringLiteral("--time %1 is older than the latest sample of %2; ignored").arg(formatIsoTime(t), key));
    case RuleEngine::SampleStatus::TooFarAhead:
        return fail(BadInput, QStringLiteral("--time %1 is more than 5 minutes ahead of this machine's clock").arg(formatIsoTime(t)));
    case RuleEngine::SampleStatus::InvalidValue:
        return fail(BadInput, QStringLiteral("VALUE must be a finite number"));
    case RuleEngine::SampleStatus::NoRules:
    case RuleEngine::SampleStatus::Evaluated:
        break;
    }
    QJsonObject out{{QStringLiteral("metric"), key},
                    {QStringLiteral("value"), value},
                    {QStringLiteral("time"), formatIsoTime(t)},
                    {QStringLiteral("status"), RuleEngine::statusText(result.status)}};
    QJsonArray ids;
    for (const Alert& a : result.alerts)
        ids.append(a.id);
    out.insert(QStringLiteral("alerts"), ids);
    out.insert(QStringLiteral("errors"), QJsonArray::fromStringList(result.errors));
    if (result.alerts.isEmpty()) {
        printJson(out);
        return done(result.errors.isEmpty() ? Ok : Failed);
    }
    const bool refused = !result.errors.isEmpty();
    deliverAlerts(result.alerts, [this, out, refused](const QJsonArray& reports, bool allDelivered) mutable {
        out.insert(QStringLiteral("deliveries"), reports);
        printJson(out);
        done(allDelivered && !refused ? Ok : Failed);
    });
}

void Cli::deliverAlerts(const QList<Alert>& alerts, std::function<void(const QJsonArray&, bool)> done)
{
    struct Pending {
        QStringList ids;
        QJsonArray reports;
        bool allDelivered = true;
    };
    auto pending = std::make_shared<Pending>();
    QStringList targets;
    for (const Alert& a : alerts) {
        pending->ids << a.id;
        QString e;
        for (const QString& t : m_engine->notifications().resolveTargets(a.channels, &e)) {
            if (!targets.contains(t))
                targets << t;
        }
    }
    connect(&m_engine->alertManager(), &AlertManager::reportReady, this, [pending, done](const DeliveryReport& r) {
        if (!pending->ids.removeOne(r.alertId))
            return;
        pending->reports.append(r.toJson());
        pending->allDelivered = pending->allDelivered && r.allDelivered();
        if (pending->ids.isEmpty())
            done(pending->reports, pending->allDelivered);
    });
    m_engine->startDelivery(targets, [this, targets](const QStringList&) {
        for (const QString& t : targets) {
            if (!m_engine->notifications().isLoaded(t))
                m_engine->notifications().dispatcher().failChannel(t, m_engine->notifications().loadErrors().value(t));
        }
    });
}

void Cli::cmdApiToken(const QStringList& rest)
{
    if (!rest.isEmpty())
        return fail(BadInput, QStringLiteral("api-token takes no arguments"));
    if (!openEngine())
        return;
    m_engine->ingestToken([this](const QString& token, const QString& error) {
        if (token.isEmpty())
            return fail(Failed, error);
        m_out << token << '\n';
        done(Ok);
    });
}

void Cli::handOffSample(const QString& key, double value, std::optional<qint64> timeMs, qint64 waitTimeoutMs)
{
    const qint64 owner = m_engine->lockOwnerPid();
    QFile f(m_engine->ingestEndpointPath());
    const QJsonObject endpoint = f.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(f.readAll()).object() : QJsonObject();
    const int port = endpoint.value(QStringLiteral("port")).toInt();
    if (port <= 0 || endpoint.value(QStringLiteral("pid")).toInteger() != owner)
        return fail(Failed, QStringLiteral("another AlertDesk (pid %1) drives this profile and holds its rules' state, but "
                                           "serves no ingest API to take the sample")
                                .arg(owner));
    m_engine->ingestToken(
        [this, key, value, timeMs, waitTimeoutMs, owner, port](const QString& token, const QString& error) {
            if (token.isEmpty())
                return fail(Failed, error);
            QJsonObject sample{{QStringLiteral("metric"), key}, {QStringLiteral("value"), value}};
            if (timeMs)
                sample.insert(QStringLiteral("time"), formatIsoTime(*timeMs));
            const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("samples"), QJsonArray{sample}}}).toJson(QJsonDocument::Compact);
            QNetworkRequest req(QUrl(QStringLiteral("http://127.0.0.1:%1/v1/metrics").arg(port)));
            req.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
            req.setRawHeader("Authorization", "Bearer " + token.toLatin1());
            req.setTransferTimeout(30000);
            if (!m_network)
                m_network = new QNetworkAccessManager(this);
            QNetworkReply* reply = m_network->post(req, body);
            connect(reply, &QNetworkReply::finished, this, [this, reply, key, value, waitTimeoutMs, owner] {
                reply->deleteLater();
                const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
                if (status != 202) {
                    QString why = answer.value(QStringLiteral("error")).toObject().value(QStringLiteral("message")).toString();
                    if (why.isEmpty())
                        why = answer.value(QStringLiteral("error")).toString(reply->errorString());
                    return fail(status == 400 ? BadInput : Failed,
                                QStringLiteral("the running instance (pid %1) refused the sample: %2").arg(owner).arg(why));
                }
                const QJsonArray ignored = answer.value(QStringLiteral("ignored")).toArray();
                if (!ignored.isEmpty())
                    return fail(BadInput, QStringLiteral("--time: %1").arg(ignored.first().toObject().value(QStringLiteral("reason")).toString()));
                m_err << "alertdesk-cli: handed the sample to the running instance (pid " << owner << ")\n";
                m_err.flush();
                QJsonObject out{{QStringLiteral("metric"), key},
                                {QStringLiteral("value"), value},
                                {QStringLiteral("handed_off_to"), owner},
                                {QStringLiteral("alerts"), answer.value(QStringLiteral("alerts")).toArray()},
                                {QStringLiteral("errors"), answer.value(QStringLiteral("errors")).toArray()}};
                QStringList ids;
                for (const QJsonValue& id : answer.value(QStringLiteral("alerts")).toArray())
                    ids << id.toString();
                waitForAlerts(out, ids, owner, m_engine->clock().nowMs() + waitTimeoutMs);
            });
        },
        false);
}

void Cli::waitForAlerts(QJsonObject out, QStringList ids, qint64 ownerPid, qint64 deadlineMs)
{
    bool complete = true;
    for (const QString& id : ids)
        complete = complete && m_engine->outbox().alertComplete(id);
    if (complete || m_engine->clock().nowMs() >= deadlineMs) {
        QJsonArray reports;
        bool allDelivered = true;
        for (const QString& id : ids) {
            const DeliveryReport r = m_engine->notifications().report(id);
            reports.append(r.toJson());
            allDelivered = allDelivered && r.allDelivered();
        }
        out.insert(QStringLiteral("deliveries"), reports);
        printJson(out);
        if (!complete)
            return fail(Failed, QStringLiteral("the alerts are still being delivered by the running instance (pid %1); see "
                                               "alertdesk-cli history")
                                    .arg(ownerPid));
        return done(allDelivered && out.value(QStringLiteral("errors")).toArray().isEmpty() ? Ok : Failed);
    }
    QTimer::singleShot(50, this, [this, out, ids, ownerPid, deadlineMs] { waitForAlerts(out, ids, ownerPid, deadlineMs); });
}

} // namespace alertdesk

