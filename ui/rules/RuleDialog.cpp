// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "rules/RuleDialog.h"

#include "UiText.h"
#include "app/EngineHost.h"
#include "config/CommandArgs.h"
#include "config/RuleArgs.h"
#include "engine/Engine.h"
#include "engine/RuleService.h"
#include "rules/RulesText.h"
#include "util/Duration.h"
#include "widgets/Theme.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace alertdesk {

RuleDialog::RuleDialog(EngineHost& host, const QStringList& channels, std::optional<Rule> existing, QWidget* parent)
    : QDialog(parent)
    , m_host(host)
    , m_existing(std::move(existing))
{
    setWindowTitle(m_existing ? tr("Edit rule %1").arg(m_existing->name) : tr("Add rule"));
    setStyleSheet(Theme::invalidFieldStyleSheet());
    auto* outer = new QVBoxLayout(this);
    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);

    auto row = [&](const QString& label, QWidget* field, const char* option) {
        auto* l = new QLabel(label, this);
        l->setBuddy(field);
        form->addRow(l, field);
        m_labels.insert(field, l);
        if (option)
            m_fields.insert(QString::fromLatin1(option), field);
    };
    m_name = new QLineEdit(this);
    m_name->setPlaceholderText(tr("e.g. btc-100k"));
    m_name->setMaxLength(64);
    row(tr("&Name:"), m_name, "name");
    m_metric = new QLineEdit(this);
    m_metric->setPlaceholderText(tr("e.g. BTCUSDT.price, pnl.daily, risk.BTCUSDT"));
    row(tr("&Metric:"), m_metric, "metric");
    m_condition = new QComboBox(this);
    for (const QString& c : ruleConditionNames())
        m_condition->addItem(RulesText::conditionLabel(*ruleConditionFromString(c)), c);
    row(tr("&Condition:"), m_condition, "when");
    m_value = new QLineEdit(this);
    row(tr("&Threshold:"), m_value, "value");
    m_value2 = new QLineEdit(this);
    row(tr("&Upper bound:"), m_value2, "value2");
    m_window = new QLineEdit(this);
    m_window->setPlaceholderText(tr("e.g. 15m, 1h, 1d"));
    row(tr("&Window:"), m_window, "window");

    auto* freqHost = new QWidget(this);
    auto* fh = new QHBoxLayout(freqHost);
    fh->setContentsMargins(0, 0, 0, 0);
    m_frequency = new QComboBox(freqHost);
    m_frequency->addItem(tr("Once, then the rule is spent"), QStringLiteral("once"));
    m_frequency->addItem(tr("Every time"), QStringLiteral("every"));
    m_frequency->addItem(tr("At most once per…"), QStringLiteral("once-per"));
    m_interval = new QLineEdit(freqHost);
    m_interval->setAccessibleName(tr("Interval"));
    m_interval->setPlaceholderText(tr("e.g. 1h"));
    fh->addWidget(m_frequency, 2);
    fh->addWidget(m_interval, 1);
    freqHost->setFocusProxy(m_frequency);
    row(tr("&Frequency:"), freqHost, nullptr);
    m_fields.insert(QStringLiteral("frequency"), m_frequency);
    m_cooldown = new QLineEdit(this);
    m_cooldown->setPlaceholderText(tr("Optional, e.g. 5m: the least time between two alerts"));
    row(tr("C&ooldown:"), m_cooldown, "cooldown");
    auto* expHost = new QWidget(this);
    auto* eh = new QHBoxLayout(expHost);
    eh->setContentsMargins(0, 0, 0, 0);
    m_expires = new QCheckBox(tr("E&xpires at"), expHost);
    m_expiresAt = new QDateTimeEdit(QDateTime::currentDateTime().addDays(7), expHost);
    m_expiresAt->setAccessibleName(tr("Expiry time"));
    m_expiresAt->setCalendarPopup(true);
    m_expiresAt->setDisplayFormat(UiText::dateTimeFormat(false, true));
    eh->addWidget(m_expires);
    eh->addWidget(m_expiresAt, 1);
    auto* expLabel = new QLabel(tr("Expiry:"), this);
    form->addRow(expLabel, expHost);
    m_fields.insert(QStringLiteral("expires"), m_expiresAt);

    auto* tp = new QHBoxLayout;
    m_type = new QComboBox(this);
    for (const QString& name : alertTypeNames())
        m_type->addItem(UiText::type(*alertTypeFromString(name)), name);
    m_type->setCurrentIndex(m_type->findData(QStringLiteral("PRICE")));
    m_priority = new QComboBox(this);
    for (const QString& name : priorityNames())
        m_priority->addItem(UiText::priority(*priorityFromString(name)), name);
    m_priority->setCurrentIndex(m_priority->findData(QStringLiteral("HIGH")));
    auto* prLabel = new QLabel(tr("&Priority:"), this);
    prLabel->setBuddy(m_priority);
    tp->addWidget(m_type, 1);
    tp->addSpacing(12);
    tp->addWidget(prLabel);
    tp->addWidget(m_priority, 1);
    auto* typeLabel = new QLabel(tr("Alert t&ype:"), this);
    typeLabel->setBuddy(m_type);
    form->addRow(typeLabel, tp);
    m_fields.insert(QStringLiteral("type"), m_type);
    m_fields.insert(QStringLiteral("priority"), m_priority);
    m_title = new QLineEdit(this);
    m_title->setPlaceholderText(defaultTitleTemplate());
    row(tr("T&itle:"), m_title, "title");
    m_message = new QLineEdit(this);
    m_message->setPlaceholderText(defaultMessageTemplate());
    row(tr("M&essage:"), m_message, "message");
    auto* placeholders
        = new QLabel(tr("Placeholders: %1")
                         .arg(QLatin1Char('{') + templatePlaceholders().join(QStringLiteral("} {")) + QLatin1Char('}')),
            this);
    placeholders->setWordWrap(false);
    placeholders->setForegroundRole(QPalette::PlaceholderText);
    form->addRow(QString(), placeholders);
    auto* chHost = new QWidget(this);
    auto* cv = new QVBoxLayout(chHost);
    cv->setContentsMargins(0, 0, 0, 0);
    m_channels = new QListWidget(chHost);
    m_channels->setAccessibleName(tr("Channels"));
    for (const QString& c : channels) {
        auto* item = new QListWidgetItem(c, m_channels);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
        item->setCheckState(Qt::Unchecked);
    }
    m_channels->setFixedHeight(m_channels->fontMetrics().height() * 4 + 14);
    cv->addWidget(m_channels);
    auto* chHint
        = new QLabel(channels.isEmpty() ? tr("No channel configured yet: the alert goes to every enabled channel.")
                                        : tr("None checked: every enabled channel."),
            chHost);
    chHint->setForegroundRole(QPalette::PlaceholderText);
    cv->addWidget(chHint);
    chHost->setFocusProxy(m_channels);
    row(tr("C&hannels:"), chHost, nullptr);
    m_fields.insert(QStringLiteral("channel"), m_channels);
    outer->addLayout(form);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Rule status"));
    m_status->setMinimumHeight(m_status->fontMetrics().lineSpacing() * 2);
    outer->addWidget(m_status);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    outer->addWidget(m_buttons);

    if (m_existing)
        fill(*m_existing);
    else
        m_frequency->setCurrentIndex(m_frequency->findData(QStringLiteral("once")));
    m_name->setReadOnly(m_existing.has_value());

    checkAsTyped();
    conditionChanged();
    resize(std::max(640, sizeHint().width()), sizeHint().height()); // once the unused rows are hidden
    (m_existing ? static_cast<QWidget*>(m_metric) : m_name)->setFocus();
}

