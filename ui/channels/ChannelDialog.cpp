// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "channels/ChannelDialog.h"

#include "UiText.h"
#include "app/EngineHost.h"
#include "channels/ChannelRegistry.h"
#include "channels/EmailChannel.h"
#include "config/ChannelArgs.h"
#include "config/Profile.h"
#include "widgets/SecretReveal.h"
#include "widgets/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

namespace alertdesk {

namespace {
constexpr int kFixedRows = 3; // kind, name, the kind's intro

struct OptionText {
    const char* option; // "kind/option" for a kind's own wording, else "option"
    const char* label;
    const char* hint;
};
// The fields' labels and placeholders; the options themselves come from channelArgSpecs().
const OptionText kOptionTexts[] = {
    { "url", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "URL"), "https://hooks.example.com/alerts" },
    { "header", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Headers"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional, one per line, e.g.\nAuthorization: Bearer …") },
    { "hmac-secret", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "HMAC secret"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: signs each request (X-AlertDesk-Signature)") },
    { "rate-per-second", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Messages per second"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: the platform's documented limit by default") },
    { "rate-burst", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Burst"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: messages allowed at once") },
    { "webhook-url", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Webhook URL"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "https://… (several: separate them with spaces)") },
    { "teams/webhook-url", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Webhook URL"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "https://…  (the Workflows webhook of the Teams channel)") },
    { "bot-token", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Bot token"), "" },
    { "slack/bot-token", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Bot token"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "xoxb-… (instead of webhook URLs, with channel IDs)") },
    { "telegram/bot-token", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Bot token"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "123456789:AA… from @BotFather") },
    { "channel-id", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Channel IDs"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "With a bot token, one per line, e.g. C0123456789") },
    { "api-base", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "API base URL"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: a self-hosted or test server") },
    { "chat-id", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Chat IDs"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "One per line: -1001234567890 or @channelname") },
    { "account-sid", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Account SID"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "AC followed by 32 hexadecimal digits") },
    { "auth-token", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Auth token"), "" },
    { "from", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "From"), "" },
    { "sms/from", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "From"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "+15551234567, or a sender name") },
    { "email/from", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "From"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "alerts@example.com") },
    { "to", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "To"), "" },
    { "sms/to", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "To"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "One number per line: +15557654321") },
    { "email/to", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "To"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "One address per line") },
    { "max-segments", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Max segments"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: 1 to 10 SMS per alert") },
    { "routing-key", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Routing key"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "32 letters and digits (Events API v2 integration key)") },
    { "source", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Source"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: what PagerDuty shows as the source") },
    { "alertmanager/url", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Cluster peers"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "One Alertmanager per line: http://alertmanager-1:9093") },
    { "basic-auth", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Basic auth"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: USER:PASSWORD") },
    { "bearer-token", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Bearer token"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional, instead of basic auth") },
    { "resend-interval", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Re-send every"),
        QT_TRANSLATE_NOOP(
            "alertdesk::ChannelDialog", "Optional: 60s by default, below the cluster's resolve_timeout") },
    { "instance", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Desk name"),
        QT_TRANSLATE_NOOP(
            "alertdesk::ChannelDialog", "Optional: the instance label (this computer's name by default)") },
    { "created-by", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Silences by"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: who the cluster names for acknowledgements") },
    { "smtp-host", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "SMTP server"), "smtp.example.com" },
    { "smtp-port", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "SMTP port"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: 465 with TLS, 587 with STARTTLS") },
    { "security", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Security"), "" },
    { "username", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Username"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "The account to log in as") },
    { "password", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Password"), "" },
    { "oauth-token", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "OAuth token"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Instead of a password (XOAUTH2)") },
    { "auth", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Authentication"), "" },
    { "from-name", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "From name"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional display name") },
    { "voice/from", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "From"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Your Twilio number: +15551234567") },
    { "voice/to", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Numbers to call"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "One number per line: +15557654321") },
    { "voice", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Voice"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: a Twilio voice such as Polly.Joanna") },
    { "language", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Language"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: en-US, de-DE, es-ES…") },
    { "repeat", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Repeat"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: times the message is spoken, 1 to 5 (2)") },
    { "topic", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Topic"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Letters, digits, - and _; hard to guess on ntfy.sh") },
    { "server", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Server"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: https://ntfy.sh, or your own server") },
    { "token", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Access token"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: tk_… (or a user and password)") },
    { "user", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "User"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: with a password, instead of a token") },
    { "user-key", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "User key"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "30 characters, on your Pushover dashboard") },
    { "app-token", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Application token"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "30 characters, of the application you created") },
    { "device", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Devices"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional, one per line: every device when empty") },
    { "sound", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Sound"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: siren, pushover, none…") },
    { "retry", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Emergency retry (s)"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: CRITICAL repeats every N seconds, at least 30 (60)") },
    { "expire", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Emergency expiry (s)"),
        QT_TRANSLATE_NOOP(
            "alertdesk::ChannelDialog", "Optional: until acknowledged or this long, at most 10800 (3600)") },
    { "html", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "HTML"), "" },
    { "ca-file", QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "CA file"),
        QT_TRANSLATE_NOOP("alertdesk::ChannelDialog", "Optional: PEM file of a private certificate authority") },
};

