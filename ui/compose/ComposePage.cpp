// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "compose/ComposePage.h"

#include "UiText.h"
#include "app/EngineHost.h"
#include "compose/ChannelPreview.h"
#include "compose/TemplateEditorDialog.h"
#include "config/Profile.h"
#include "engine/Engine.h"
#include "policy/PolicyConfig.h"

#include <QComboBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QShortcut>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace alertdesk {

namespace {
QString fieldLabel(const QString& field)
{
    if (field == QLatin1String("title"))
        return ComposePage::tr("Title");
    if (field == QLatin1String("message"))
        return ComposePage::tr("Message");
    if (field == QLatin1String("symbol"))
        return ComposePage::tr("Symbol");
    if (field == QLatin1String("data"))
        return ComposePage::tr("Data");
    if (field == QLatin1String("channels"))
        return ComposePage::tr("Channels");
    return field;
}
} // namespace

ComposePage::ComposePage(EngineHost& host, QWidget* parent)
    : QWidget(parent)
    , m_host(host)
{
    auto* outer = new QHBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);

    auto* left = new QVBoxLayout;
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    auto* top = new QHBoxLayout;
    m_type = new QComboBox(this);
    for (const QString& name : alertTypeNames())
        m_type->addItem(UiText::type(*alertTypeFromString(name)), name);
    m_type->setCurrentIndex(m_type->findData(QStringLiteral("CUSTOM")));
    m_priority = new QComboBox(this);
    for (const QString& name : priorityNames())
        m_priority->addItem(UiText::priority(*priorityFromString(name)), name);
    m_priority->setCurrentIndex(m_priority->findData(QStringLiteral("MEDIUM")));
    auto* typeLabel = new QLabel(tr("T&ype:"), this);
    typeLabel->setBuddy(m_type);
    auto* priorityLabel = new QLabel(tr("&Priority:"), this);
    priorityLabel->setBuddy(m_priority);
    top->addWidget(m_type, 1);
    top->addSpacing(12);
    top->addWidget(priorityLabel);
    top->addWidget(m_priority, 1);
    form->addRow(typeLabel, top);
    m_title = new QLineEdit(this);
    m_title->setMaxLength(AlertLimits::title);
    m_title->setPlaceholderText(tr("e.g. BTC above 70,000"));
    form->addRow(tr("&Title:"), m_title);
    m_symbol = new QLineEdit(this);
    m_symbol->setMaxLength(AlertLimits::symbol);
    m_symbol->setPlaceholderText(tr("Optional, e.g. BTCUSDT"));
    form->addRow(tr("S&ymbol:"), m_symbol);
    m_message = new QPlainTextEdit(this);
    m_message->setTabChangesFocus(true);
    m_message->setPlaceholderText(tr("Optional: what happened and what to do"));
    m_message->setFixedHeight(m_message->fontMetrics().lineSpacing() * 7 + 12);
    form->addRow(tr("&Message:"), m_message);
    m_data = new QPlainTextEdit(this);
    m_data->setTabChangesFocus(true);
    m_data->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_data->setPlaceholderText(QStringLiteral("{\"price\": 70123.5, \"threshold\": 70000}"));
    m_data->setFixedHeight(m_data->fontMetrics().lineSpacing() * 5 + 12);
    form->addRow(tr("&Data (JSON):"), m_data);
    auto* channelsHost = new QWidget(this);
    auto* channelsBox = new QVBoxLayout(channelsHost);
    channelsBox->setContentsMargins(0, 0, 0, 0);
    m_channels = new QListWidget(channelsHost);
    m_channels->setAccessibleName(tr("Channels"));
    m_channels->setFixedHeight(m_channels->fontMetrics().height() * 5 + 14);
    channelsBox->addWidget(m_channels);
    auto* channelsHint = new QLabel(tr("None checked: every enabled channel."), channelsHost);
    channelsHint->setForegroundRole(QPalette::PlaceholderText);
    channelsBox->addWidget(channelsHint);
    channelsHost->setFocusProxy(m_channels);
    form->addRow(tr("&Channels:"), channelsHost);
    left->addLayout(form);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Compose status"));
    left->addWidget(m_status);
    auto* buttons = new QHBoxLayout;
    m_show = new QPushButton(tr("Show in &history"), this);
    m_show->setVisible(false);
    m_send = new QPushButton(tr("&Send alert"), this);
    m_send->setToolTip(tr("Send the alert now (Ctrl+Return)"));
    m_send->setDefault(true);
    // Without a channel an alert is only stored: the way to one, where the trader is.
    m_addChannel = new QPushButton(tr("&Add a channel…"), this);
    m_addChannel->setVisible(false);
    connect(m_addChannel, &QPushButton::clicked, this, &ComposePage::addChannelRequested);
    buttons->addWidget(m_show);
    buttons->addWidget(m_addChannel);
    buttons->addStretch(1);
    buttons->addWidget(m_send);
    left->addLayout(buttons);
    left->addStretch(1);
    outer->addLayout(left, 5);

    auto* previewBox = new QGroupBox(tr("Preview: what each channel receives"), this);
    auto* pv = new QVBoxLayout(previewBox);
    m_preview = new QTextBrowser(previewBox);
    m_preview->setAccessibleName(tr("Preview"));
    m_preview->setOpenLinks(false);
    m_preview->setTabChangesFocus(true);
    pv->addWidget(m_preview, 1);
    auto* templatesRow = new QHBoxLayout;
    auto* templatesHint
        = new QLabel(tr("The profile's message templates apply per channel kind and alert type."), previewBox);
    templatesHint->setWordWrap(true);
    templatesHint->setForegroundRole(QPalette::PlaceholderText);
    m_templatesButton = new QPushButton(tr("T&emplates…"), previewBox);
    m_templatesButton->setToolTip(tr("Edit the message templates, with a live preview"));
    templatesRow->addWidget(templatesHint, 1);
    templatesRow->addWidget(m_templatesButton);
    pv->addLayout(templatesRow);
    outer->addWidget(previewBox, 4);

    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(kPreviewDelayMs);
    connect(m_previewTimer, &QTimer::timeout, this, &ComposePage::updatePreview);
    connect(m_templatesButton, &QPushButton::clicked, this, &ComposePage::openTemplateEditor);

    for (QComboBox* c : { m_type, m_priority })
        connect(c, &QComboBox::currentIndexChanged, this, &ComposePage::formChanged);
    for (QLineEdit* e : { m_title, m_symbol })
        connect(e, &QLineEdit::textChanged, this, &ComposePage::formChanged);
    for (QPlainTextEdit* e : { m_message, m_data })
        connect(e, &QPlainTextEdit::textChanged, this, &ComposePage::formChanged);
    connect(m_channels, &QListWidget::itemChanged, this, &ComposePage::formChanged);
    connect(m_send, &QPushButton::clicked, this, &ComposePage::send);
    connect(m_show, &QPushButton::clicked, this, [this] { Q_EMIT showAlertRequested(m_lastSent); });
    for (const QKeySequence& k : { QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter) }) {
        auto* s = new QShortcut(k, this);
        s->setContext(Qt::WidgetWithChildrenShortcut);
        connect(s, &QShortcut::activated, this, &ComposePage::send);
    }
    setFocusProxy(m_type);
    validate();
}

