// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "rules/ThresholdsPage.h"

#include "UiText.h"
#include "app/EngineHost.h"
#include "config/Profile.h"
#include "engine/Engine.h"
#include "engine/RuleService.h"
#include "rules/RuleDialog.h"
#include "rules/RuleTrial.h"
#include "rules/RulesText.h"
#include "util/Clock.h"
#include "widgets/KeyboardHelpers.h"

#include <QDateTime>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QShortcut>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace alertdesk {

namespace {
enum StackPage { EmptyPage, ListPage };
constexpr int kRefreshCoalesceMs = 100;

QLabel* wrapped(QWidget* parent)
{
    auto* l = new QLabel(parent);
    l->setWordWrap(true);
    l->setTextFormat(Qt::PlainText);
    l->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return l;
}
} // namespace

ThresholdsPage::ThresholdsPage(EngineHost& host, QWidget* parent)
    : QWidget(parent)
    , m_host(host)
    , m_refreshTimer(new QTimer(this))
{
    auto* v = new QVBoxLayout(this);
    v->setContentsMargins(0, 0, 0, 0);

    auto* bar = new QHBoxLayout;
    auto* intro = new QLabel(tr("Rules watch a metric (a price, PnL, drawdown, latency…) and raise an alert when "
                                "their condition holds."),
        this);
    intro->setWordWrap(true);
    bar->addWidget(intro, 1);
    m_add = new QPushButton(tr("&Add rule…"), this);
    m_edit = new QPushButton(tr("&Edit…"), this);
    m_toggle = new QPushButton(tr("Disa&ble"), this);
    m_delete = new QPushButton(tr("&Delete…"), this);
    for (QPushButton* b : { m_add, m_edit, m_toggle, m_delete })
        bar->addWidget(b);
    v->addLayout(bar);

    m_stack = new QStackedWidget(this);
    m_stack->addWidget(buildEmptyPage());
    m_stack->addWidget(buildTable());
    v->addWidget(m_stack, 1);

    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    m_status->setAccessibleName(tr("Rules status"));
    v->addWidget(m_status);

    // The test panel: the selected rule against a value typed here.
    v->addWidget(buildTestPanel(), 0);

    connectActions();

    KeyboardHelpers::setEntryFocus(this, m_emptyAdd);
    m_stack->setCurrentIndex(EmptyPage);
    updateButtons();
    updateTestPanel();
}

QWidget* ThresholdsPage::buildEmptyPage()
{
    auto* empty = new QWidget(m_stack);
    auto* ev = new QVBoxLayout(empty);
    ev->addStretch(1);
    auto* emptyText = new QLabel(tr("<h3>No rule yet</h3><p>A rule raises an alert when a metric crosses a threshold, "
                                    "leaves a range or moves by a percentage within a window: for example "
                                    "<i>BTCUSDT.price crossing up 100000</i>, or <i>pnl.daily below -2000</i>.</p>"),
        empty);
    emptyText->setWordWrap(true);
    emptyText->setAlignment(Qt::AlignCenter);
    ev->addWidget(emptyText);
    auto* emptyAdd = new QPushButton(tr("Add a rule…"), empty);
    m_emptyAdd = emptyAdd;
    auto* eh = new QHBoxLayout;
    eh->addStretch(1);
    eh->addWidget(emptyAdd);
    eh->addStretch(1);
    ev->addLayout(eh);
    ev->addStretch(2);
    connect(emptyAdd, &QPushButton::clicked, this, &ThresholdsPage::openAddRule);
    return empty;
}

QTableWidget* ThresholdsPage::buildTable()
{
    m_table = new QTableWidget(0, ColumnCount, m_stack);
    m_table->setAccessibleName(tr("Rules"));
    m_table->setHorizontalHeaderLabels({ tr("Name"), tr("Metric"), tr("Condition"), tr("Frequency / cooldown"),
        tr("Enabled"), tr("Last triggered"), tr("Expires") });
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setAlternatingRowColors(true);
    m_table->setTabKeyNavigation(false);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setHighlightSections(false);
    const int w = m_table->fontMetrics().averageCharWidth();
    m_table->setWordWrap(false);
    const int widths[ColumnCount] = { 16, 18, 24, 30, 9, 22, 16 };
    for (int c = 0; c < ColumnCount; ++c)
        m_table->setColumnWidth(c, widths[c] * w);
    return m_table;
}