const OptionText* optionText(const QString& kind, const QString& option)
{
    const QString own = kind + QLatin1Char('/') + option;
    for (const OptionText& t : kOptionTexts) {
        if (own == QLatin1String(t.option))
            return &t;
    }
    for (const OptionText& t : kOptionTexts) {
        if (option == QLatin1String(t.option))
            return &t;
    }
    return nullptr;
}

// What each kind is, in a sentence above its fields.
QString kindIntro(const QString& kind)
{
    if (kind == QLatin1String("webhook"))
        return ChannelDialog::tr("AlertDesk POSTs each alert as JSON to this URL, with an Idempotency-Key header; with "
                                 "a secret it also signs the body (HMAC-SHA256).");
    if (kind == QLatin1String("slack"))
        return ChannelDialog::tr("Incoming webhook URLs (Slack, Mattermost, Rocket.Chat), or a bot token with the IDs "
                                 "of the channels to post to.");
    if (kind == QLatin1String("discord"))
        return ChannelDialog::tr("One or more Discord webhook URLs (Server settings › Integrations › Webhooks).");
    if (kind == QLatin1String("telegram"))
        return ChannelDialog::tr(
            "A bot token from @BotFather and the chats the bot posts to (add the bot to them first).");
    if (kind == QLatin1String("sms"))
        return ChannelDialog::tr("Text messages through Twilio: your account SID and auth token, the sender and the "
                                 "recipients' numbers.");
    if (kind == QLatin1String("voice"))
        return ChannelDialog::tr("Phone calls through Twilio that speak the alert; a delivery counts once a call is "
                                 "answered, a call nobody answers is tried again.");
    if (kind == QLatin1String("ntfy"))
        return ChannelDialog::tr("Push notifications to the ntfy app on your phone: a topic on ntfy.sh or on your own "
                                 "server, with a token or a user and password when it is protected.");
    if (kind == QLatin1String("pushover"))
        return ChannelDialog::tr("Push notifications through Pushover: your user key and an application's token; "
                                 "CRITICAL alerts repeat until acknowledged.");
    if (kind == QLatin1String("email"))
        return ChannelDialog::tr("Mail through your SMTP server, over TLS (465) or STARTTLS (587); a password never "
                                 "travels in clear text.");
    if (kind == QLatin1String("teams"))
        return ChannelDialog::tr(
            "A Microsoft Teams Workflows webhook: AlertDesk posts an Adaptive Card to its channel.");
    if (kind == QLatin1String("pagerduty"))
        return ChannelDialog::tr("PagerDuty Events API v2: alerts trigger incidents; acknowledging or resolving here "
                                 "does the same there.");
    if (kind == QLatin1String("alertmanager"))
        return ChannelDialog::tr("A Prometheus Alertmanager cluster: alerts go to every peer; acknowledging or "
                                 "snoozing here silences the alert for the whole desk, resolving ends it.");
    if (kind == QLatin1String("desktop"))
        return ChannelDialog::tr("A notification from AlertDesk's icon in the system tray of this computer. Needs no "
                                 "account.");
    return {};
}

