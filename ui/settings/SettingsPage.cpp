// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "settings/SettingsPage.h"

#include "UiText.h"
#include "app/EngineHost.h"
#include "app/SoundPlayer.h"
#include "config/Settings.h"
#include "settings/EscalationEditor.h"
#include "settings/QuietHoursEditor.h"
#include "settings/SourcesEditor.h"
#include "widgets/DurationSpinBox.h"
#include "widgets/KeyboardHelpers.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHash>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QTabBar>
#include <QTabWidget>
#include <QVBoxLayout>

#include <cmath>

namespace alertdesk {

namespace {
struct SettingText {
    const char* key;
    const char* label;
    const char* help;
};
// The labels and help of settingSpecs(), worded for the window.
const SettingText kTexts[] = {
    { "delivery.max_retries", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Retries"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Attempts after the first one before a delivery fails.") },
    { "delivery.retry_delay_ms", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "First retry after"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Base delay; each further retry waits twice as long.") },
    { "delivery.retry_cap_ms", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Longest wait"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "No single retry waits longer than this.") },
    { "delivery.jitter", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Jitter"),
        QT_TRANSLATE_NOOP(
            "alertdesk::SettingsPage", "Random ± fraction of each wait, so retries do not arrive in step.") },
    { "delivery.parallel", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Parallel delivery"),
        QT_TRANSLATE_NOOP(
            "alertdesk::SettingsPage", "Send to all of an alert's channels at once; off: one after another.") },
    { "delivery.fail_fast", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Fail fast"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Stop an alert's other deliveries at its first failure.") },
    { "delivery.timeout_ms", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Request timeout"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Time limit of one HTTP attempt.") },
    { "delivery.concurrency", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Concurrency"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Deliveries in flight per channel.") },
    { "delivery.breaker_threshold", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Circuit breaker"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Consecutive failures that pause a channel.") },
    { "delivery.breaker_cooldown_ms", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Pause before a probe"),
        QT_TRANSLATE_NOOP(
            "alertdesk::SettingsPage", "How long a paused channel waits before AlertDesk tries it again.") },
    { "ui.notify_min_priority", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Notify me of"),
        QT_TRANSLATE_NOOP(
            "alertdesk::SettingsPage", "New alerts of this priority or more urgent pop up from the tray.") },
    { "ui.notify_actions_min_priority", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Buttons on notifications"),
        QT_TRANSLATE_NOOP(
            "alertdesk::SettingsPage", "Acknowledge and Snooze 1 h on notifications this urgent or more.") },
    { "ui.close_to_tray", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Close to tray"),
        QT_TRANSLATE_NOOP(
            "alertdesk::SettingsPage", "Closing the window keeps AlertDesk delivering from the system tray.") },
    { "ui.pause_holds_channels", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Pause holds every channel"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage",
            "A pause keeps every channel's notifications; they go out when it ends, one summary per channel.") },
    { "ui.autostart", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Start at login"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Opens AlertDesk on this profile when you log in.") },
    { "ui.start_minimized", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Start minimized"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Start with the window hidden in the tray.") },
    { "ui.language", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Language"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Takes effect the next time AlertDesk starts.") },
    { "ui.theme", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Colours"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Takes effect the next time AlertDesk starts.") },
    { "ui.sound.critical", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "CRITICAL"),
        QT_TRANSLATE_NOOP(
            "alertdesk::SettingsPage", "Plays again until the alert is acknowledged, snoozed or resolved.") },
    { "ui.sound.high", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "HIGH"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Plays once when the alert arrives.") },
    { "ui.sound.medium", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "MEDIUM"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Plays once when the alert arrives.") },
    { "ui.sound.low", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "LOW"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Plays once when the alert arrives.") },
    { "ui.sound.info", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "INFO"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Plays once when the alert arrives.") },
    { "ui.sound.volume", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Volume"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Of the alarm sounds, within the desktop's own volume.") },
    { "ui.sound.critical_repeats", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "CRITICAL repeats"),
        QT_TRANSLATE_NOOP(
            "alertdesk::SettingsPage", "How often a CRITICAL alert's sound plays again while it is open.") },
    { "ui.sound.repeat_interval_s", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Repeat every"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Time between two repeats of a CRITICAL alert's sound.") },
    { "ingest.port", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Port"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "TCP port on 127.0.0.1; Apply moves the API there at once.") },
    { "ingest.max_body_bytes", QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Body limit"),
        QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Largest request body accepted; a larger one gets 413.") },
};

// The group a setting is shown in, from its key's prefix.
QString groupTitle(const QString& key)
{
    if (key.startsWith(QLatin1String("ui.sound.")))
        return SettingsPage::tr("Sounds");
    QString prefix = key.section(QLatin1Char('.'), 0, 0);
    if (prefix == QLatin1String("delivery"))
        return SettingsPage::tr("Delivery");
    if (prefix == QLatin1String("ui"))
        return SettingsPage::tr("Window and notifications");
    if (prefix == QLatin1String("ingest"))
        return SettingsPage::tr("Ingest API");
    return prefix;
}

QString choiceText(const QString& key, const QString& value)
{
    if (key == QLatin1String("ui.language")) {
        if (value == QLatin1String("system")) {
            const QString system = QLocale::system().nativeLanguageName();
            return system.isEmpty() ? SettingsPage::tr("System language")
                                    : SettingsPage::tr("System language (%1)").arg(system);
        }
        // Each language in its own name, so that it can be found whatever the window speaks: the
        // language, not one country's variant of it (Qt's name for es is "español de España").
        static const QHash<QString, QString> names { { QStringLiteral("en"), QStringLiteral("English") },
            { QStringLiteral("de"), QStringLiteral("Deutsch") }, { QStringLiteral("es"), QStringLiteral("Español") } };
        if (const auto known = names.constFind(value); known != names.cend())
            return *known;
        const QString name = QLocale(value).nativeLanguageName();
        return name.isEmpty() ? value : name.at(0).toUpper() + name.mid(1);
    }
    if (key == QLatin1String("ui.theme")) {
        static const QHash<QString, const char*> themes {
            { QStringLiteral("system"), QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "As the desktop") },
            { QStringLiteral("light"), QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Light") },
            { QStringLiteral("dark"), QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Dark") }
        };
        return themes.contains(value) ? SettingsPage::tr(themes.value(value)) : value;
    }
    if (key.startsWith(QLatin1String("ui.sound."))) {
        static const QHash<QString, const char*> sounds {
            { QStringLiteral("alarm"), QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Alarm (siren)") },
            { QStringLiteral("alert"), QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Alert (three rising beeps)") },
            { QStringLiteral("chime"), QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Chime (two notes)") },
            { QStringLiteral("ping"), QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Ping (one soft note)") },
            { QStringLiteral("tick"), QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Tick (a short blip)") },
            { QStringLiteral("silent"), QT_TRANSLATE_NOOP("alertdesk::SettingsPage", "Silent") }
        };
        return sounds.contains(value) ? SettingsPage::tr(sounds.value(value)) : value;
    }
    if (value == QLatin1String("OFF"))
        return key == QLatin1String("ui.notify_actions_min_priority") ? SettingsPage::tr("No buttons")
                                                                      : SettingsPage::tr("No notifications");
    if (const auto p = priorityFromString(value))
        return *p == Priority::Info    ? SettingsPage::tr("Every alert (%1 and more urgent)").arg(UiText::priority(*p))
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
    m_tabs = new QTabWidget(this);
    m_tabs->setDocumentMode(true);
    m_tabs->setAccessibleName(tr("Settings sections"));
    outer->addWidget(m_tabs, 1);
    buildSectionShortcuts();
    buildSettingEditors();
    alignLabels();
    buildTrayNote();
    buildSoundNote();
    buildIngestSection();
    buildPolicySections();
    buildNetworkSection();
    buildSourcesSection();
    outer->addWidget(buildButtonBar());
    KeyboardHelpers::setEntryFocus(this, m_editors.value(settingSpecs().constFirst().key));
    updateButtons();
}

void SettingsPage::buildSectionShortcuts()
{
    // Ctrl+Tab and Ctrl+Shift+Tab as shortcuts: a focused combo box would take them as typing.
    const struct {
        QKeySequence keys;
        int delta;
    } switches[] = { { QKeySequence(Qt::CTRL | Qt::Key_Tab), 1 }, { QKeySequence(Qt::CTRL | Qt::Key_PageDown), 1 },
        { QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Backtab), -1 }, { QKeySequence(Qt::CTRL | Qt::Key_Backtab), -1 },
        { QKeySequence(Qt::CTRL | Qt::Key_PageUp), -1 } };
    for (const auto& sw : switches) {
        auto* shortcut = new QShortcut(sw.keys, m_tabs);
        shortcut->setContext(Qt::WidgetWithChildrenShortcut);
        connect(shortcut, &QShortcut::activated, this, [this, delta = sw.delta] { switchSection(delta); });
    }
}

// One editor per setting of the delivery, window and ingest sections, in a group per prefix.
void SettingsPage::buildSettingEditors()
{
    // The sections in the order of Section, whatever the order of the settings table.
    for (const char* prefix : { "delivery.", "ui.", "ui.sound.", "ingest." })
        sectionPage(groupTitle(QString::fromLatin1(prefix)));
    QGroupBox* box = nullptr;
    QFormLayout* form = nullptr;
    for (const SettingSpec& spec : settingSpecs()) {
        // The price feed settings are the command line's for now.
        if (!spec.key.startsWith(QLatin1String("delivery.")) && !spec.key.startsWith(QLatin1String("ui."))
            && !spec.key.startsWith(QLatin1String("ingest.")))
            continue;
        // The ends of a pause or a mute are set from the tray and the status bar, the saved
        // filters on the Alerts page.
        if (spec.key.endsWith(QLatin1String("_until")) || spec.key == QLatin1String("ui.saved_filters"))
            continue;
        if (!box || box->title() != groupTitle(spec.key)) {
            QWidget* page = sectionPage(groupTitle(spec.key));
            box = new QGroupBox(groupTitle(spec.key), page);
            box->setMaximumWidth(900);
            form = new QFormLayout(box);
            form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
            form->setVerticalSpacing(10);
            static_cast<QVBoxLayout*>(page->layout())->insertWidget(page->layout()->count() - 1, box);
        }
        const SettingText* t = textFor(spec.key);
        const QString label = t ? tr(t->label) : spec.key;
        const QString help = t ? tr(t->help) : spec.description;
        QWidget* editor = nullptr;
        switch (spec.type) {
        case SettingSpec::Type::Choice: {
            auto* c = new QComboBox(box);
            for (const QString& v : spec.choices())
                c->addItem(choiceText(spec.key, v), v);
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
            // Durations in seconds and minutes, as a trader thinks of them (stored in ms).
            auto* s = spec.key.endsWith(QLatin1String("_ms")) ? new DurationSpinBox(box) : new QSpinBox(box);
            s->setRange(static_cast<int>(spec.min), static_cast<int>(spec.max));
            if (spec.key.endsWith(QLatin1String("_bytes"))) {
                s->setSuffix(tr(" bytes"));
                s->setSingleStep(1024);
            } else if (spec.key == QLatin1String("ui.sound.volume")) {
                s->setSuffix(tr(" %"));
                s->setSingleStep(10);
            } else if (spec.key == QLatin1String("ui.sound.critical_repeats")) {
                s->setSpecialValueText(tr("until acknowledged"));
                s->setSuffix(tr(" times"));
                s->setMinimumWidth(s->sizeHint().width() + 24); // the special text in full
            } else if (spec.key.endsWith(QLatin1String("_s"))) {
                s->setSuffix(tr(" s"));
            } else if (spec.key == QLatin1String("ingest.port")) {
                s->setSpecialValueText(tr("any free port"));
                s->setGroupSeparatorShown(false);
            }
            s->setMinimumWidth(std::max(140, s->minimumWidth())); // wider where a special text needs it
            s->setAlignment(Qt::AlignRight);
            if (spec.key != QLatin1String("ingest.port"))
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
            if (spec.type == SettingSpec::Type::Choice && spec.key.startsWith(QLatin1String("ui.sound."))) {
                auto* test = new QPushButton(tr("Test"), box);
                test->setObjectName(spec.key + QStringLiteral(".test"));
                test->setAccessibleName(tr("Test the %1 sound").arg(label));
                connect(test, &QPushButton::clicked, this, [this, key = spec.key] { testSound(key); });
                m_soundTests.insert(spec.key, test);
                row->addWidget(test);
            }
            row->addSpacing(8);
            auto* h = new QLabel(help, box);
            h->setForegroundRole(QPalette::PlaceholderText);
            h->setMinimumWidth(h->sizeHint().width()); // never cut: a longer language widens the box
            row->addWidget(h, 1);
            auto* label_ = new QLabel(label + QLatin1Char(':'), box);
            label_->setBuddy(editor);
            form->addRow(label_, row);
        }
    }
}

void SettingsPage::alignLabels()
{
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
                    label = f->itemAt(r, QFormLayout::LabelRole) ? f->itemAt(r, QFormLayout::LabelRole)->widget()
                                                                 : nullptr;
            }
        }
        if (label) {
            labels << label;
            labelWidth = std::max(labelWidth, label->sizeHint().width());
        }
    }
    for (QWidget* l : std::as_const(labels))
        l->setMinimumWidth(labelWidth);
    // A longer language's help needs more than a group's usual width: the group widens, no help is cut.
    for (QWidget* l : std::as_const(labels)) {
        QWidget* box = l->parentWidget();
        box->setMaximumWidth(std::max(box->maximumWidth(), box->minimumSizeHint().width()));
    }
}

void SettingsPage::buildTrayNote()
{
    // Said where the tray settings are, so nobody wonders why closing quits.
    if (QWidget* closeToTray = m_editors.value(QStringLiteral("ui.close_to_tray"))) {
        auto* trayForm = qobject_cast<QFormLayout*>(closeToTray->parentWidget()->layout());
        m_trayNote = new QLabel(tr("This desktop has no system tray: closing the window quits AlertDesk, and "
                                   "“Start minimized” starts it minimized instead of hidden."),
            closeToTray->parentWidget());
        m_trayNote->setWordWrap(true);
        // The form keeps its fields at their size hint, and a wrapped label's hint is a narrow
        // column: about two lines' worth instead.
        m_trayNote->setMinimumWidth(m_trayNote->fontMetrics().averageCharWidth() * 64);
        m_trayNote->setForegroundRole(QPalette::PlaceholderText);
        if (trayForm)
            trayForm->addRow(QString(), m_trayNote);
        m_trayNote->hide();
    }
}

void SettingsPage::buildSoundNote()
{
    // Said in the section, so that a silent Test button is not a mystery.
    if (QWidget* volume = m_editors.value(QStringLiteral("ui.sound.volume"))) {
        auto* form = qobject_cast<QFormLayout*>(volume->parentWidget()->layout());
        m_soundNote = new QLabel(volume->parentWidget());
        m_soundNote->setObjectName(QStringLiteral("soundNote"));
        m_soundNote->setWordWrap(true);
        m_soundNote->setMinimumWidth(620);
        m_soundNote->hide();
        auto* intro = new QLabel(tr("New alerts play a sound on this computer. Mute the sounds for a while, or pause "
                                    "every desktop notification, from the tray menu or the status bar. Quiet hours "
                                    "for every channel or for a desktop channel hold the sounds too."),
            volume->parentWidget());
        intro->setWordWrap(true);
        intro->setMinimumWidth(620);
        intro->setForegroundRole(QPalette::PlaceholderText);
        if (form) {
            form->insertRow(0, m_soundNote);
            form->insertRow(0, intro);
        }
    }
}

void SettingsPage::setSoundPlayer(SoundPlayer* player)
{
    m_player = player;
    if (m_soundNote) {
        const bool none = player && !player->hasOutput();
        m_soundNote->setText(none ? QStringLiteral("⚠ ") + SoundPlayer::noOutputMessage() : QString());
        m_soundNote->setVisible(none);
    }
}

void SettingsPage::testSound(const QString& key)
{
    auto* choice = qobject_cast<QComboBox*>(m_editors.value(key));
    auto* volume = qobject_cast<QSpinBox*>(m_editors.value(QStringLiteral("ui.sound.volume")));
    if (!choice || !volume || !m_player)
        return;
    const QString sound = choice->currentData().toString();
    if (!alarmSoundNames().contains(sound)) {
        m_status->setText(tr("Silent: this priority plays no sound."));
        return;
    }
    const QString error = m_player->play(sound, volume->value());
    m_status->setText(error.isEmpty() ? tr("Playing “%1” at %2 %.").arg(choice->currentText()).arg(volume->value())
                                      : tr("No sound: %1").arg(error));
}

void SettingsPage::buildIngestSection()
{
    // The ingest API: where it is, whether it runs, and its token (never shown, only copied).
    if (QWidget* port = m_editors.value(QStringLiteral("ingest.port"))) {
        auto* ingestForm = qobject_cast<QFormLayout*>(port->parentWidget()->layout());
        QWidget* ingestBox = port->parentWidget();
        m_ingestAddress = new QLabel(ingestBox);
        m_ingestAddress->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
        m_ingestAddress->setAccessibleName(tr("Address"));
        m_ingestState = new QLabel(ingestBox);
        m_ingestState->setWordWrap(true);
        m_ingestState->setMinimumWidth(620); // the form keeps fields at their size hint
        m_ingestState->setAccessibleName(tr("State"));
        m_token = new QLabel(ingestBox);
        m_token->setAccessibleName(tr("Token"));
        m_copyToken = new QPushButton(tr("&Copy token"), ingestBox);
        m_regenerateToken = new QPushButton(tr("Re&generate…"), ingestBox);
        auto* tokenRow = new QHBoxLayout;
        tokenRow->setSpacing(6);
        tokenRow->addWidget(m_token);
        tokenRow->addSpacing(8);
        tokenRow->addWidget(m_copyToken);
        tokenRow->addWidget(m_regenerateToken);
        tokenRow->addStretch(1);
        auto* tokenHelp
            = new QLabel(tr("Scripts send it as “Authorization: Bearer TOKEN”; alertdesk-cli on this computer "
                            "finds the API and its token by itself."),
                ingestBox);
        tokenHelp->setWordWrap(true);
        tokenHelp->setMinimumWidth(620);
        tokenHelp->setForegroundRole(QPalette::PlaceholderText);
        ingestForm->insertRow(0, tr("Address:"), m_ingestAddress);
        ingestForm->insertRow(1, tr("State:"), m_ingestState);
        ingestForm->addRow(tr("Token:"), tokenRow);
        ingestForm->addRow(QString(), tokenHelp);
        connect(m_copyToken, &QPushButton::clicked, this, &SettingsPage::copyToken);
        connect(m_regenerateToken, &QPushButton::clicked, this, &SettingsPage::regenerateToken);
        connect(&m_host, &EngineHost::ingestChanged, this, &SettingsPage::showIngest);
        showIngest(m_host.ingestStatus());
    }
}

void SettingsPage::buildPolicySections()
{
    // Quiet hours and escalation: the profile's policies, as `alertdesk-cli policies set` stores them.
    {
        QWidget* page = sectionPage(tr("Quiet hours"));
        auto* intro
            = new QLabel(tr("While quiet hours hold, notifications wait and go out when they end (as one digest), "
                            "or are only kept in the history. Times are in the time zone chosen."),
                page);
        intro->setWordWrap(true);
        auto* l = static_cast<QVBoxLayout*>(page->layout());
        l->insertWidget(0, intro);
        m_quiet = new QuietHoursEditor(page);
        l->insertWidget(1, m_quiet, 1);
        connect(m_quiet, &QuietHoursEditor::changed, this, &SettingsPage::updateButtons);
    }
    {
        QWidget* page = sectionPage(tr("Escalation"));
        auto* intro = new QLabel(tr("While nobody acknowledges, snoozes or resolves an alert, its policy notifies each "
                                    "tier's channels when the tier's time has come, then repeats reminders."),
            page);
        intro->setWordWrap(true);
        auto* l = static_cast<QVBoxLayout*>(page->layout());
        l->insertWidget(0, intro);
        m_escalation = new EscalationEditor(page);
        l->insertWidget(1, m_escalation, 1);
        connect(m_escalation, &EscalationEditor::changed, this, &SettingsPage::updateButtons);
    }
}

void SettingsPage::buildNetworkSection()
{
    // The way out for the channels' HTTP: network.proxy, its password kept in the keychain.
    {
        QWidget* page = sectionPage(tr("Network"));
        auto* box = new QGroupBox(tr("Proxy"), page);
        box->setMaximumWidth(900);
        auto* form = new QFormLayout(box);
        form->setFieldGrowthPolicy(QFormLayout::FieldsStayAtSizeHint);
        form->setVerticalSpacing(10);
        auto* proxy = new QLineEdit(box);
        proxy->setObjectName(QStringLiteral("network.proxy"));
        proxy->setAccessibleName(tr("Proxy"));
        proxy->setPlaceholderText(tr("system, none or http://user@host:port"));
        proxy->setMinimumWidth(360);
        m_editors.insert(QStringLiteral("network.proxy"), proxy);
        m_proxyPassword = new QLineEdit(box);
        m_proxyPassword->setObjectName(QStringLiteral("network.proxy.password"));
        m_proxyPassword->setAccessibleName(tr("Proxy password"));
        m_proxyPassword->setEchoMode(QLineEdit::Password);
        m_proxyPassword->setPlaceholderText(tr("Unchanged"));
        m_proxyPassword->setMinimumWidth(360);
        auto* help = new QLabel(tr("“system” follows the desktop's proxy settings (http_proxy, https_proxy, no_proxy); "
                                   "“none” always connects directly. A proxy's password is kept in the keychain."),
            box);
        help->setWordWrap(true);
        help->setMinimumWidth(620);
        help->setForegroundRole(QPalette::PlaceholderText);
        form->addRow(tr("Proxy:"), proxy);
        form->addRow(tr("Proxy password:"), m_proxyPassword);
        form->addRow(QString(), help);
        static_cast<QVBoxLayout*>(page->layout())->insertWidget(0, box);
        connect(proxy, &QLineEdit::textChanged, this, &SettingsPage::updateButtons);
        connect(m_proxyPassword, &QLineEdit::textChanged, this, &SettingsPage::updateButtons);
    }
}

QWidget* SettingsPage::buildButtonBar()
{
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
    barHost->setLayout(bar);

    connect(m_apply, &QPushButton::clicked, this, &SettingsPage::apply);
    connect(m_revert, &QPushButton::clicked, this, [this] {
        setPolicies(m_storedPolicies);
        setValues(m_stored);
    });

    return barHost;
}

SettingsPage::~SettingsPage() = default;

void SettingsPage::switchSection(int delta)
{
    const int n = m_tabs->count();
    m_tabs->setCurrentIndex((m_tabs->currentIndex() + delta + n) % n);
    // The field that had the focus is hidden now: the new section's first field takes it.
    QWidget* page = m_tabs->currentWidget();
    QWidget* w = page->nextInFocusChain();
    for (int i = 0; i < 1000 && w && w != page; ++i, w = w->nextInFocusChain()) {
        if (page->isAncestorOf(w) && w->isVisibleTo(window()) && w->isEnabled() && (w->focusPolicy() & Qt::TabFocus)) {
            w->setFocus(Qt::TabFocusReason);
            return;
        }
    }
    m_tabs->tabBar()->setFocus(Qt::TabFocusReason);
}

// The ntfy topics AlertDesk subscribes to; they change at once, not on Apply.
void SettingsPage::buildSourcesSection()
{
    QWidget* page = sectionPage(tr("Sources"));
    auto* box = new QGroupBox(tr("Alert sources (ntfy topics)"), page);
    box->setMaximumWidth(900);
    auto* l = new QVBoxLayout(box);
    m_sources = new SourcesEditor(m_host, box);
    l->addWidget(m_sources);
    static_cast<QVBoxLayout*>(page->layout())->insertWidget(page->layout()->count() - 1, box, 1);
}

QWidget* SettingsPage::sectionPage(const QString& title)
{
    if (QWidget* p = m_sections.value(title))
        return p;
    auto* scroll = new QScrollArea(m_tabs);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus); // Tab goes straight to the fields
    auto* page = new QWidget(scroll);
    auto* l = new QVBoxLayout(page);
    l->setContentsMargins(4, 10, 4, 4);
    l->addStretch(1);
    scroll->setWidget(page);
    m_tabs->addTab(scroll, title);
    m_sections.insert(title, page);
    return page;
}

void SettingsPage::showSection(Section section)
{
    m_tabs->setCurrentIndex(static_cast<int>(section));
}

bool SettingsPage::showSection(const QString& name)
{
    const QStringList names { QStringLiteral("delivery"), QStringLiteral("window"), QStringLiteral("sounds"),
        QStringLiteral("ingest"), QStringLiteral("quiet-hours"), QStringLiteral("escalation"),
        QStringLiteral("network"), QStringLiteral("sources") };
    const auto i = names.indexOf(name.toLower());
    if (i < 0)
        return false;
    showSection(static_cast<Section>(i));
    return true;
}

void SettingsPage::showIngest(const IngestStatus& st)
{
    if (!m_ingestState)
        return;
    const QString url = QStringLiteral("http://%1:%2/v1/").arg(st.address).arg(st.port);
    m_ingestAddress->setText(st.serving ? url : tr("%1 (not served)").arg(st.address));
    if (!m_host.isOpen())
        m_ingestState->setText(tr("Opening the profile…"));
    else if (!m_host.isDriver())
        m_ingestState->setText(
            tr("Served by the AlertDesk that drives this profile (process %1).").arg(m_host.ownerPid()));
    else if (!st.known)
        m_ingestState->setText(tr("Starting…"));
    else if (st.serving)
        m_ingestState->setText(tr("✔ Serving on port %1 of this computer only.").arg(st.port));
    else if (st.portBusy)
        m_ingestState->setText(tr("✘ Not serving: port %1 on 127.0.0.1 is in use by another program. Choose another "
                                  "port and Apply.")
                                   .arg(st.port));
    else
        m_ingestState->setText(tr("✘ Not serving: %1").arg(st.error));
    // The token is never shown: its place, masked, and what can be done with it. None is made
    // until it is needed (making one stores a first secret: the keychain may prompt).
    if (st.known && !st.tokenMade && m_host.isDriver())
        m_token->setText(tr("None yet: every request is refused. Copy token makes one."));
    else
        m_token->setText(QStringLiteral("adk_") + QString(12, QChar(0x2022)));
    const bool driver = m_host.isDriver();
    m_copyToken->setEnabled(m_host.isOpen());
    m_regenerateToken->setEnabled(driver && !m_readOnly);
}

void SettingsPage::copyToken()
{
    m_host.readIngestToken(this, [this](const QString& token, const QString& error) {
        if (!error.isEmpty()) {
            m_status->setText(tr("The token cannot be read: %1").arg(error));
            return;
        }
        QApplication::clipboard()->setText(token);
        m_status->setText(tr("Token copied to the clipboard."));
    });
}

void SettingsPage::regenerateToken()
{
    QMessageBox box(QMessageBox::Question, tr("Regenerate the token?"),
        tr("A new token replaces the current one at once: scripts that use the current token are refused "
           "until they get the new one."),
        QMessageBox::NoButton, this);
    box.setObjectName(QStringLiteral("regenerateTokenConfirm"));
    QPushButton* yes = box.addButton(tr("&Regenerate"), QMessageBox::AcceptRole);
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != yes)
        return;
    m_regenerateToken->setEnabled(false);
    m_host.regenerateIngestToken(this, [this](const QString& error) {
        m_regenerateToken->setEnabled(m_host.isDriver() && !m_readOnly);
        m_status->setText(error.isEmpty()
                ? tr("New token in use: the old one is refused from now on. Copy it to your scripts.")
                : tr("The token was not changed: %1").arg(error));
    });
}

void SettingsPage::setPolicies(const QJsonObject& policies)
{
    m_quiet->setTimings(policies.value(QStringLiteral("quiet_hours")).toArray());
    m_escalation->setPolicies(policies.value(QStringLiteral("escalation")).toArray());
}

QJsonObject SettingsPage::policies() const
{
    QJsonObject out = m_storedPolicies; // aggregation, templates and routing as they are
    const auto put = [&out](const QString& key, const QJsonArray& items) {
        if (items.isEmpty())
            out.remove(key);
        else
            out.insert(key, items);
    };
    put(QStringLiteral("quiet_hours"), m_quiet->timings());
    put(QStringLiteral("escalation"), m_escalation->policies());
    return out;
}

QString SettingsPage::policyError() const
{
    if (!m_quiet->error().isEmpty())
        return m_quiet->error();
    return m_escalation->error();
}

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
    m_proxyPassword->setEnabled(!readOnly);
    m_quiet->setEditable(!readOnly);
    m_escalation->setEditable(!readOnly);
    m_sources->setEditable(!readOnly);
    if (m_ingestState)
        showIngest(m_host.ingestStatus());
    if (readOnly) {
        m_status->setText(tr("Read-only: the AlertDesk that drives this profile owns its settings."));
    }
    updateButtons();
}

void SettingsPage::load(const QString& doneNote)
{
    if (!m_host.isOpen())
        return;
    m_host.fetchChannels(this, [this](const QList<ChannelStatus>& channels) {
        QStringList names;
        for (const ChannelStatus& c : channels)
            names << c.config.name;
        m_quiet->setChannels(names);
        m_escalation->setChannels(names);
    });
    // Edits not applied yet stay when the page is shown again (Revert drops them); after an
    // Apply (doneNote) the fields show what was stored.
    const bool keepSettings = doneNote.isEmpty() && settingsChanged();
    const bool keepPolicies = doneNote.isEmpty() && m_policiesLoaded && policies() != m_storedPolicies;
    m_host.fetchPolicies(this, [this, keepPolicies](const QJsonObject& policies) {
        m_storedPolicies = policies;
        m_policiesLoaded = true;
        if (!keepPolicies)
            setPolicies(policies);
        updateButtons();
    });
    // Asked after the policies: the reply comes after theirs, so doneNote is said last.
    m_host.fetchSettings(this, [this, doneNote, keepSettings](const QJsonObject& values) {
        m_stored = values;
        if (keepSettings)
            updateButtons();
        else
            setValues(values);
        Q_EMIT stored(values);
        // Said only now: the window follows the stored values from here on.
        if (!doneNote.isEmpty())
            m_status->setText(doneNote);
    });
    if (m_ingestState)
        showIngest(m_host.ingestStatus());
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
        else if (auto* e = qobject_cast<QLineEdit*>(w))
            e->setText(v.toString());
    }
    m_proxyPassword->clear();
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
        else if (auto* e = qobject_cast<QLineEdit*>(it.value()))
            out.insert(it.key(), e->text().trimmed());
    }
    return out;
}