QGroupBox* ThresholdsPage::buildTestPanel()
{
    auto* testBox = new QGroupBox(tr("Test the selected rule"), this);
    m_testPanel = testBox;
    auto* th = new QHBoxLayout(testBox);
    auto* inputs = new QFormLayout;
    inputs->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_testRule = new QLabel(testBox);
    inputs->addRow(tr("Rule:"), m_testRule);
    m_testValue = new QLineEdit(testBox);
    m_testValue->setPlaceholderText(tr("e.g. 100250.5"));
    inputs->addRow(tr("Va&lue:"), m_testValue);
    m_testPreviousLabel = new QLabel(tr("&Previous value:"), testBox);
    m_testPrevious = new QLineEdit(testBox);
    m_testPreviousLabel->setBuddy(m_testPrevious);
    inputs->addRow(m_testPreviousLabel, m_testPrevious);
    auto* hint = new QLabel(tr("Nothing is sent, and the rule's stored state is left as it is."), testBox);
    hint->setWordWrap(true);
    hint->setForegroundRole(QPalette::PlaceholderText);
    inputs->addRow(hint);
    th->addLayout(inputs, 2);
    th->addSpacing(16);
    auto* result = new QVBoxLayout;
    m_verdict = new QLabel(testBox);
    m_verdict->setAccessibleName(tr("Verdict"));
    QFont big = m_verdict->font();
    big.setBold(true);
    big.setPointSizeF(big.pointSizeF() * 1.2);
    m_verdict->setFont(big);
    result->addWidget(m_verdict);
    m_explanation = wrapped(testBox);
    result->addWidget(m_explanation);
    m_testTitle = wrapped(testBox);
    QFont bold = m_testTitle->font();
    bold.setBold(true);
    m_testTitle->setFont(bold);
    result->addWidget(m_testTitle);
    m_testMessage = wrapped(testBox);
    result->addWidget(m_testMessage);
    m_stateNote = wrapped(testBox);
    m_stateNote->setForegroundRole(QPalette::PlaceholderText);
    result->addWidget(m_stateNote);
    result->addStretch(1);
    th->addLayout(result, 3);
    return testBox;
}

void ThresholdsPage::connectActions()
{
    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(kRefreshCoalesceMs);
    connect(m_refreshTimer, &QTimer::timeout, this, &ThresholdsPage::refresh);
    connect(&m_host, &EngineHost::rulesChanged, this, &ThresholdsPage::scheduleRefresh);
    connect(&m_host, &EngineHost::channelsChanged, this, &ThresholdsPage::scheduleRefresh);
    connect(m_add, &QPushButton::clicked, this, &ThresholdsPage::openAddRule);
    connect(m_edit, &QPushButton::clicked, this, &ThresholdsPage::openEditRule);
    connect(m_delete, &QPushButton::clicked, this, &ThresholdsPage::deleteSelected);
    connect(m_toggle, &QPushButton::clicked, this, &ThresholdsPage::toggleSelected);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, [this] {
        updateButtons();
        updateTestPanel();
    });
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int, int column) {
        if (column != EnabledColumn)
            openEditRule();
    });
    connect(m_table, &QTableWidget::itemChanged, this, [this](QTableWidgetItem* item) {
        if (m_filling || item->column() != EnabledColumn)
            return;
        selectRule(m_table->item(item->row(), NameColumn)->text());
        const bool wanted = item->checkState() == Qt::Checked;
        const std::optional<Rule> r = currentRule();
        if (r && r->enabled != wanted)
            toggleSelected();
    });
    for (auto [key, slot] : { std::pair { QKeySequence(QKeySequence::Delete), &ThresholdsPage::deleteSelected },
             std::pair { QKeySequence(Qt::Key_Return), &ThresholdsPage::openEditRule },
             std::pair { QKeySequence(Qt::Key_Enter), &ThresholdsPage::openEditRule } }) {
        auto* s = new QShortcut(key, m_table);
        s->setContext(Qt::WidgetShortcut);
        connect(s, &QShortcut::activated, this, slot);
    }
    connect(m_testValue, &QLineEdit::textChanged, this, &ThresholdsPage::runTest);
    connect(m_testPrevious, &QLineEdit::textChanged, this, &ThresholdsPage::runTest);
}

