// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "settings/SourceDialog.h"

#include "UiText.h"
#include "app/EngineHost.h"
#include "config/SourceArgs.h"
#include "model/AlertType.h"
#include "model/Priority.h"
#include "widgets/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace alertdesk {

SourceDialog::SourceDialog(EngineHost& host, std::optional<SourceConfig> existing, QWidget* parent)
    : QDialog(parent)
    , m_host(host)
    , m_existing(std::move(existing))
{
    setWindowTitle(m_existing ? tr("Edit source %1").arg(m_existing->name) : tr("Add an ntfy source"));
    setStyleSheet(Theme::invalidFieldStyleSheet());
    auto* outer = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("AlertDesk subscribes to an ntfy topic and makes an alert of every message published "
                                "to it: point TradingView's webhook (or a bot) at the topic's address. A message in "
                                "the ingest API's JSON form is taken as it is; plain text becomes the title (its first "
                                "line) and the message."),
        this);
    intro->setWordWrap(true);
    outer->addWidget(intro);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    outer->addLayout(form);
    auto row = [&](const QString& option, const QString& label, QWidget* field) {
        auto* l = new QLabel(label, this);
        l->setBuddy(field);
        form->addRow(l, field);
        m_fields.insert(option, field);
        m_labels.insert(field, l);
    };
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(QStringLiteral("tradingview"));
    row(QStringLiteral("name"), tr("&Name:"), m_name);
    m_server = new QLineEdit(this);
    m_server->setPlaceholderText(ntfysource::kDefaultServer);
    m_server->setToolTip(tr("The ntfy server: the public one, or your own."));
    row(QStringLiteral("server"), tr("&Server:"), m_server);
    m_topic = new QLineEdit(this);
    m_topic->setPlaceholderText(tr("a long, hard-to-guess name"));
    m_topic->setToolTip(tr("Anyone who knows a public topic's name can read and publish to it: choose one nobody "
                           "can guess, or protect it with a token."));
    row(QStringLiteral("topic"), tr("&Topic:"), m_topic);
    auto* tokenBox = new QWidget(this);
    auto* tokenRow = new QVBoxLayout(tokenBox);
    tokenRow->setContentsMargins(0, 0, 0, 0);
    m_token = new QLineEdit(tokenBox);
    m_token->setEchoMode(QLineEdit::Password);
    m_removeToken = new QCheckBox(tr("Remove the stored token"), tokenBox);
    tokenRow->addWidget(m_token);
    tokenRow->addWidget(m_removeToken);
    const bool hasToken = m_existing && m_existing->secretFields.contains(QStringLiteral("token"));
    m_token->setPlaceholderText(
        hasToken ? tr("set (kept unless you type a new one)") : tr("none (a public topic); tk_… for a protected one"));
    m_removeToken->setVisible(hasToken);
    row(QStringLiteral("token"), tr("Access t&oken:"), tokenBox);
    m_fields.insert(QStringLiteral("token"), m_token);
    m_type = new QComboBox(this);
    m_type->addItem(tr("Custom, unless the message says"), QString());
    for (const QString& t : alertTypeNames())
        m_type->addItem(UiText::type(*alertTypeFromString(t)), t);
    row(QStringLiteral("type"), tr("T&ype:"), m_type);
    m_priority = new QComboBox(this);
    m_priority->addItem(tr("ntfy's priority, else Medium"), QString());
    for (const QString& p : priorityNames())
        m_priority->addItem(UiText::priority(*priorityFromString(p)), p);
    m_priority->setToolTip(tr("A message's own ntfy priority (5 max … 1 min) wins over this default."));
    row(QStringLiteral("priority"), tr("&Priority:"), m_priority);
    m_channels = new QLineEdit(this);
    m_channels->setPlaceholderText(tr("every enabled channel (or routing); e.g. desk, phone"));
    row(QStringLiteral("channel"), tr("&Channels:"), m_channels);
    m_enabled = new QCheckBox(tr("Subscribed"), this);
    m_enabled->setChecked(true);
    form->addRow(QString(), m_enabled);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    outer->addWidget(m_status);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = buttons->button(QDialogButtonBox::Save);
    connect(buttons, &QDialogButtonBox::accepted, this, &SourceDialog::save);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    outer->addWidget(buttons);

    if (m_existing) {
        m_name->setText(m_existing->name);
        m_name->setEnabled(false);
        const QMap<QString, QStringList> o = ntfySourceOptions(*m_existing);
        m_server->setText(o.value(QStringLiteral("server")).value(0));
        m_topic->setText(o.value(QStringLiteral("topic")).value(0));
        m_type->setCurrentIndex(std::max(0, m_type->findData(o.value(QStringLiteral("type")).value(0))));
        m_priority->setCurrentIndex(std::max(0, m_priority->findData(o.value(QStringLiteral("priority")).value(0))));
        m_channels->setText(o.value(QStringLiteral("channel")).join(QStringLiteral(", ")));
        m_enabled->setChecked(m_existing->enabled);
    }
    for (QLineEdit* e : { m_name, m_server, m_topic, m_token, m_channels })
        connect(e, &QLineEdit::textChanged, this, &SourceDialog::validate);
    for (QComboBox* c : { m_type, m_priority })
        connect(c, &QComboBox::currentIndexChanged, this, &SourceDialog::validate);
    connect(m_removeToken, &QCheckBox::toggled, this, [this](bool on) {
        m_token->setEnabled(!on);
        validate();
    });
    resize(560, sizeHint().height());
    validate();
}