bool SettingsPage::settingsChanged() const
{
    bool changed = false;
    const QHash<QString, QString> now = values();
    for (auto it = now.begin(); it != now.end() && !m_stored.isEmpty(); ++it) {
        const QJsonValue stored = m_stored.value(it.key());
        // Whole numbers in full: QString::number(double) would write 1048576 as 1.04858e+06.
        const double d = stored.toDouble();
        const QString storedText = stored.isBool()
            ? (stored.toBool() ? QStringLiteral("true") : QStringLiteral("false"))
            : stored.isString()                        ? stored.toString()
            : d == std::floor(d) && std::abs(d) < 1e15 ? QString::number(static_cast<qint64>(d))
                                                       : QString::number(d);
        changed = changed || storedText != it.value();
    }
    return changed || (m_proxyPassword && !m_proxyPassword->text().isEmpty());
}

void SettingsPage::updateButtons()
{
    if (m_loading)
        return;
    const bool changed = settingsChanged() || (m_policiesLoaded && policies() != m_storedPolicies);
    const QString error = policyError();
    m_apply->setEnabled(changed && error.isEmpty() && !m_readOnly);
    m_revert->setEnabled(changed && !m_readOnly);
    const QString pending = tr("Changed: Apply stores the settings; new deliveries use them at once.");
    const QString fixPrefix = tr("Fix this before applying:");
    if (!m_readOnly && !error.isEmpty())
        m_status->setText(fixPrefix + QLatin1Char(' ') + error);
    else if (!m_readOnly && changed)
        m_status->setText(pending);
    else if (!m_readOnly && (m_status->text() == pending || m_status->text().startsWith(fixPrefix)))
        m_status->clear();
}