ThresholdsPage::~ThresholdsPage() = default;

void ThresholdsPage::scheduleRefresh()
{
    if (!m_refreshTimer->isActive())
        m_refreshTimer->start();
}

void ThresholdsPage::refresh()
{
    m_refreshTimer->stop();
    struct Snapshot {
        QList<Rule> rules;
        QStringList channels;
        qint64 nowMs = 0;
    };
    m_host.request<Snapshot>(
        this,
        [](Engine& e) {
            Snapshot s;
            e.rules().reloadIfChanged(); // a change by alertdesk-cli since the last sync
            s.rules = e.rules().rules();
            for (const ChannelConfig& c : e.profile().channels())
                s.channels << c.name;
            s.nowMs = e.clock().nowMs();
            return s;
        },
        [this](const Snapshot& s) { setRules(s.rules, s.channels, s.nowMs); });
}

void ThresholdsPage::setRules(const QList<Rule>& rules, const QStringList& channels, qint64 nowMs)
{
    const QString selected = m_pendingSelection.isEmpty() ? selectedRule() : m_pendingSelection;
    m_pendingSelection.clear();
    QList<Rule> sorted = rules;
    std::sort(sorted.begin(), sorted.end(),
        [](const Rule& a, const Rule& b) { return a.name.localeAwareCompare(b.name) < 0; });
    m_rules = sorted;
    m_channels = channels;
    m_nowMs = nowMs;
    m_filling = true;
    const QSignalBlocker block(m_table);
    m_table->setRowCount(static_cast<int>(m_rules.size()));
    int selectRow = m_rules.isEmpty() ? -1 : 0;
    for (int row = 0; row < m_rules.size(); ++row) {
        const Rule& r = m_rules.at(row);
        const bool expired = r.expiresAtMs > 0 && nowMs >= r.expiresAtMs;
        const QString cells[ColumnCount] = { r.name, r.metric, RulesText::condition(r), RulesText::frequency(r),
            r.enabled ? tr("on") : tr("off"), RulesText::lastTriggered(r), RulesText::expires(r, nowMs) };
        for (int c = 0; c < ColumnCount; ++c) {
            auto* item = new QTableWidgetItem(cells[c]);
            if (c == EnabledColumn) {
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
                item->setCheckState(r.enabled ? Qt::Checked : Qt::Unchecked);
                item->setToolTip(r.enabled ? tr("Enabled: click to disable") : tr("Disabled: click to enable"));
            } else {
                item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable);
            }
            if (!r.enabled || expired || r.state.exhausted)
                item->setForeground(UiText::mutedColor());
            m_table->setItem(row, c, item);
        }
        if (r.name == selected)
            selectRow = row;
    }
    if (selectRow >= 0)
        m_table->selectRow(selectRow);
    // Columns fit the first rules shown; later the user's widths stay.
    if (!m_loaded && !m_rules.isEmpty()) {
        m_table->resizeColumnsToContents();
        for (int c = 0; c < ColumnCount - 1; ++c)
            m_table->setColumnWidth(c, m_table->columnWidth(c) + 16);
    }
    m_filling = false;
    m_stack->setCurrentIndex(m_rules.isEmpty() ? EmptyPage : ListPage);
    // The page's focus goes where the work is: the list, or the way to a first rule.
    KeyboardHelpers::setEntryFocus(this, m_rules.isEmpty() ? m_emptyAdd : static_cast<QWidget*>(m_table));
    if (!m_rules.isEmpty() && m_emptyAdd->hasFocus())
        m_table->setFocus();
    m_loaded = true;
    updateButtons();
    updateTestPanel();
    Q_EMIT rulesLoaded(static_cast<int>(m_rules.size()));
}