SourceDialog::~SourceDialog() = default;

std::optional<SourceConfig> SourceDialog::source(QMap<QString, QString>* secrets, FieldError* error) const
{
    SourceConfig c;
    c.name = m_existing ? m_existing->name : m_name->text().trimmed();
    c.kind = QStringLiteral("ntfy");
    c.enabled = m_enabled->isChecked();
    if (const auto e = checkSourceName(c.name)) {
        *error = *e;
        return std::nullopt;
    }
    QMap<QString, QStringList> options;
    auto set = [&options](const char* option, const QString& value) {
        if (!value.trimmed().isEmpty())
            options.insert(QString::fromLatin1(option), { value });
    };
    set("server", m_server->text());
    set("topic", m_topic->text());
    set("token", m_removeToken->isChecked() ? QString() : m_token->text());
    set("type", m_type->currentData().toString());
    set("priority", m_priority->currentData().toString());
    set("channel", m_channels->text());
    QMap<QString, QString> typed;
    if (const auto e = buildNtfySource(options, &c.settings, &typed)) {
        *error = *e;
        return std::nullopt;
    }
    secrets->clear();
    if (m_removeToken->isChecked())
        secrets->insert(QStringLiteral("token"), QString()); // removed from the keychain
    else if (typed.contains(QStringLiteral("token")))
        secrets->insert(QStringLiteral("token"), typed.value(QStringLiteral("token")));
    return c;
}

QString SourceDialog::formMessage(const FieldError& error) const
{
    return UiText::formMessage(error, [this](const QString& name) {
        const QString option = name.startsWith(QLatin1String("--")) ? name.mid(2) : name;
        QWidget* w = m_fields.value(option);
        const QLabel* label = m_labels.value(w);
        for (QWidget* p = w; p && !label; p = p->parentWidget())
            label = m_labels.value(p);
        if (!label)
            return QString();
        QString text = label->text();
        text.remove(QLatin1Char('&'));
        if (text.endsWith(QLatin1Char(':')))
            text.chop(1);
        return UiText::fieldLabel(text.trimmed());
    });
}

void SourceDialog::markField(const QString& option)
{
    for (auto it = m_fields.begin(); it != m_fields.end(); ++it) {
        const bool bad = it.key() == option;
        if (it.value()->property("invalid").toBool() == bad)
            continue;
        it.value()->setProperty("invalid", bad);
        it.value()->style()->unpolish(it.value());
        it.value()->style()->polish(it.value());
    }
}

void SourceDialog::validate()
{
    QMap<QString, QString> secrets;
    FieldError error;
    const bool ok = source(&secrets, &error).has_value();
    markField(ok ? QString() : error.field);
    const bool untouched = !m_existing && m_name->text().isEmpty() && m_topic->text().isEmpty();
    m_status->setText(ok ? tr("The source is valid.") : formMessage(error));
    QPalette pal = m_status->palette();
    pal.setColor(QPalette::WindowText,
        ok              ? UiText::okColor()
            : untouched ? UiText::mutedColor()
                        : UiText::errorColor());
    m_status->setPalette(pal);
    m_save->setEnabled(ok && !m_saving);
}

void SourceDialog::save()
{
    QMap<QString, QString> secrets;
    FieldError error;
    const std::optional<SourceConfig> c = source(&secrets, &error);
    if (!c || m_saving) {
        validate();
        return;
    }
    m_saving = true;
    m_save->setEnabled(false);
    m_status->setText(tr("Saving…"));
    m_host.saveSource(*c, secrets, m_existing.has_value(), this, [this, name = c->name](const QString& err) {
        m_saving = false;
        if (!err.isEmpty()) {
            validate();
            m_status->setText(tr("Not saved: %1").arg(err));
            QPalette pal = m_status->palette();
            pal.setColor(QPalette::WindowText, UiText::errorColor());
            m_status->setPalette(pal);
            return;
        }
        Q_EMIT sourceSaved(name);
        accept();
    });
}

} // namespace alertdesk