QString kindName(const QString& kind)
{
    const ChannelKindInfo* info = findChannelKind(kind);
    return info ? info->displayName : kind;
}

bool isUrlOption(const QString& option)
{
    return option == QLatin1String("url") || option.endsWith(QLatin1String("-url"))
        || option == QLatin1String("api-base") || option == QLatin1String("server");
}
} // namespace

QString ChannelDialog::optionLabel(const QString& option)
{
    if (const OptionText* t = optionText({}, option))
        return tr(t->label);
    QString label = option;
    label.replace(QLatin1Char('-'), QLatin1Char(' '));
    if (!label.isEmpty())
        label[0] = label[0].toUpper();
    return label;
}

QString ChannelDialog::formMessage(const QString& kind, const FieldError& error)
{
    const ChannelArgSpec* spec = findChannelArgSpec(kind);
    return UiText::formMessage(error, [spec](const QString& name) {
        const QString option = spec ? spec->optionFor(name) : QString();
        if (option.isEmpty())
            return QString();
        QString label = UiText::fieldLabel(optionLabel(option));
        // webhook_urls[2]: the second of the field's values.
        const qsizetype open = name.indexOf(QLatin1Char('['));
        if (open < 0 || !name.endsWith(QLatin1Char(']')))
            return label;
        return tr("%1 (number %2)").arg(label, name.mid(open + 1, name.size() - open - 2));
    });
}

ChannelDialog::Check ChannelDialog::check(
    const Form& f, const QStringList& existingNames, const ChannelOptions& kept, const ChannelConfig* stored)
{
    Check c;
    const QString name = f.name.trimmed();
    if (!findChannelArgSpec(f.kind) || !findChannelKind(f.kind)) {
        c.error = tr("Choose the kind of channel.");
        return c;
    }
    if (name.isEmpty()) {
        c.error = tr("Enter a name for the channel.");
        return c;
    }
    if (!Profile::isValidChannelName(name)) {
        c.error = tr("The name may use letters, digits, '_', '.' and '-' (at most 64), and must start with a letter "
                     "or a digit.");
        return c;
    }
    if (existingNames.contains(name) && !(stored && stored->name == name)) {
        c.error = tr("A channel named %1 exists already.").arg(name);
        return c;
    }
    ChannelOptions options = f.options;
    for (auto it = kept.begin(); it != kept.end(); ++it) {
        if (!options.contains(it.key()))
            options.insert(it.key(), it.value());
    }
    QJsonObject settings;
    SecretMap secrets;
    // The kind's own builder and check, exactly as `alertdesk-cli channel add` runs them.
    if (const auto e = checkChannelOptions(f.kind, options, &settings, &secrets)) {
        c.error = formMessage(f.kind, *e);
        c.errorField = e->field;
        return c;
    }
    if (stored) {
        // Settings that no option stands for (added by another part of AlertDesk) stay.
        QStringList used;
        channelOptionsFromConfig(*stored, {}, &used);
        for (auto it = stored->settings.begin(); it != stored->settings.end(); ++it) {
            if (!used.contains(it.key()) && !settings.contains(it.key()))
                settings.insert(it.key(), it.value());
        }
    }
    for (auto it = f.options.begin(); it != f.options.end() && c.warning.isEmpty(); ++it) {
        if (!isUrlOption(it.key()))
            continue;
        for (const QString& v : it.value()) {
            const QUrl u(v);
            if (u.scheme() == QLatin1String("http") && !isLoopbackHost(u.host())) {
                c.warning
                    = tr("Plain http:// sends your alerts unencrypted (%1); use https:// if the receiver offers it.")
                          .arg(optionLabel(it.key()));
                break;
            }
        }
    }
    c.config.name = name;
    c.config.kind = f.kind;
    c.config.enabled = f.enabled;
    c.config.settings = settings;
    c.secrets = secrets;
    return c;
}

ChannelDialog::ChannelDialog(EngineHost& host, QStringList existingNames, const QString& initialKind, QWidget* parent)
    : QDialog(parent)
    , m_host(host)
    , m_existing(std::move(existingNames))
{
    setWindowTitle(tr("Add channel"));
    buildForm();
    const int index = m_kind->findData(initialKind);
    m_kind->setCurrentIndex(index >= 0 ? index : 0);
    buildFields();
    connect(m_kind, &QComboBox::currentIndexChanged, this, [this] {
        buildFields();
        validate();
    });
    m_name->setFocus();
    validate();
}

