#include "WebhookDialog.h"

#include "EngineHost.h"
#include "UiText.h"
#include "channels/ChannelRegistry.h"
#include "config/Profile.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace alertdesk {

namespace {
bool isTokenChar(QChar c)
{
    static const QString extra = QStringLiteral("!#$%&'*+-.^_`|~");
    return (c.unicode() < 128 && c.isLetterOrNumber()) || extra.contains(c);
}

bool isLoopback(const QString& host)
{
    return host == QLatin1String("localhost") || host == QLatin1String("127.0.0.1") || host == QLatin1String("::1");
}
} // namespace

WebhookDialog::Check WebhookDialog::check(const Form& f, const QStringList& existingNames)
{
    Check c;
    const QString name = f.name.trimmed();
    if (name.isEmpty()) {
        c.error = tr("Enter a name for the channel.");
        return c;
    }
    if (!Profile::isValidChannelName(name)) {
        c.error = tr("The name may use letters, digits, '_', '.' and '-' (at most 64), and must start with a letter "
                     "or a digit.");
        return c;
    }
    if (existingNames.contains(name)) {
        c.error = tr("A channel named %1 exists already.").arg(name);
        return c;
    }
    const QString url = f.url.trimmed();
    if (url.isEmpty()) {
        c.error = tr("Enter the URL the alerts are posted to.");
        return c;
    }
    const QUrl u(url, QUrl::StrictMode);
    if (!u.isValid()) {
        c.error = tr("The URL is not valid: %1").arg(u.errorString());
        return c;
    }
    if (u.scheme() != QLatin1String("https") && u.scheme() != QLatin1String("http")) {
        c.error = u.scheme().isEmpty() && url.contains(QLatin1Char('.'))
                      ? tr("The URL must start with https:// or http:// (did you mean https://%1 ?)").arg(url)
                      : tr("The URL must start with https:// or http://.");
        return c;
    }
    if (u.host().isEmpty()) {
        c.error = tr("The URL has no host name.");
        return c;
    }
    if (u.scheme() == QLatin1String("http") && !isLoopback(u.host()))
        c.warning = tr("Plain http:// sends your alerts unencrypted; use https:// if the receiver offers it.");

    QJsonObject headers;
    const QStringList lines = f.headers.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon <= 0) {
            c.error = tr("Header line %1 needs the form \"Name: value\".").arg(i + 1);
            return c;
        }
        const QString key = line.left(colon).trimmed();
        if (key.isEmpty() || !std::all_of(key.begin(), key.end(), isTokenChar)) {
            c.error = tr("Header line %1: \"%2\" is not a valid header name.").arg(i + 1).arg(key);
            return c;
        }
        headers.insert(key, line.mid(colon + 1).trimmed());
    }

    c.config.name = name;
    c.config.kind = QStringLiteral("webhook");
    c.config.enabled = f.enabled;
    c.secrets.insert(QStringLiteral("url"), url);
    if (!headers.isEmpty())
        c.secrets.insert(QStringLiteral("headers"), QString::fromUtf8(QJsonDocument(headers).toJson(QJsonDocument::Compact)));
    if (!f.hmacSecret.isEmpty())
        c.secrets.insert(QStringLiteral("hmac_secret"), f.hmacSecret);
    // The engine's own check, so the form never accepts what the engine would refuse.
    if (const ChannelKindInfo* kind = findChannelKind(c.config.kind)) {
        if (const QString e = kind->validate(c.config, c.secrets); !e.isEmpty())
            c.error = e;
    }
    return c;
}

WebhookDialog::WebhookDialog(EngineHost& host, QStringList existingNames, QWidget* parent)
    : QDialog(parent)
    , m_host(host)
    , m_existing(std::move(existingNames))
{
    setWindowTitle(tr("Add webhook channel"));
    setMinimumWidth(560);
    auto* v = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("AlertDesk POSTs each alert as JSON to this URL, with an Idempotency-Key header; "
                                "with a secret it also signs the body (X-AlertDesk-Signature, HMAC-SHA256)."),
                             this);
    intro->setWordWrap(true);
    v->addWidget(intro);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. trading-desk"));
    m_name->setMaxLength(64);
    form->addRow(tr("&Name:"), m_name);
    m_url = new QLineEdit(this);
    m_url->setPlaceholderText(QStringLiteral("https://hooks.example.com/alerts"));
    form->addRow(tr("&URL:"), m_url);
    m_headers = new QPlainTextEdit(this);
    m_headers->setPlaceholderText(tr("Optional, one per line, e.g.\nAuthorization: Bearer …"));
    m_headers->setTabChangesFocus(true);
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 4 + 12);
    form->addRow(tr("&Headers:"), m_headers);
    m_secret = new QLineEdit(this);
    m_secret->setEchoMode(QLineEdit::Password);
    m_secret->setPlaceholderText(tr("Optional: signs each request"));
    form->addRow(tr("HMAC &secret:"), m_secret);
    m_enabled = new QCheckBox(tr("&Deliver alerts to this channel"), this);
    m_enabled->setChecked(true);
    form->addRow(QString(), m_enabled);
    v->addLayout(form);

    auto* secrets = new QLabel(tr("The URL, the headers and the secret are stored in the system keychain, never on disk."), this);
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
    connect(buttons, &QDialogButtonBox::accepted, this, &WebhookDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto touched = [this] {
        m_touched = true;
        validate();
    };
    connect(m_name, &QLineEdit::textEdited, this, touched);
    connect(m_url, &QLineEdit::textEdited, this, touched);
    connect(m_headers, &QPlainTextEdit::textChanged, this, touched);
    connect(m_secret, &QLineEdit::textEdited, this, touched);
    m_name->setFocus();
    validate();
}

WebhookDialog::~WebhookDialog() = default;

WebhookDialog::Form WebhookDialog::form() const
{
    return {m_name->text(), m_url->text(), m_headers->toPlainText(), m_secret->text(), m_enabled->isChecked()};
}

void WebhookDialog::validate()
{
    const Check c = check(form(), m_existing);
    m_save->setEnabled(c.error.isEmpty() && !m_saving);
    QPalette pal = m_message->palette();
    if (!c.error.isEmpty()) {
        m_message->setText(c.error);
        pal.setColor(QPalette::WindowText, m_touched ? UiText::errorColor() : UiText::mutedColor());
    } else if (!c.warning.isEmpty()) {
        m_message->setText(c.warning);
        pal.setColor(QPalette::WindowText, QColor(0xB2, 0x6A, 0x00));
    } else {
        m_message->setText(tr("Ready to save."));
        pal.setColor(QPalette::WindowText, UiText::okColor());
    }
    m_message->setPalette(pal);
}

void WebhookDialog::save()
{
    const Check c = check(form(), m_existing);
    if (!c.error.isEmpty() || m_saving)
        return;
    m_saving = true;
    m_save->setEnabled(false);
    m_message->setText(tr("Saving…"));
    m_host.saveChannel(c.config, c.secrets, this, [this, name = c.config.name](const QString& error) {
        m_saving = false;
        if (error.isEmpty()) {
            m_savedName = name;
            accept();
            return;
        }
        m_message->setText(tr("Not saved: %1").arg(error));
        QPalette pal = m_message->palette();
        pal.setColor(QPalette::WindowText, UiText::errorColor());
        m_message->setPalette(pal);
        m_save->setEnabled(true);
    });
}

} // namespace alertdesk