// Every field is checked as it changes; the condition shows the rows it uses.
void RuleDialog::checkAsTyped()
{
    for (QLineEdit* e : { m_name, m_metric, m_value, m_value2, m_window, m_interval, m_cooldown, m_title, m_message })
        connect(e, &QLineEdit::textChanged, this, &RuleDialog::validate);
    connect(m_condition, &QComboBox::currentIndexChanged, this, &RuleDialog::conditionChanged);
    connect(m_frequency, &QComboBox::activated, this, [this] { m_frequencyTouched = true; });
    for (QComboBox* c : { m_frequency, m_type, m_priority })
        connect(c, &QComboBox::currentIndexChanged, this, &RuleDialog::validate);
    connect(m_expires, &QCheckBox::toggled, this, &RuleDialog::validate);
    connect(m_expiresAt, &QDateTimeEdit::dateTimeChanged, this, &RuleDialog::validate);
    connect(m_channels, &QListWidget::itemChanged, this, &RuleDialog::validate);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &RuleDialog::save);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

RuleDialog::~RuleDialog() = default;

QPushButton* RuleDialog::saveButton() const
{
    return m_buttons->button(QDialogButtonBox::Save);
}

void RuleDialog::fill(const Rule& r)
{
    m_name->setText(r.name);
    m_metric->setText(r.metric);
    m_condition->setCurrentIndex(m_condition->findData(ruleConditionName(r.condition)));
    m_value->setText(formatMetricValue(r.value));
    if (r.hasValue2())
        m_value2->setText(formatMetricValue(r.value2));
    if (r.windowMs > 0)
        m_window->setText(formatDuration(r.windowMs));
    const char* freq = r.frequency == RuleFrequency::Once ? "once"
        : r.frequency == RuleFrequency::Every             ? "every"
                                                          : "once-per";
    m_frequency->setCurrentIndex(m_frequency->findData(QString::fromLatin1(freq)));
    m_frequencyTouched = true;
    if (r.intervalMs > 0)
        m_interval->setText(formatDuration(r.intervalMs));
    if (r.cooldownMs > 0)
        m_cooldown->setText(formatDuration(r.cooldownMs));
    m_expires->setChecked(r.expiresAtMs > 0);
    if (r.expiresAtMs > 0)
        m_expiresAt->setDateTime(QDateTime::fromMSecsSinceEpoch(r.expiresAtMs).toLocalTime());
    m_type->setCurrentIndex(m_type->findData(alertTypeName(r.type)));
    m_priority->setCurrentIndex(m_priority->findData(priorityName(r.priority)));
    m_title->setText(r.titleTemplate);
    m_message->setText(r.messageTemplate);
    for (int i = 0; i < m_channels->count(); ++i) {
        QListWidgetItem* item = m_channels->item(i);
        item->setCheckState(r.channels.contains(item->text()) ? Qt::Checked : Qt::Unchecked);
    }
    // A channel the rule names that is gone from the profile: shown, so that it can be unticked.
    for (const QString& c : r.channels) {
        if (m_channels->findItems(c, Qt::MatchExactly).isEmpty()) {
            auto* item = new QListWidgetItem(c, m_channels);
            item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsUserCheckable | Qt::ItemIsSelectable);
            item->setCheckState(Qt::Checked);
        }
    }
}