ComposePage::~ComposePage() = default;

void ComposePage::setChannels(const QList<ChannelStatus>& channels)
{
    m_channelConfigs.clear();
    for (const ChannelStatus& c : channels)
        m_channelConfigs << c.config;
    QStringList checked;
    for (int i = 0; i < m_channels->count(); ++i) {
        if (m_channels->item(i)->checkState() == Qt::Checked)
            checked << m_channels->item(i)->data(Qt::UserRole).toString();
    }
    const QSignalBlocker block(m_channels);
    m_channels->clear();
    for (const ChannelStatus& c : channels) {
        auto* item = new QListWidgetItem(
            c.config.enabled ? c.config.name : tr("%1 (disabled)").arg(c.config.name), m_channels);
        item->setData(Qt::UserRole, c.config.name);
        item->setFlags(
            c.config.enabled ? Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable : Qt::NoItemFlags);
        item->setCheckState(c.config.enabled && checked.contains(c.config.name) ? Qt::Checked : Qt::Unchecked);
    }
    validate();
    reloadTemplates();
}

void ComposePage::setTemplates(const QList<MessageTemplate>& templates)
{
    m_templates = templates;
    m_previewTimer->start(); // the status line stays: it may be telling about the last send
}

void ComposePage::reloadTemplates()
{
    m_host.request<QJsonObject>(
        this, [](Engine& e) { return e.profile().policies().json; },
        [this](const QJsonObject& policies) {
            FieldError fe;
            if (const auto config = PolicyConfig::fromJson(policies, &fe))
                setTemplates(config->templates);
        });
}