ChannelDialog::ChannelDialog(EngineHost& host, const ChannelStatus& channel, QWidget* parent)
    : QDialog(parent)
    , m_host(host)
    , m_editing(true)
    , m_stored(channel.config)
{
    setWindowTitle(tr("Edit channel %1").arg(channel.config.name));
    buildForm();
    m_kind->addItem(kindName(channel.config.kind), channel.config.kind); // shown as a label instead
    m_kind->setCurrentIndex(m_kind->count() - 1);
    m_name->setText(channel.config.name);
    m_name->setReadOnly(true);
    m_enabled->setChecked(channel.config.enabled);
    buildFields();
    // The name is fixed: the keyboard starts in the first field.
    const ChannelArgSpec* spec = findChannelArgSpec(channel.config.kind);
    if (QWidget* first = spec ? m_fields.value(spec->valueOptions.value(0)) : nullptr)
        first->setFocus();
    else
        m_enabled->setFocus();

    // What is not secret is shown as it is stored.
    const ChannelOptions open = channelOptionsFromConfig(m_stored, {});
    for (auto it = open.begin(); it != open.end(); ++it) {
        QWidget* w = m_fields.value(it.key());
        if (auto* line = qobject_cast<QLineEdit*>(w))
            line->setText(it.value().join(QLatin1Char(' ')));
        else if (auto* text = qobject_cast<QPlainTextEdit*>(w))
            text->setPlainText(it.value().join(QLatin1Char('\n')));
        else if (auto* box = qobject_cast<QComboBox*>(w))
            box->setCurrentIndex(std::max(0, box->findData(it.value().value(0))));
    }
    // Secrets are read on the engine thread (the keychain lives there) and kept here, unseen,
    // for the fields left empty.
    if (!m_stored.secretFields.isEmpty()) {
        m_keptReady = false;
        for (QWidget* w : std::as_const(m_fields))
            w->setEnabled(false);
        m_host.readChannelSecrets(m_stored.name, this, [this](const SecretMap& secrets, const QString& error) {
            m_keptReady = true;
            for (QWidget* w : std::as_const(m_fields))
                w->setEnabled(true);
            const ChannelArgSpec* kindSpec = findChannelArgSpec(m_stored.kind);
            if (QWidget* first = kindSpec ? m_fields.value(kindSpec->valueOptions.value(0)) : nullptr)
                first->setFocus(); // disabled, it could not take the focus before
            m_keptError = error;
            ChannelConfig secretOnly = m_stored;
            secretOnly.settings = {};
            m_kept = channelOptionsFromConfig(secretOnly, secrets);
            for (auto it = m_kept.begin(); it != m_kept.end(); ++it) {
                QWidget* w = m_fields.value(it.key());
                const QString keep = it.value().size() > 1
                    ? tr("Stored in the keychain (%n values): leave empty to keep them", nullptr,
                        static_cast<int>(it.value().size()))
                    : tr("Stored in the keychain: leave empty to keep it");
                if (auto* line = qobject_cast<QLineEdit*>(w))
                    line->setPlaceholderText(keep);
                else if (auto* text = qobject_cast<QPlainTextEdit*>(w))
                    text->setPlaceholderText(keep);
            }
            validate();
            Q_EMIT storedSecretsLoaded();
        });
    }
    validate();
}

ChannelDialog::~ChannelDialog() = default;