QString ThresholdsPage::selectedRule() const
{
    const QList<QTableWidgetItem*> items = m_table->selectedItems();
    if (items.isEmpty())
        return {};
    const QTableWidgetItem* name = m_table->item(items.first()->row(), NameColumn);
    return name ? name->text() : QString();
}

std::optional<Rule> ThresholdsPage::currentRule() const
{
    const QString name = selectedRule();
    for (const Rule& r : m_rules) {
        if (r.name == name)
            return r;
    }
    return std::nullopt;
}

void ThresholdsPage::selectRule(const QString& name)
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, NameColumn)->text() == name) {
            m_table->selectRow(row);
            return;
        }
    }
    m_pendingSelection = name; // not loaded yet: selected once it is
}

void ThresholdsPage::updateButtons()
{
    const std::optional<Rule> r = currentRule();
    m_edit->setEnabled(r.has_value());
    m_delete->setEnabled(r.has_value());
    m_toggle->setEnabled(r.has_value());
    m_toggle->setText(r && !r->enabled ? tr("Ena&ble") : tr("Disa&ble"));
}

void ThresholdsPage::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    QPalette pal = m_status->palette();
    pal.setColor(QPalette::WindowText, error ? UiText::errorColor() : UiText::okColor());
    m_status->setPalette(pal);
}

void ThresholdsPage::openAddRule()
{
    auto* dialog = new RuleDialog(m_host, m_channels, std::nullopt, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RuleDialog::ruleSaved, this, [this](const QString& name) {
        setStatus(tr("Rule %1 added: it watches from now on.").arg(name), false);
        m_pendingSelection = name;
        refresh();
    });
    dialog->open();
}

void ThresholdsPage::openEditRule()
{
    const std::optional<Rule> r = currentRule();
    if (!r)
        return;
    auto* dialog = new RuleDialog(m_host, m_channels, r, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RuleDialog::ruleSaved, this, [this](const QString& name) {
        setStatus(tr("Rule %1 saved.").arg(name), false);
        m_pendingSelection = name;
        refresh();
    });
    dialog->open();
}

