// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "Cli.h"

#include "Command.h"
#include "config/ChannelArgs.h"
#include "config/Profile.h"
#include "config/RuleArgs.h"
#include "config/SourceArgs.h"

#include <QCoreApplication>

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
    QString u = QStringLiteral("Usage: alertdesk-cli [--profile DIR] COMMAND ...\n"
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
        "  %3\n"
        "                                   subscribe to an ntfy topic (TradingView's webhooks): each message\n"
        "                                   becomes an alert; '--token -' reads the token from standard input\n"
        "  source list | source show NAME   the sources as JSON, with where each stands (no secrets)\n"
        "  source remove NAME | source enable NAME | source disable NAME\n"
        "  send --type T --priority P --title TEXT --message TEXT [--symbol S] [--strategy S]\n"
        "       [--position P] [--channel NAME]... [--data JSON] [--dedup-key K]\n"
        "                                   prints the delivery report; exit 0 all delivered, 1 a failure, 2 bad "
        "input;\n"
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
        "  history --format csv|json|jsonl [--since T] [--until T] [--state S] [--priority P]...\n"
        "                                   export the whole history under the filter, newest first (CSV by\n"
        "                                   RFC 4180 with a header row); T an ISO 8601 time or a duration ago (24h)\n"
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
             .arg(Profile::defaultDir(), ruleAddUsage(), ntfysource::usage());
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
    m_command = Command::create(command, *this, { m_out, m_err, m_in, m_profileDir, m_secretStore });
    if (!m_command)
        return fail(BadInput, QStringLiteral("unknown command '%1'\n\n%2").arg(command, usage()));
    m_command->execute(rest);
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

} // namespace alertdesk