void RuleDialog::conditionChanged()
{
    const auto c = ruleConditionFromString(m_condition->currentData().toString()).value_or(RuleCondition::Above);
    auto* form = qobject_cast<QFormLayout*>(static_cast<QVBoxLayout*>(layout())->itemAt(0)->layout());
    form->setRowVisible(m_value2, isRangeCondition(c));
    form->setRowVisible(m_window, isMoveCondition(c));
    m_labels.value(m_value)->setText(isRangeCondition(c) ? tr("&Lower bound:")
            : isMoveCondition(c)                         ? tr("Si&ze of the move (%):")
                                                         : tr("&Threshold:"));
    m_value->setPlaceholderText(isMoveCondition(c) ? tr("e.g. 5 for a 5% move") : tr("e.g. 100000"));
    // Levels default to once, edges to every time (as `rule add` without --frequency).
    if (!m_frequencyTouched) {
        const QSignalBlocker block(m_frequency);
        m_frequency->setCurrentIndex(defaultFrequency(c) == RuleFrequency::Once ? 0 : 1);
    }
    validate();
}

std::optional<Rule> RuleDialog::rule(FieldError* error) const
{
    CommandArgs args;
    auto set
        = [&args](const char* option, const QString& value) { args.setValues(QString::fromLatin1(option), { value }); };
    const auto c = ruleConditionFromString(m_condition->currentData().toString()).value_or(RuleCondition::Above);
    set("metric", m_metric->text());
    set("when", m_condition->currentData().toString());
    set("value", UiText::typedNumber(m_value->text()));
    // Fields the condition does not use are hidden and left out, as on the command line.
    if (isRangeCondition(c) && !m_value2->text().trimmed().isEmpty())
        set("value2", UiText::typedNumber(m_value2->text()));
    if (isMoveCondition(c) && !m_window->text().trimmed().isEmpty())
        set("window", m_window->text());
    const QString freq = m_frequency->currentData().toString();
    set("frequency",
        freq == QLatin1String("once-per") ? QStringLiteral("once-per:") + m_interval->text().trimmed() : freq);
    if (!m_cooldown->text().trimmed().isEmpty())
        set("cooldown", m_cooldown->text());
    if (m_expires->isChecked())
        set("expires", m_expiresAt->dateTime().toUTC().toString(Qt::ISODate));
    set("type", m_type->currentData().toString());
    set("priority", m_priority->currentData().toString());
    if (!m_title->text().isEmpty())
        set("title", m_title->text());
    if (!m_message->text().isEmpty())
        set("message", m_message->text());
    QStringList channels;
    for (int i = 0; i < m_channels->count(); ++i) {
        if (m_channels->item(i)->checkState() == Qt::Checked)
            channels << m_channels->item(i)->text();
    }
    args.setValues(QStringLiteral("channel"), channels);
    return ruleFromArgs(m_name->text().trimmed(), args, QDateTime::currentMSecsSinceEpoch(), error);
}

