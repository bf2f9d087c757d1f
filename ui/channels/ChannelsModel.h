// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "app/EngineHost.h"

#include <QAbstractTableModel>

namespace alertdesk {

// The profile's channels with their health, as the engine last reported them.
class ChannelsModel final : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column {
        NameColumn,
        KindColumn,
        EnabledColumn,
        CircuitColumn,
        SentColumn,
        FailedColumn,
        SuccessColumn,
        P50Column,
        P95Column,
        LastErrorColumn,
        ColumnCount
    };

    explicit ChannelsModel(QObject* parent = nullptr);
    ~ChannelsModel() override;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "closed", "open · probes at 15:04:10", "half-open: probing"; and what that means.
    static QString circuitText(const ChannelHealth& h);
    static QString circuitToolTip(const ChannelHealth& h);
    // The saved configuration at once (an add or an edit just stored), before the engine's
    // next report: the page must never offer the values from before a save.
    void applyConfig(const ChannelConfig& config, const QStringList& kindSecretFields);

    // Same channels in the same order: updated in place (selection and focus survive).
    void setChannels(const QList<ChannelStatus>& channels);
    const QList<ChannelStatus>& channels() const { return m_channels; }
    const ChannelStatus* channel(int row) const;
    int rowOf(const QString& name) const;

private:
    QList<ChannelStatus> m_channels;
};

} // namespace alertdesk