void ComposePage::openTemplateEditor()
{
    QString error;
    const QJsonObject o = alertJson(&error);
    std::optional<Alert> composed;
    if (error.isEmpty())
        composed = parseAlert(o, QDateTime::currentDateTimeUtc()).alert;
    auto* dialog = new TemplateEditorDialog(m_host, composed, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &TemplateEditorDialog::saved, this, &ComposePage::setTemplates);
    dialog->open();
}

void ComposePage::setEnabledForEngine(bool open)
{
    m_engineOpen = open;
    validate();
}

QJsonObject ComposePage::alertJson(QString* error) const
{
    QJsonObject o { { QStringLiteral("type"), m_type->currentData().toString() },
        { QStringLiteral("priority"), m_priority->currentData().toString() },
        { QStringLiteral("title"), m_title->text().trimmed() } };
    if (!m_message->toPlainText().trimmed().isEmpty())
        o.insert(QStringLiteral("message"), m_message->toPlainText().trimmed());
    if (!m_symbol->text().trimmed().isEmpty())
        o.insert(QStringLiteral("symbol"), m_symbol->text().trimmed());
    const QString data = m_data->toPlainText().trimmed();
    if (!data.isEmpty()) {
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(data.toUtf8(), &pe);
        if (pe.error != QJsonParseError::NoError) {
            *error = tr("Data is not valid JSON: %1.").arg(UiText::jsonError(data, pe));
            return {};
        }
        if (!doc.isObject()) {
            *error = tr("Data must be a JSON object, like {\"price\": 70123.5}.");
            return {};
        }
        o.insert(QStringLiteral("data"), doc.object());
    }
    QJsonArray channels;
    for (int i = 0; i < m_channels->count(); ++i) {
        if (m_channels->item(i)->checkState() == Qt::Checked)
            channels.append(m_channels->item(i)->data(Qt::UserRole).toString());
    }
    if (!channels.isEmpty())
        o.insert(QStringLiteral("channels"), channels);
    if (m_title->text().trimmed().isEmpty()) {
        *error = tr("Enter a title.");
        return {};
    }
    const AlertParseResult parsed = parseAlert(o, QDateTime::currentDateTimeUtc());
    if (!parsed.ok()) {
        *error = tr("%1 %2").arg(fieldLabel(parsed.error.field), parsed.error.message);
        return {};
    }
    return o;
}

void ComposePage::setStatus(const QString& text, const QColor& color)
{
    m_status->setText(text);
    QPalette pal = m_status->palette();
    pal.setColor(QPalette::WindowText, color);
    m_status->setPalette(pal);
}

void ComposePage::formChanged()
{
    m_sentShown = false;
    validate();
}

void ComposePage::validate()
{
    QString error;
    const QJsonObject o = alertJson(&error);
    const bool untouched = m_title->text().isEmpty() && m_data->toPlainText().isEmpty();
    const bool hasEnabledChannel = std::any_of(
        m_channelConfigs.cbegin(), m_channelConfigs.cend(), [](const ChannelConfig& c) { return c.enabled; });
    if (!error.isEmpty())
        setStatus(error, untouched ? UiText::mutedColor() : UiText::errorColor());
    else if (!m_sentShown && m_engineOpen && !hasEnabledChannel) // what the last send came to stays
        setStatus(tr("No channel yet: the alert would be stored, not delivered."), UiText::mutedColor());
    else if (!m_sentShown)
        setStatus(m_engineOpen ? tr("Ready to send.") : tr("The profile is not open: nothing can be sent."),
            m_engineOpen ? UiText::okColor() : UiText::errorColor());
    m_addChannel->setVisible(m_engineOpen && !hasEnabledChannel);
    (void)o;
    m_previewTimer->start(); // restarted by each change: the preview follows once typing pauses
    m_send->setEnabled(error.isEmpty() && m_engineOpen && !m_sending);
}