void RuleDialog::markField(const QString& option)
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

QString RuleDialog::formMessage(const FieldError& error) const
{
    return UiText::formMessage(error, [this](const QString& name) {
        const QString option = name == QLatin1String("rule name") ? QStringLiteral("name")
            : name.startsWith(QLatin1String("--"))                ? name.mid(2)
                                                                  : QString();
        const QLabel* label = nullptr;
        // A field inside a row's box (frequency, expiry) has the row's label.
        for (QWidget* w = m_fields.value(option); w && !label; w = w->parentWidget())
            label = m_labels.value(w);
        if (!label)
            return QString();
        QString text = label->text();
        text.remove(QLatin1Char('&'));
        if (text.endsWith(QLatin1Char(':')))
            text.chop(1);
        return UiText::fieldLabel(text.trimmed());
    });
}

void RuleDialog::validate()
{
    m_interval->setEnabled(m_frequency->currentData().toString() == QLatin1String("once-per"));
    m_expiresAt->setEnabled(m_expires->isChecked());
    FieldError error;
    const bool ok = rule(&error).has_value();
    markField(ok ? QString() : error.field);
    const bool untouched
        = !isEdit() && m_name->text().isEmpty() && m_metric->text().isEmpty() && m_value->text().isEmpty();
    m_status->setText(ok ? tr("The rule is valid.") : formMessage(error));
    QPalette pal = m_status->palette();
    pal.setColor(QPalette::WindowText,
        ok              ? UiText::okColor()
            : untouched ? UiText::mutedColor()
                        : UiText::errorColor());
    m_status->setPalette(pal);
    saveButton()->setEnabled(ok && !m_saving);
}

void RuleDialog::save()
{
    FieldError error;
    const std::optional<Rule> r = rule(&error);
    if (!r || m_saving) {
        validate();
        return;
    }
    m_saving = true;
    saveButton()->setEnabled(false);
    m_status->setText(tr("Saving…"));
    const bool edit = isEdit();
    m_host.request<QString>(
        this,
        [rule = *r, edit](Engine& e) -> QString {
            const auto fe = edit ? e.rules().replaceRule(rule) : e.rules().addRule(rule);
            if (!fe)
                return {};
            // In the form's words (formMessage) on the window's side.
            if (fe->field == QLatin1String("storage"))
                return FieldError::literal(fe->message);
            if (fe->field == QLatin1String("name"))
                return fe->message;
            return ruleErrorMessage(*fe);
        },
        [this, name = r->name](const QString& err) {
            m_saving = false;
            if (!err.isEmpty()) {
                validate();
                m_status->setText(tr("Not saved: %1").arg(formMessage(FieldError { QString(), err })));
                QPalette pal = m_status->palette();
                pal.setColor(QPalette::WindowText, UiText::errorColor());
                m_status->setPalette(pal);
                return;
            }
            Q_EMIT ruleSaved(name);
            accept();
        });
}

} // namespace alertdesk
