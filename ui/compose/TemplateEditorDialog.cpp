// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "compose/TemplateEditorDialog.h"

#include "UiText.h"
#include "app/EngineHost.h"
#include "channels/ChannelRegistry.h"
#include "compose/ChannelPreview.h"
#include "config/Profile.h"
#include "engine/Engine.h"
#include "policy/PolicyConfig.h"
#include "storage/AlertStore.h"
#include "widgets/Theme.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTextBrowser>
#include <QTimer>
#include <QVBoxLayout>
#include <tuple>

namespace alertdesk {

namespace {
// The sample `alertdesk-cli template preview` uses when no alert is named.
Alert cliSampleAlert()
{
    Alert a;
    a.id = QStringLiteral("00000000-0000-4000-8000-000000000000");
    a.type = AlertType::Price;
    a.priority = Priority::High;
    a.title = QStringLiteral("BTC above 100k");
    a.message = QStringLiteral("BTCUSDT crossed 100,000 on the 1m close");
    a.symbol = QStringLiteral("BTCUSDT");
    a.data = QJsonObject { { QStringLiteral("price"), 100250.5 }, { QStringLiteral("change_pct"), 3.2 } };
    a.createdAt = a.updatedAt = QDateTime::currentDateTimeUtc();
    return a;
}

// Marks the placeholder at offset (up to its closing braces) in an editor.
void highlight(QPlainTextEdit* edit, std::optional<int> offset)
{
    QList<QTextEdit::ExtraSelection> selections;
    if (offset) {
        const QString text = edit->toPlainText();
        const int start = std::clamp(*offset, 0, static_cast<int>(text.size()));
        qsizetype end = text.indexOf(QLatin1String("}}"), start);
        end = end < 0 ? std::min<qsizetype>(text.size(), start + 2) : end + 2;
        QTextEdit::ExtraSelection sel;
        sel.cursor = QTextCursor(edit->document());
        sel.cursor.setPosition(start);
        sel.cursor.setPosition(static_cast<int>(std::max<qsizetype>(end, start + 1)), QTextCursor::KeepAnchor);
        sel.format.setBackground(Theme::errorBackground());
        sel.format.setUnderlineStyle(QTextCharFormat::WaveUnderline);
        sel.format.setUnderlineColor(UiText::errorColor());
        selections << sel;
    }
    edit->setExtraSelections(selections);
}
} // namespace

TemplateEditorDialog::TemplateEditorDialog(EngineHost& host, std::optional<Alert> composed, QWidget* parent)
    : QDialog(parent)
    , m_host(host)
    , m_previewTimer(new QTimer(this))
{
    setWindowTitle(tr("Message templates"));
    // Room for three columns, and more on a large window.
    const QSize room = parent ? parent->window()->size() * 0.85 : QSize(1040, 660);
    resize(std::clamp(room.width(), 900, 1400), std::clamp(room.height(), 600, 860));
    m_samples << cliSampleAlert();
    if (composed)
        m_samples << *composed;

    auto* outer = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("A template rewrites an alert's title and message for one channel kind and alert type "
                                "(the most specific one applies). Placeholders: {{title}}, {{message}}, {{symbol}}, "
                                "{{priority_emoji}}, {{data.NAME}}, {{data.NAME|default}} and every other alert field. "
                                "A part that cannot be rendered sends the default text."),
        this);
    intro->setWordWrap(true);
    outer->addWidget(intro);

    auto* split = new QSplitter(Qt::Horizontal, this);
    split->setChildrenCollapsible(false);

    split->addWidget(buildList(split)); // left: the templates
    split->addWidget(buildEditor(split)); // middle: the template being edited
    split->addWidget(buildPreview(split, composed.has_value())); // right: the live preview
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 4);
    split->setStretchFactor(2, 4);
    split->setSizes({ 200, 420, 420 });
    outer->addWidget(split, 1);

    auto* bottom = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Templates status"));
    bottom->addWidget(m_status, 1);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    bottom->addWidget(m_buttons);
    outer->addLayout(bottom);

    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(kPreviewDelayMs);
    connect(m_previewTimer, &QTimer::timeout, this, &TemplateEditorDialog::updatePreview);
    connect(m_list, &QListWidget::currentRowChanged, this, &TemplateEditorDialog::showEntry);
    connect(m_add, &QPushButton::clicked, this, &TemplateEditorDialog::addTemplate);
    connect(m_remove, &QPushButton::clicked, this, &TemplateEditorDialog::removeTemplate);
    for (QComboBox* c : { m_kind, m_type })
        connect(c, &QComboBox::currentIndexChanged, this, &TemplateEditorDialog::storeEntry);
    for (QPlainTextEdit* e : { m_title, m_message })
        connect(e, &QPlainTextEdit::textChanged, this, &TemplateEditorDialog::storeEntry);
    connect(m_sample, &QComboBox::currentIndexChanged, m_previewTimer, qOverload<>(&QTimer::start));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &TemplateEditorDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    m_editor->setEnabled(false);
    m_remove->setEnabled(false);
    saveButton()->setEnabled(false);
    m_status->setText(tr("Reading the profile's templates…"));
    load();
}

