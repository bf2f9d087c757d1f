#include "SettingsPage.h"

#include "EngineHost.h"
#include "UiText.h"
#include "config/Settings.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace alertdesk {

namespace {
struct SettingText {
    const char* key;
    const char* label;
    const char* help;
};
// The labels and help of settingSpecs(), worded for the window.
const SettingText kTexts[] = {
    {"delivery.max_retries", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Retries"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Attempts after the first one before a delivery fails.")},
    {"delivery.retry_delay_ms", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "First retry after"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Base delay; each further retry waits twice as long.")},
    {"delivery.retry_cap_ms", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Longest wait"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "No single retry waits longer than this.")},
    {"delivery.jitter", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Jitter"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Random ± fraction of each wait, so retries do not arrive in step.")},
    {"delivery.parallel", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Parallel delivery"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Send to all of an alert's channels at once; off: one after another.")},
    {"delivery.fail_fast", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Fail fast"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Stop an alert's other deliveries at its first failure.")},
    {"delivery.timeout_ms", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Request timeout"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Time limit of one HTTP attempt.")},
    {"delivery.concurrency", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Concurrency"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Deliveries in flight per channel.")},
    {"delivery.breaker_threshold", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Circuit breaker"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Consecutive failures that pause a channel.")},
    {"delivery.breaker_cooldown_ms", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Pause before a probe"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "How long a paused channel waits before AlertDesk tries it again.")},
    {"ui.notify_min_priority", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Notify me of"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "New alerts of this priority or more urgent pop up from the tray.")},
    {"ui.close_to_tray", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Close to tray"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Closing the window keeps AlertDesk delivering from the system tray.")},
    {"ui.start_minimized", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Start minimized"),
     QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Start with the window hidden in the tray.")},
};

// The group a setting is shown in, from its key's prefix.
QString groupTitle(const QString& key)
{
    const QString prefix = key.section(QLatin1Char('.'), 0, 0);
    if (prefix == QLatin1String("delivery"))
        return SettingsPage::tr("Delivery");
    if (prefix == QLatin1String("ui"))
        return SettingsPage::tr("Window and notifications");
    return prefix;
}

QString choiceText(const QString& value)
{
    if (value == QLatin1String("OFF"))
        return SettingsPage::tr("No notifications");
    if (const auto p = priorityFromString(value))
        return *p == Priority::Info ? SettingsPage::tr("Every alert (%1 and more urgent)").arg(UiText::priority(*p))
               : *p == Priority::Critical ? SettingsPage::tr("%1 alerts only").arg(UiText::priority(*p))
                                          : SettingsPage::tr("%1 and more urgent").arg(UiText::priority(*p));
    return value;
}

const SettingText* textFor(const QString& key)
{
    for (const SettingText& t : kTexts) {
        if (key == QLatin1String(t.key))
            return &t;
    }
    return nullptr;
}
} // namespace