void ComposePage::updatePreview()
{
    m_previewTexts.clear();
    QString error;
    const QJsonObject o = alertJson(&error);
    if (!error.isEmpty()) {
        m_preview->setHtml(QStringLiteral("<p style=\"color:%1\">%2</p>")
                               .arg(UiText::mutedColor().name(),
                                   tr("The preview appears once the alert is valid: %1").arg(error).toHtmlEscaped()));
        Q_EMIT previewUpdated();
        return;
    }
    Alert alert = *parseAlert(o, QDateTime::currentDateTimeUtc()).alert;
    // The chosen channels, or every enabled one when none is checked (as a send does).
    QList<ChannelConfig> targets;
    for (const ChannelConfig& c : std::as_const(m_channelConfigs)) {
        if (alert.channels.isEmpty() ? c.enabled : alert.channels.contains(c.name))
            targets << c;
    }
    QString html;
    if (targets.isEmpty())
        html += QStringLiteral("<p style=\"color:%1\">%2</p>")
                    .arg(UiText::mutedColor().name(),
                        tr("No enabled channel: the alert would be stored, not delivered. Add a channel on the "
                           "Channels page.")
                            .toHtmlEscaped());
    for (const ChannelConfig& c : std::as_const(targets)) {
        const ChannelPreviewResult r = ChannelPreview::render(c, alert, m_templates);
        QString text = r.heading + QLatin1Char('\n') + r.summary + QLatin1Char('\n');
        html += QStringLiteral("<h3 style=\"margin-bottom:2px\">%1</h3>").arg(r.heading.toHtmlEscaped());
        html += QStringLiteral("<p style=\"color:%1; margin-top:0\">%2%3</p>")
                    .arg(UiText::mutedColor().name(), r.summary.toHtmlEscaped(),
                        r.templated ? tr(" · with the profile's template").toHtmlEscaped() : QString());
        for (const QString& e : r.templateErrors) {
            const QString line = tr("Template error, the default text goes out instead: %1").arg(e);
            text += line + QLatin1Char('\n');
            html += QStringLiteral("<p style=\"color:%1\">%2</p>")
                        .arg(UiText::errorColor().name(), line.toHtmlEscaped());
        }
        text += r.payload;
        html += QStringLiteral("<pre style=\"white-space:pre-wrap; background:%2; padding:6px\">%1</pre>")
                    .arg(r.payload.toHtmlEscaped(), palette().color(QPalette::AlternateBase).name());
        m_previewTexts.insert(c.name, text);
    }
    const int scroll = m_preview->verticalScrollBar() ? m_preview->verticalScrollBar()->value() : 0;
    m_preview->setHtml(html);
    m_preview->verticalScrollBar()->setValue(scroll); // typing must not throw the reader back to the top
    Q_EMIT previewUpdated();
}

void ComposePage::send()
{
    QString error;
    const QJsonObject o = alertJson(&error);
    if (!error.isEmpty() || !m_engineOpen || m_sending)
        return;
    m_sending = true;
    m_send->setEnabled(false);
    setStatus(tr("Sending…"), UiText::mutedColor());
    m_host.submitAlert(o, this, [this](const QString& id, const QString& err) {
        m_sending = false;
        validate();
        if (!err.isEmpty()) {
            m_sentShown = true;
            setStatus(tr("Not sent: %1").arg(err), UiText::errorColor());
            return;
        }
        m_lastSent = id;
        m_sentShown = true;
        m_show->setVisible(true);
        setStatus(m_host.isDriver() ? tr("Alert accepted and queued for delivery (id %1).").arg(id)
                                    : tr("Alert stored; the running AlertDesk (pid %1) delivers it (id %2).")
                                          .arg(m_host.ownerPid())
                                          .arg(id),
            UiText::okColor());
        Q_EMIT alertSent(id);
    });
}

} // namespace alertdesk