QWidget* TemplateEditorDialog::buildList(QWidget* parent)
{
    auto* listHost = new QWidget(parent);
    auto* lv = new QVBoxLayout(listHost);
    lv->setContentsMargins(0, 0, 0, 0);
    auto* listLabel = new QLabel(tr("Te&mplates:"), listHost);
    m_list = new QListWidget(listHost);
    m_list->setAccessibleName(tr("Templates"));
    listLabel->setBuddy(m_list);
    lv->addWidget(listLabel);
    lv->addWidget(m_list, 1);
    auto* listButtons = new QHBoxLayout;
    m_add = new QPushButton(tr("&Add"), listHost);
    m_remove = new QPushButton(tr("&Remove"), listHost);
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_remove);
    listButtons->addStretch(1);
    lv->addLayout(listButtons);
    return listHost;
}

QWidget* TemplateEditorDialog::buildEditor(QWidget* parent)
{
    m_editor = new QGroupBox(tr("Template"), parent);
    auto* form = new QFormLayout(m_editor);
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_kind = new QComboBox(m_editor);
    m_kind->addItem(tr("Any channel"), QStringLiteral("*"));
    for (const ChannelKindInfo& k : channelKinds())
        m_kind->addItem(k.displayName, k.kind);
    form->addRow(tr("Channel &kind:"), m_kind);
    m_type = new QComboBox(m_editor);
    m_type->addItem(tr("Any type"), QStringLiteral("*"));
    for (const QString& name : alertTypeNames())
        m_type->addItem(UiText::type(*alertTypeFromString(name)), name);
    form->addRow(tr("Alert t&ype:"), m_type);
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_title = new QPlainTextEdit(m_editor);
    m_title->setTabChangesFocus(true);
    m_title->setFont(mono);
    m_title->setPlaceholderText(tr("Empty: the alert's own title"));
    m_title->setFixedHeight(m_title->fontMetrics().lineSpacing() * 2 + 14);
    form->addRow(tr("&Title:"), m_title);
    m_message = new QPlainTextEdit(m_editor);
    m_message->setTabChangesFocus(true);
    m_message->setFont(mono);
    m_message->setPlaceholderText(tr("Empty: the alert's own message"));
    form->addRow(tr("M&essage:"), m_message);
    m_error = new QLabel(m_editor);
    m_error->setWordWrap(true);
    m_error->setAccessibleName(tr("Template error"));
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(m_error);
    return m_editor;
}

QGroupBox* TemplateEditorDialog::buildPreview(QWidget* parent, bool withComposed)
{
    auto* previewBox = new QGroupBox(tr("Preview"), parent);
    auto* pv = new QVBoxLayout(previewBox);
    auto* sampleRow = new QHBoxLayout;
    auto* sampleLabel = new QLabel(tr("A&lert:"), previewBox);
    m_sample = new QComboBox(previewBox);
    m_sample->setAccessibleName(tr("Preview alert"));
    m_sample->addItem(tr("Sample price alert"));
    if (withComposed) {
        m_sample->addItem(tr("The alert being composed"));
        m_sample->setCurrentIndex(1); // opened from Compose: what the trader is about to send
    }
    sampleLabel->setBuddy(m_sample);
    sampleRow->addWidget(sampleLabel);
    sampleRow->addWidget(m_sample, 1);
    pv->addLayout(sampleRow);
    m_previewTitle = new QLabel(previewBox);
    m_previewTitle->setWordWrap(true);
    m_previewTitle->setTextFormat(Qt::PlainText);
    m_previewTitle->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont bold = m_previewTitle->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() * 1.1);
    m_previewTitle->setFont(bold);
    pv->addWidget(m_previewTitle);
    m_previewMessage = new QLabel(previewBox);
    m_previewMessage->setWordWrap(true);
    m_previewMessage->setTextFormat(Qt::PlainText);
    m_previewMessage->setTextInteractionFlags(Qt::TextSelectableByMouse);
    pv->addWidget(m_previewMessage);
    m_previewNote = new QLabel(previewBox);
    m_previewNote->setWordWrap(true);
    pv->addWidget(m_previewNote);
    m_payload = new QTextBrowser(previewBox);
    m_payload->setAccessibleName(tr("What the channel receives"));
    m_payload->setTabChangesFocus(true);
    m_payload->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_payload->setLineWrapMode(QTextEdit::WidgetWidth);
    pv->addWidget(m_payload, 1);
    return previewBox;
}