void SettingsPage::apply()
{
    if (m_readOnly || !m_host.isOpen())
        return;
    if (const QString error = policyError(); !error.isEmpty()) {
        m_status->setText(tr("Not applied: %1").arg(error));
        return;
    }
    const QHash<QString, QString> v = values();
    const bool settings = settingsChanged();
    const QJsonObject newPolicies = policies();
    const bool savePolicies = m_policiesLoaded && newPolicies != m_storedPolicies;
    m_apply->setEnabled(false);
    // Settings first, then the policies; each step says what went wrong.
    auto policiesStep = [this, savePolicies, newPolicies] {
        if (!savePolicies)
            return load(tr("Applied."));
        m_host.savePolicies(newPolicies, this, [this](const QString& error) {
            if (!error.isEmpty()) {
                updateButtons();
                m_status->setText(tr("Quiet hours and escalation not applied: %1").arg(error));
                return;
            }
            load(tr("Applied."));
        });
    };
    if (!settings)
        return policiesStep();
    // The settings, then a new proxy password (for the proxy just stored), then the policies.
    auto passwordStep = [this, policiesStep, password = m_proxyPassword->text()] {
        if (password.isEmpty())
            return policiesStep();
        m_host.storeProxyPassword(password, this, [this, policiesStep](const QString& error) {
            if (!error.isEmpty()) {
                updateButtons();
                m_status->setText(tr("Proxy password not stored: %1").arg(error));
                return;
            }
            policiesStep();
        });
    };
    m_host.applySettings(v, this, [this, passwordStep](const QString& error) {
        if (!error.isEmpty()) {
            updateButtons(); // before the message, which it would replace with "Changed"
            m_status->setText(tr("Not applied: %1").arg(error));
            return;
        }
        passwordStep();
    });
}

} // namespace alertdesk