void ChannelDialog::buildForm()
{
    setMinimumWidth(620);
    // The field at fault is outlined, as in the rule dialog.
    setStyleSheet(Theme::invalidFieldStyleSheet());
    auto* v = new QVBoxLayout(this);
    // One form for kind, name and the kind's fields, so that their labels line up.
    auto* top = new QFormLayout;
    top->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_form = top;
    m_kind = new QComboBox(this);
    m_kind->setAccessibleName(tr("Kind"));
    if (!m_editing) {
        for (const ChannelArgSpec& s : channelArgSpecs())
            m_kind->addItem(kindName(s.kind), s.kind);
        top->addRow(tr("&Kind:"), m_kind);
    } else {
        m_kind->hide();
        m_kindLabel = new QLabel(this);
        top->addRow(tr("Kind:"), m_kindLabel);
    }
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. trading-desk"));
    m_name->setMaxLength(64);
    top->addRow(tr("&Name:"), m_name);
    m_usage = new QLabel(this);
    m_usage->setWordWrap(true);
    top->addRow(m_usage);
    v->addLayout(top);

    m_enabled = new QCheckBox(tr("&Deliver alerts to this channel"), this);
    m_enabled->setChecked(true);
    v->addWidget(m_enabled);
    auto* secrets = new QLabel(tr("Fields shown as dots, and every URL and header, are stored in the system keychain, "
                                  "never on disk."),
        this);
    secrets->setWordWrap(true);
    secrets->setForegroundRole(QPalette::PlaceholderText);
    v->addWidget(secrets);

    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    m_message->setMinimumHeight(m_message->fontMetrics().lineSpacing() * 2);
    m_message->setAccessibleName(tr("Validation message"));
    v->addWidget(m_message);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    v->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &ChannelDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_name, &QLineEdit::textEdited, this, [this] {
        m_touched = true;
        validate();
    });
    connect(m_enabled, &QCheckBox::toggled, this, &ChannelDialog::validate);
}

void ChannelDialog::buildFields()
{
    const QString kind = m_kind->currentData().toString();
    const ChannelArgSpec* spec = findChannelArgSpec(kind);
    // The previous kind's rows go (removeRow deletes their widgets); kind, name and intro stay.
    m_fields.clear();
    while (m_form->rowCount() > kFixedRows)
        m_form->removeRow(kFixedRows);
    if (m_kindLabel)
        m_kindLabel->setText(kindName(kind));
    m_usage->setText(kindIntro(kind));
    if (!spec)
        return;
    auto touched = [this] {
        m_touched = true;
        validate();
    };
    for (const QString& option : spec->valueOptions) {
        const OptionText* text = optionText(kind, option);
        const QString hint = text && *text->hint ? tr(text->hint) : QString();
        const bool secret = spec->secretOptions.contains(option);
        const bool repeatable = spec->isRepeatable(option);
        const QStringList choices = spec->choices(option);
        QWidget* w = nullptr;
        if (!choices.isEmpty()) {
            auto* box = new QComboBox(this);
            box->addItem(tr("(default)"), QString());
            for (const QString& c : choices)
                box->addItem(c, c);
            connect(box, &QComboBox::currentIndexChanged, this, touched);
            w = box;
        } else if (repeatable && !secret) {
            auto* edit = new QPlainTextEdit(this);
            edit->setTabChangesFocus(true);
            edit->setPlaceholderText(hint.isEmpty() ? tr("One per line") : hint);
            edit->setFixedHeight(edit->fontMetrics().lineSpacing() * 3 + 14);
            connect(edit, &QPlainTextEdit::textChanged, this, touched);
            w = edit;
        } else {
            auto* edit = new QLineEdit(this);
            if (secret)
                SecretReveal::attach(edit);
            edit->setPlaceholderText(hint);
            connect(edit, &QLineEdit::textEdited, this, touched);
            w = edit;
        }
        w->setObjectName(option);
        w->setAccessibleName(optionLabel(option));
        m_fields.insert(option, w);
        auto* label = new QLabel(optionLabel(option) + QLatin1Char(':'), this);
        label->setBuddy(w);
        m_form->addRow(label, w);
        // Added to a shown dialog: shown now, not at the next turn of the event loop.
        label->show();
        w->show();
    }
    if (spec->valueOptions.isEmpty()) {
        auto* none = new QLabel(tr("Nothing to fill in."), this);
        none->setForegroundRole(QPalette::PlaceholderText);
        m_form->addRow(QString(), none);
        none->show();
    }
    // Tab goes kind, name, the fields in the table's order, then the rest of the dialog.
    QWidget* previous = m_name;
    for (const QString& option : spec->valueOptions) {
        setTabOrder(previous, m_fields.value(option));
        previous = m_fields.value(option);
    }
    setTabOrder(previous, m_enabled);
    adjustSize();
}