SettingsPage::SettingsPage(EngineHost& host, QWidget* parent)
    : QWidget(parent)
    , m_host(host)
{
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    QGroupBox* box = nullptr;
    QFormLayout* form = nullptr;
    for (const SettingSpec& spec : settingSpecs()) {
        // The ingest API and price feed settings are the command line's for now.
        if (!spec.key.startsWith(QLatin1String("delivery.")) && !spec.key.startsWith(QLatin1String("ui.")))
            continue;
        if (!box || box->title() != groupTitle(spec.key)) {
            box = new QGroupBox(groupTitle(spec.key), this);
            box->setMaximumWidth(820);
            form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
            form->setVerticalSpacing(10);
            outer->addWidget(box);
        }
        const SettingText* t = textFor(spec.key);
        const QString label = t ? tr(t->label) : spec.key;
        const QString help = t ? tr(t->help) : spec.description;
        QWidget* editor = nullptr;
        switch (spec.type) {
        case SettingSpec::Type::Choice: {
            auto* c = new QComboBox(box);
            for (const QString& v : spec.choices())
                c->addItem(choiceText(v), v);
            connect(c, &QComboBox::currentIndexChanged, this, &SettingsPage::updateButtons);
            editor = c;
            break;
        }
        case SettingSpec::Type::Bool: {
            auto* c = new QCheckBox(help, box);
            connect(c, &QCheckBox::toggled, this, &SettingsPage::updateButtons);
            editor = c;
            break;
        }
        case SettingSpec::Type::Int: {
            auto* s = new QSpinBox(box);
            s->setRange(static_cast<int>(spec.min), static_cast<int>(spec.max));
            if (spec.key.endsWith(QLatin1String("_ms"))) {
                s->setSuffix(tr(" ms"));
                s->setSingleStep(500);
            }
            s->setMinimumWidth(140);
            s->setAlignment(Qt::AlignRight);
            s->setGroupSeparatorShown(true);
            connect(s, &QSpinBox::valueChanged, this, &SettingsPage::updateButtons);
            editor = s;
            break;
        }
        case SettingSpec::Type::String:
            continue;
        case SettingSpec::Type::Double: {
            auto* s = new QDoubleSpinBox(box);
            s->setRange(spec.min, spec.max);
            s->setDecimals(2);
            s->setSingleStep(0.05);
            s->setMinimumWidth(140);
            s->setAlignment(Qt::AlignRight);
            connect(s, &QDoubleSpinBox::valueChanged, this, &SettingsPage::updateButtons);
            editor = s;
            break;
        }
        }
        editor->setObjectName(spec.key);
        editor->setAccessibleName(label);
        m_editors.insert(spec.key, editor);
        if (spec.type == SettingSpec::Type::Bool) {
            form->addRow(label + QLatin1Char(':'), editor);
        } else {
            auto* row = new QHBoxLayout;
            row->addWidget(editor);
            row->addSpacing(8);
            auto* h = new QLabel(help, box);
            h->setForegroundRole(QPalette::PlaceholderText);
            row->addWidget(h, 1);
            auto* label_ = new QLabel(label + QLatin1Char(':'), box);
            label_->setBuddy(editor);
            form->addRow(label_, row);
        }
    }

    // One label column for every group, so that the editors line up from group to group.
    QList<QWidget*> labels;
    int labelWidth = 0;
    for (QWidget* editor : std::as_const(m_editors)) {
        auto* f = qobject_cast<QFormLayout*>(editor->parentWidget()->layout());
        QWidget* label = f ? f->labelForField(editor) : nullptr;
        if (!label) {
            // Editors with a help label sit in a row layout: find the row's label by the layout.
            for (int r = 0; f && r < f->rowCount(); ++r) {
                QLayoutItem* field = f->itemAt(r, QFormLayout::FieldRole);
                if (field && field->layout() && field->layout()->indexOf(editor) >= 0)
                    label = f->itemAt(r, QFormLayout::LabelRole) ? f->itemAt(r, QFormLayout::LabelRole)->widget() : nullptr;
            }
        }
        if (label) {
            labels << label;
            labelWidth = std::max(labelWidth, label->sizeHint().width());
        }
    }
    for (QWidget* l : std::as_const(labels))
        l->setMinimumWidth(labelWidth);

    // Said where the tray settings are, so nobody wonders why closing quits.
    if (QWidget* closeToTray = m_editors.value(QStringLiteral("ui.close_to_tray"))) {
        auto* trayForm = qobject_cast<QFormLayout*>(closeToTray->parentWidget()->layout());
        m_trayNote = new QLabel(tr("This desktop has no system tray: closing the window quits AlertDesk, and "
                                   "“Start minimized” starts it minimized instead of hidden."),
                                closeToTray->parentWidget());
        m_trayNote->setWordWrap(true);
        m_trayNote->setForegroundRole(QPalette::PlaceholderText);
        if (trayForm)
            trayForm->addRow(QString(), m_trayNote);
        m_trayNote->hide();
    }

    auto* bar = new QHBoxLayout;
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_revert = new QPushButton(tr("Re&vert"), this);
    m_apply = new QPushButton(tr("&Apply"), this);
    m_apply->setDefault(true);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_revert);
    bar->addWidget(m_apply);
    auto* barHost = new QWidget(this);
    barHost->setMaximumWidth(820);
    barHost->setLayout(bar);
    outer->addWidget(barHost);
    outer->addStretch(1);

    connect(m_apply, &QPushButton::clicked, this, &SettingsPage::apply);
    connect(m_revert, &QPushButton::clicked, this, [this] { setValues(m_stored); });
    setFocusProxy(m_editors.value(settingSpecs().constFirst().key));
    updateButtons();
}