TemplateEditorDialog::~TemplateEditorDialog() = default;

QPushButton* TemplateEditorDialog::saveButton() const
{
    return m_buttons->button(QDialogButtonBox::Save);
}

void TemplateEditorDialog::load()
{
    struct Loaded {
        QJsonObject policies;
        QList<Alert> recent;
    };
    m_host.request<Loaded>(
        this,
        [](Engine& e) {
            Loaded l;
            l.policies = e.profile().policies().json;
            l.recent = e.alerts().recent(20);
            return l;
        },
        [this](const Loaded& l) {
            for (const QJsonValue& v : l.policies.value(QStringLiteral("templates")).toArray()) {
                const QJsonObject o = v.toObject();
                Entry e;
                e.kind = o.value(QStringLiteral("channel_kind")).toString(QStringLiteral("*"));
                e.type = o.value(QStringLiteral("type")).toString(QStringLiteral("*"));
                e.title = o.value(QStringLiteral("title")).toString();
                e.message = o.value(QStringLiteral("message")).toString();
                m_entries << e;
            }
            for (const Alert& a : l.recent) {
                m_samples << a;
                m_sample->addItem(tr("%1 · %2").arg(UiText::shortTime(a.createdAt.toMSecsSinceEpoch()), a.title));
            }
            for (const Entry& entry : std::as_const(m_entries))
                new QListWidgetItem(entryLabel(entry), m_list);
            m_loaded = true;
            const bool driver = m_host.isDriver();
            saveButton()->setEnabled(driver);
            m_status->setText(driver
                    ? QString()
                    : tr("Another AlertDesk drives this profile: templates can be previewed, not saved."));
            if (m_entries.isEmpty())
                addTemplate();
            else
                m_list->setCurrentRow(0);
            Q_EMIT loaded();
        });
}

QString TemplateEditorDialog::entryLabel(const Entry& e) const
{
    const QString kind = e.kind == QLatin1String("*") ? tr("Any channel") : ChannelPreview::kindName(e.kind);
    const auto type = alertTypeFromString(e.type);
    const QString typeText = e.type == QLatin1String("*") || !type ? tr("any type") : UiText::type(*type);
    return tr("%1 · %2").arg(kind, typeText);
}

void TemplateEditorDialog::addTemplate()
{
    Entry e;
    e.title = QStringLiteral("{{priority_emoji}} {{title}}");
    e.message = QStringLiteral("{{message}}");
    m_entries << e;
    new QListWidgetItem(entryLabel(e), m_list);
    m_list->setCurrentRow(static_cast<int>(m_entries.size()) - 1);
    m_title->setFocus();
}

void TemplateEditorDialog::removeTemplate()
{
    const int row = m_list->currentRow();
    if (row < 0 || row >= m_entries.size())
        return;
    m_current = -1;
    m_entries.removeAt(row);
    delete m_list->takeItem(row);
    if (m_entries.isEmpty())
        showEntry(-1);
    else
        m_list->setCurrentRow(std::min(row, static_cast<int>(m_entries.size()) - 1));
}

void TemplateEditorDialog::showEntry(int row)
{
    m_current = row;
    const bool valid = row >= 0 && row < m_entries.size();
    m_editor->setEnabled(valid);
    m_remove->setEnabled(valid);
    m_showing = true;
    const Entry e = valid ? m_entries.at(row) : Entry {};
    m_kind->setCurrentIndex(std::max(0, m_kind->findData(e.kind)));
    m_type->setCurrentIndex(std::max(0, m_type->findData(e.type)));
    m_title->setPlainText(e.title);
    m_message->setPlainText(e.message);
    m_showing = false;
    updatePreview();
}

void TemplateEditorDialog::storeEntry()
{
    if (m_showing || m_current < 0 || m_current >= m_entries.size())
        return;
    Entry& e = m_entries[m_current];
    e.kind = m_kind->currentData().toString();
    e.type = m_type->currentData().toString();
    e.title = m_title->toPlainText();
    e.message = m_message->toPlainText();
    refreshListItem(m_current);
    m_previewTimer->start(); // restarted by each key: the preview follows once typing pauses
}

void TemplateEditorDialog::refreshListItem(int row)
{
    if (QListWidgetItem* item = m_list->item(row))
        item->setText(entryLabel(m_entries.at(row)));
}

Alert TemplateEditorDialog::sampleAlert() const
{
    return m_samples.value(std::max(0, m_sample->currentIndex()), m_samples.first());
}

QJsonArray TemplateEditorDialog::templatesJson() const
{
    QJsonArray out;
    for (const Entry& e : m_entries) {
        QJsonObject o { { QStringLiteral("channel_kind"), e.kind }, { QStringLiteral("type"), e.type } };
        if (!e.title.isEmpty())
            o.insert(QStringLiteral("title"), e.title);
        if (!e.message.isEmpty())
            o.insert(QStringLiteral("message"), e.message);
        out.append(o);
    }
    return out;
}

