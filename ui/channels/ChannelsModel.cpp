// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "channels/ChannelsModel.h"

#include "UiText.h"
#include "channels/ChannelRegistry.h"
#include "delivery/RetryPolicy.h"

#include <QFont>
#include <QLocale>

namespace alertdesk {

ChannelsModel::ChannelsModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

ChannelsModel::~ChannelsModel() = default;

int ChannelsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_channels.size());
}

int ChannelsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ChannelsModel::data(const QModelIndex& index, int role) const
{
    const ChannelStatus* c = index.isValid() ? channel(index.row()) : nullptr;
    if (!c)
        return {};
    const ChannelHealth& h = c->health;
    const bool finished = h.sent + h.failed > 0;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return c->config.name;
        case KindColumn: {
            const ChannelKindInfo* k = findChannelKind(c->config.kind);
            return k ? k->displayName : c->config.kind;
        }
        case EnabledColumn:
            return c->config.enabled ? tr("enabled") : tr("disabled");
        case CircuitColumn:
            return circuitText(h);
        case SentColumn:
            return h.sent;
        case FailedColumn:
            return h.failed;
        case SuccessColumn:
            return finished ? tr("%1 %").arg(QLocale().toString(h.successRate(), 'f', 1)) : QStringLiteral("—");
        case P50Column:
            return UiText::latency(h.latencyP50Ms);
        case P95Column:
            return UiText::latency(h.latencyP95Ms);
        case LastErrorColumn:
            return c->loadError.isEmpty() ? localizedDeliveryError(h.lastError) : c->loadError;
        }
    } else if (role == Qt::DecorationRole && index.column() == KindColumn) {
        return UiText::channelIcon(c->config.kind);
    } else if (role == Qt::ToolTipRole && index.column() == LastErrorColumn) {
        return c->loadError.isEmpty() ? localizedDeliveryError(h.lastError) : c->loadError;
    } else if (role == Qt::ToolTipRole && index.column() == CircuitColumn) {
        return circuitToolTip(h);
    } else if (role == Qt::ForegroundRole) {
        if (index.column() == EnabledColumn && !c->config.enabled)
            return UiText::mutedColor();
        if (index.column() == CircuitColumn && h.circuit != CircuitState::Closed)
            return UiText::errorColor();
        if (index.column() == SuccessColumn && finished)
            return h.successRate() >= 99.0 ? UiText::okColor() : UiText::errorColor();
        if (index.column() == LastErrorColumn)
            return UiText::errorColor();
        if (index.column() == FailedColumn && h.failed > 0)
            return UiText::errorColor();
    } else if (role == Qt::TextAlignmentRole) {
        if (index.column() >= SentColumn && index.column() <= P95Column)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    } else if (role == Qt::FontRole && index.column() == NameColumn) {
        QFont f;
        f.setBold(true);
        return f;
    }
    return {};
}

QVariant ChannelsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case EnabledColumn:
        return tr("State");
    case CircuitColumn:
        return tr("Circuit");
    case SentColumn:
        return tr("Sent");
    case FailedColumn:
        return tr("Failed");
    case SuccessColumn:
        return tr("Success");
    case P50Column:
        return tr("p50");
    case P95Column:
        return tr("p95");
    case LastErrorColumn:
        return tr("Last error");
    }
    return {};
}

QString ChannelsModel::circuitText(const ChannelHealth& h)
{
    switch (h.circuit) {
    case CircuitState::Closed:
        return tr("closed");
    case CircuitState::Open:
        return h.circuitRetryAt.isValid()
            ? tr("open · probes at %1").arg(UiText::shortTime(h.circuitRetryAt.toMSecsSinceEpoch()))
            : tr("open");
    case CircuitState::HalfOpen:
        return tr("half-open: probing");
    }
    return UiText::circuit(h.circuit);
}

QString ChannelsModel::circuitToolTip(const ChannelHealth& h)
{
    switch (h.circuit) {
    case CircuitState::Closed:
        return tr("Closed: deliveries go out as usual.");
    case CircuitState::Open:
        return tr("Open: the channel failed too often in a row, so its deliveries wait instead of hammering it. "
                  "At %1 one delivery goes through as a probe: its success closes the circuit.")
            .arg(UiText::time(h.circuitRetryAt));
    case CircuitState::HalfOpen:
        return tr("Half-open: the pause is over and one probe delivery decides; success closes the circuit, "
                  "failure opens it again for twice as long.");
    }
    return {};
}

void ChannelsModel::applyConfig(const ChannelConfig& config, const QStringList& kindSecretFields)
{
    const int row = rowOf(config.name);
    if (row >= 0) {
        m_channels[row].config = config;
        m_channels[row].health.enabled = config.enabled;
        Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    ChannelStatus s;
    s.config = config;
    s.secretFields = kindSecretFields;
    s.health.channel = config.name;
    s.health.kind = config.kind;
    s.health.enabled = config.enabled;
    const int at = rowCount();
    beginInsertRows({}, at, at);
    m_channels << s;
    endInsertRows();
}

void ChannelsModel::setChannels(const QList<ChannelStatus>& channels)
{
    bool sameNames = channels.size() == m_channels.size();
    for (qsizetype i = 0; sameNames && i < channels.size(); ++i)
        sameNames = channels.at(i).config.name == m_channels.at(i).config.name;
    if (sameNames) {
        m_channels = channels;
        if (!m_channels.isEmpty())
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_channels = channels;
    endResetModel();
}

const ChannelStatus* ChannelsModel::channel(int row) const
{
    return row >= 0 && row < m_channels.size() ? &m_channels.at(row) : nullptr;
}

int ChannelsModel::rowOf(const QString& name) const
{
    for (int i = 0; i < m_channels.size(); ++i) {
        if (m_channels.at(i).config.name == name)
            return i;
    }
    return -1;
}

} // namespace alertdesk