void ThresholdsPage::deleteSelected()
{
    const QString name = selectedRule();
    if (name.isEmpty())
        return;
    auto* box = new QMessageBox(QMessageBox::Question, tr("Delete rule"),
        tr("Delete the rule %1? Its alerts stay in the history.").arg(name), QMessageBox::Yes | QMessageBox::Cancel,
        this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->button(QMessageBox::Yes)->setText(tr("&Delete"));
    box->setDefaultButton(QMessageBox::Cancel);
    connect(box, &QMessageBox::finished, this, [this, box, name] {
        if (box->clickedButton() != box->button(QMessageBox::Yes))
            return;
        m_host.request<QString>(
            this,
            [name](Engine& e) {
                QString error;
                e.rules().removeRule(name, &error);
                return error;
            },
            [this, name](const QString& error) {
                if (error.isEmpty())
                    setStatus(tr("Rule %1 deleted.").arg(name), false);
                else
                    setStatus(tr("Rule %1 not deleted: %2").arg(name, error), true);
                refresh();
            });
    });
    box->open();
}

void ThresholdsPage::toggleSelected()
{
    const std::optional<Rule> r = currentRule();
    if (!r)
        return;
    const bool enable = !r->enabled;
    const QString name = r->name;
    m_host.request<QString>(
        this,
        [name, enable](Engine& e) {
            QString error;
            e.rules().setEnabled(name, enable, &error);
            return error;
        },
        [this, name, enable](const QString& error) {
            if (error.isEmpty())
                setStatus(
                    enable ? tr("Rule %1 enabled (re-armed).").arg(name) : tr("Rule %1 disabled.").arg(name), false);
            else
                setStatus(tr("Rule %1 not changed: %2").arg(name, error), true);
            refresh();
        });
}

void ThresholdsPage::updateTestPanel()
{
    const std::optional<Rule> r = currentRule();
    m_testPanel->setEnabled(r.has_value());
    if (!r) {
        m_testRule->setText(tr("Select a rule in the list."));
        m_testPreviousLabel->hide();
        m_testPrevious->hide();
        runTest();
        return;
    }
    m_testRule->setText(tr("%1: %2 %3").arg(r->name, r->metric, RulesText::condition(*r)));
    const bool edge = isEdgeCondition(r->condition);
    const bool move = isMoveCondition(r->condition);
    m_testPreviousLabel->setVisible(edge || move);
    m_testPrevious->setVisible(edge || move);
    m_testPreviousLabel->setText(move ? tr("Ea&rlier values:") : tr("&Previous value:"));
    m_testPrevious->setPlaceholderText(
        move ? tr("the window's values, oldest first: 100, 101.5, 99.8") : tr("the value before, e.g. 99800"));
    runTest();
}

void ThresholdsPage::runTest()
{
    auto show = [this](const QString& verdict, const QColor& color, const QString& explanation, const QString& title,
                    const QString& message) {
        m_verdict->setText(verdict);
        QPalette pal = m_verdict->palette();
        pal.setColor(QPalette::WindowText, color);
        m_verdict->setPalette(pal);
        m_explanation->setText(explanation);
        m_testTitle->setText(title);
        m_testMessage->setText(message);
        m_testTitle->setVisible(!title.isEmpty());
        m_testMessage->setVisible(!message.isEmpty());
    };
    const std::optional<Rule> r = currentRule();
    m_stateNote->clear();
    if (!r || m_testValue->text().trimmed().isEmpty()) {
        show(QString(), UiText::mutedColor(), r ? tr("Type a value to see whether the rule would fire.") : QString(),
            {}, {});
        return;
    }
    const auto value = RuleTrial::parseValue(m_testValue->text());
    if (!value) {
        show(tr("Not a number"), UiText::errorColor(), tr("'%1' is not a number.").arg(m_testValue->text().trimmed()),
            {}, {});
        return;
    }
    QList<double> earlier;
    if (m_testPrevious->isVisible() || isEdgeCondition(r->condition) || isMoveCondition(r->condition)) {
        QString error;
        const auto series = RuleTrial::parseSeries(m_testPrevious->text(), &error);
        if (!series) {
            show(tr("Not a number"), UiText::errorColor(), error, {}, {});
            return;
        }
        earlier = *series;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    const RuleTrialResult t = RuleTrial::evaluate(*r, earlier, *value, now);
    if (!t.error.isEmpty()) {
        show(tr("More input needed"), UiText::mutedColor(), t.error, {}, {});
        return;
    }
    if (t.fires)
        show(tr("Would fire"), UiText::okColor(), t.explanation, tr("Title: %1").arg(t.alert.title),
            tr("Message: %1").arg(t.alert.message));
    else
        show(tr("Would not fire"), UiText::mutedColor(), t.explanation, {}, {});
    // What the stored rule's state would change for a live sample now.
    QStringList notes;
    if (!r->enabled)
        notes << tr("The rule is disabled: the engine does not evaluate it.");
    if (r->expiresAtMs > 0 && now >= r->expiresAtMs)
        notes << tr("The rule has expired: it no longer fires.");
    if (r->state.exhausted)
        notes << tr("The rule fired once already and is spent: enable it again to re-arm it.");
    if (r->cooldownMs > 0 && r->state.lastFiredMs > 0 && now < r->state.lastFiredMs + r->cooldownMs)
        notes << tr("In its cooldown until %1.").arg(UiText::shortTime(r->state.lastFiredMs + r->cooldownMs));
    m_stateNote->setText(notes.join(QLatin1Char(' ')));
}

} // namespace alertdesk