SettingsPage::~SettingsPage() = default;

void SettingsPage::setTrayAvailable(bool available)
{
    if (m_trayNote)
        m_trayNote->setVisible(!available);
}

void SettingsPage::setReadOnly(bool readOnly)
{
    m_readOnly = readOnly;
    for (QWidget* w : std::as_const(m_editors))
        w->setEnabled(!readOnly);
    if (readOnly) {
        m_status->setText(tr("Read-only: the AlertDesk that drives this profile owns its settings."));
    }
    updateButtons();
}

void SettingsPage::load(const QString& doneNote)
{
    if (!m_host.isOpen())
        return;
    m_host.fetchSettings(this, [this, doneNote](const QJsonObject& values) {
        m_stored = values;
        setValues(values);
        Q_EMIT stored(values);
        // Said only now: the window follows the stored values from here on.
        if (!doneNote.isEmpty())
            m_status->setText(doneNote);
    });
}

void SettingsPage::setValues(const QJsonObject& values)
{
    m_loading = true;
    for (const SettingSpec& spec : settingSpecs()) {
        QWidget* w = m_editors.value(spec.key);
        const QJsonValue v = values.value(spec.key);
        if (auto* c = qobject_cast<QCheckBox*>(w))
            c->setChecked(v.toBool());
        else if (auto* box = qobject_cast<QComboBox*>(w))
            box->setCurrentIndex(std::max(0, box->findData(v.toString())));
        else if (auto* s = qobject_cast<QSpinBox*>(w))
            s->setValue(v.toInt());
        else if (auto* d = qobject_cast<QDoubleSpinBox*>(w))
            d->setValue(v.toDouble());
    }
    m_loading = false;
    updateButtons();
}

QHash<QString, QString> SettingsPage::values() const
{
    QHash<QString, QString> out;
    for (auto it = m_editors.begin(); it != m_editors.end(); ++it) {
        if (auto* c = qobject_cast<QCheckBox*>(it.value()))
            out.insert(it.key(), c->isChecked() ? QStringLiteral("true") : QStringLiteral("false"));
        else if (auto* box = qobject_cast<QComboBox*>(it.value()))
            out.insert(it.key(), box->currentData().toString());
        else if (auto* s = qobject_cast<QSpinBox*>(it.value()))
            out.insert(it.key(), QString::number(s->value()));
        else if (auto* d = qobject_cast<QDoubleSpinBox*>(it.value()))
            out.insert(it.key(), QString::number(d->value()));
    }
    return out;
}

void SettingsPage::updateButtons()
{
    if (m_loading)
        return;
    bool changed = false;
    const QHash<QString, QString> now = values();
    for (auto it = now.begin(); it != now.end() && !m_stored.isEmpty(); ++it) {
        const QJsonValue stored = m_stored.value(it.key());
        const QString storedText = stored.isBool()     ? (stored.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
                                   : stored.isString() ? stored.toString()
                                                       : QString::number(stored.toDouble());
        changed = changed || storedText != it.value();
    }
    m_apply->setEnabled(changed && !m_readOnly);
    m_revert->setEnabled(changed && !m_readOnly);
    const QString pending = tr("Changed: Apply stores the settings; new deliveries use them at once.");
    if (!m_readOnly && changed)
        m_status->setText(pending);
    else if (!m_readOnly && m_status->text() == pending)
        m_status->clear();
}

void SettingsPage::apply()
{
    if (m_readOnly || !m_host.isOpen())
        return;
    const QHash<QString, QString> v = values();
    m_apply->setEnabled(false);
    m_host.applySettings(v, this, [this](const QString& error) {
        if (!error.isEmpty()) {
            m_status->setText(tr("Not applied: %1").arg(error));
            updateButtons();
            return;
        }
        load(tr("Applied."));
    });
}

} // namespace alertdesk