void TemplateEditorDialog::updatePreview()
{
    m_previewTimer->stop();
    const Alert sample = sampleAlert();
    if (m_current < 0 || m_current >= m_entries.size()) {
        highlight(m_title, std::nullopt);
        highlight(m_message, std::nullopt);
        m_error->clear();
        m_previewTitle->setText(sample.title);
        m_previewMessage->setText(sample.message);
        m_previewNote->setText(tr("No template: alerts go out with their own text."));
        m_payload->setPlainText({});
        Q_EMIT previewUpdated();
        return;
    }
    const Entry& entry = m_entries.at(m_current);
    MessageTemplate mt;
    mt.channelKind = entry.kind;
    mt.type = alertTypeFromString(entry.type);
    // Syntax first (what saving refuses), then rendering against the chosen alert (what falls
    // back to the default text at send time). Either way the first error's place is marked.
    QStringList problems;
    std::optional<int> titleAt, messageAt;
    for (auto [part, text, slot, at] : { std::tuple { tr("Title"), entry.title, &mt.title, &titleAt },
             std::tuple { tr("Message"), entry.message, &mt.message, &messageAt } }) {
        if (text.isEmpty())
            continue;
        TemplateError te;
        if (auto t = Template::parse(text, &te)) {
            *slot = *t;
            if (!t->render(sample, &te)) {
                *at = te.offset;
                problems << tr("%1, %2 (this alert gets the default text)").arg(part, te.toString());
            }
        } else {
            *at = te.offset;
            problems << tr("%1, %2").arg(part, te.toString());
        }
    }
    highlight(m_title, titleAt);
    highlight(m_message, messageAt);
    m_error->setText(problems.join(QLatin1Char('\n')));
    QPalette pal = m_error->palette();
    pal.setColor(QPalette::WindowText, UiText::errorColor());
    m_error->setPalette(pal);

    // The alert as a send makes it: applyTemplate keeps the default text for a part it cannot render.
    Alert out = sample;
    QStringList renderErrors;
    if (mt.title || mt.message)
        out = applyTemplate(mt, sample, &renderErrors);
    m_previewTitle->setText(out.title);
    m_previewMessage->setText(out.message);
    const bool fellBack = !problems.isEmpty();
    m_previewNote->setText(fellBack ? tr("The template has an error: this alert would go out with its default text, "
                                         "shown above.")
                                    : tr("Rendered with this template."));
    pal = m_previewNote->palette();
    pal.setColor(QPalette::WindowText, fellBack ? UiText::errorColor() : UiText::okColor());
    m_previewNote->setPalette(pal);
    const QString kind = entry.kind == QLatin1String("*") ? QStringLiteral("webhook") : entry.kind;
    QString summary;
    const QString payload = ChannelPreview::payload(kind, out, {}, &summary);
    m_payload->setPlainText(tr("What a %1 channel receives (%2):").arg(ChannelPreview::kindName(kind), summary)
        + QStringLiteral("\n\n") + payload);
    Q_EMIT previewUpdated();
}

void TemplateEditorDialog::save()
{
    if (!m_loaded || !m_host.isDriver())
        return;
    const QJsonArray templates = templatesJson();
    // The same check `alertdesk-cli policies set` makes, first here to answer at once.
    FieldError fe;
    std::optional<PolicyConfig> check
        = PolicyConfig::fromJson(QJsonObject { { QStringLiteral("templates"), templates } }, &fe);
    if (!check) {
        m_status->setText(tr("Not saved: %1").arg(fe.toString()));
        QPalette pal = m_status->palette();
        pal.setColor(QPalette::WindowText, UiText::errorColor());
        m_status->setPalette(pal);
        return;
    }
    const QList<MessageTemplate> parsed = check->templates;
    saveButton()->setEnabled(false);
    m_status->setText(tr("Saving…"));
    m_host.request<QString>(
        this,
        [templates](Engine& e) {
            // The rest of the section as it is now (another page may have changed it).
            QJsonObject policies = e.profile().policies().json;
            if (templates.isEmpty())
                policies.remove(QStringLiteral("templates"));
            else
                policies.insert(QStringLiteral("templates"), templates);
            QString error;
            if (!e.profile().setPolicies(policies, &error))
                return error;
            if (!e.profile().save(&error))
                return error;
            return QString();
        },
        [this, parsed](const QString& error) {
            saveButton()->setEnabled(true);
            if (!error.isEmpty()) {
                m_status->setText(tr("Not saved: %1").arg(error));
                return;
            }
            Q_EMIT saved(parsed);
            accept();
        });
}

} // namespace alertdesk