ChannelDialog::Form ChannelDialog::form() const
{
    Form f;
    f.kind = m_kind->currentData().toString();
    f.name = m_name->text();
    f.enabled = m_enabled->isChecked();
    const ChannelArgSpec* spec = findChannelArgSpec(f.kind);
    static const QRegularExpression spaces(QStringLiteral("\\s+"));
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        QStringList values;
        if (auto* line = qobject_cast<QLineEdit*>(it.value())) {
            const QString t = line->text().trimmed();
            if (!t.isEmpty())
                values = spec && spec->isRepeatable(it.key()) ? t.split(spaces, Qt::SkipEmptyParts) : QStringList { t };
        } else if (auto* text = qobject_cast<QPlainTextEdit*>(it.value())) {
            for (const QString& l : text->toPlainText().split(QLatin1Char('\n'))) {
                if (!l.trimmed().isEmpty())
                    values << l.trimmed();
            }
        } else if (auto* box = qobject_cast<QComboBox*>(it.value())) {
            if (!box->currentData().toString().isEmpty())
                values << box->currentData().toString();
        }
        if (!values.isEmpty())
            f.options.insert(it.key(), values);
    }
    return f;
}

void ChannelDialog::setMessage(const QString& text, const QColor& color)
{
    m_message->setText(text);
    QPalette pal = m_message->palette();
    pal.setColor(QPalette::WindowText, color);
    m_message->setPalette(pal);
}

void ChannelDialog::validate()
{
    if (!m_keptReady) {
        m_save->setEnabled(false);
        setMessage(tr("Reading the stored secrets from the keychain…"), UiText::mutedColor());
        return;
    }
    if (!m_keptError.isEmpty()) {
        // Without them, every secret field has to be typed again.
        const Check c = check(form(), m_existing, {}, m_editing ? &m_stored : nullptr);
        m_save->setEnabled(c.error.isEmpty() && !m_saving);
        setMessage(tr("The stored secrets could not be read (%1): enter them again.").arg(m_keptError)
                + (c.error.isEmpty() ? QString() : QLatin1Char(' ') + c.error),
            UiText::errorColor());
        return;
    }
    const Check c = check(form(), m_existing, m_kept, m_editing ? &m_stored : nullptr);
    m_save->setEnabled(c.error.isEmpty() && !m_saving);
    markField(m_touched ? c.errorField : QString(), c.error);
    if (!c.error.isEmpty())
        setMessage(c.error, m_touched ? UiText::errorColor() : UiText::mutedColor());
    else if (!c.warning.isEmpty())
        setMessage(c.warning, Theme::warning());
    else
        setMessage(tr("Ready to save."), UiText::okColor());
}

void ChannelDialog::markField(const QString& option, const QString& message)
{
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        const bool bad = it.key() == option;
        it.value()->setToolTip(bad ? message : QString());
        if (it.value()->property("invalid").toBool() == bad)
            continue;
        it.value()->setProperty("invalid", bad);
        it.value()->style()->unpolish(it.value());
        it.value()->style()->polish(it.value());
    }
}

void ChannelDialog::save()
{
    if (m_saving || !m_keptReady)
        return;
    const Check c
        = check(form(), m_existing, m_keptError.isEmpty() ? m_kept : ChannelOptions(), m_editing ? &m_stored : nullptr);
    if (!c.error.isEmpty())
        return;
    m_saving = true;
    m_save->setEnabled(false);
    setMessage(tr("Saving…"), palette().color(QPalette::WindowText));
    ChannelConfig saved = c.config;
    saved.secretFields.clear();
    for (auto it = c.secrets.begin(); it != c.secrets.end(); ++it) {
        if (!it.value().isEmpty())
            saved.secretFields << it.key(); // as Engine::saveChannel records them
    }
    m_host.saveChannel(c.config, c.secrets, m_editing, this, [this, saved](const QString& error) {
        m_saving = false;
        if (error.isEmpty()) {
            m_savedName = saved.name;
            m_savedConfig = saved;
            accept();
            return;
        }
        setMessage(tr("Not saved: %1").arg(error), UiText::errorColor());
        m_save->setEnabled(true);
    });
}

} // namespace alertdesk
