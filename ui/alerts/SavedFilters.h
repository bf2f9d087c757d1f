// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "storage/HistoryQuery.h"

#include <QJsonObject>
#include <QPointer>
#include <QToolButton>
#include <functional>

class QMenu;

namespace alertdesk {

class EngineHost;

// The Alerts page's saved filters: a button whose menu saves the current filter under a name,
// applies a saved one and deletes one. They live in the profile (the setting ui.saved_filters,
// written on the engine thread like every setting), and the menu follows the profile on disk.
// The time range is not saved: "last hour" means the hour before now when it is picked.
class SavedFilters final : public QToolButton {
    Q_OBJECT
public:
    static constexpr int kNameLimit = 64;

    explicit SavedFilters(QWidget* parent = nullptr);
    ~SavedFilters() override;

    void setEngineHost(EngineHost* host);
    // The page's filter now, and how to show a saved one.
    void setFilterAccess(std::function<AlertFilter()> current, std::function<void(const AlertFilter&)> show);

    QStringList names() const { return m_filters.keys(); }
    // Save under name (replacing one of that name) and delete, as the menu does.
    void save(const QString& name);
    void remove(const QString& name);
    void apply(const QString& name);
    // Asks for a name (window-modal, not blocking), then saves.
    void openSaveDialog();

    static QJsonObject toJson(const AlertFilter& f);
    static AlertFilter fromJson(const QJsonObject& o);

Q_SIGNALS:
    void changed(); // read from the profile, or written to it

private:
    void reload();
    void write(const QJsonObject& filters);
    void rebuildMenu();

    QPointer<EngineHost> m_host;
    QMenu* m_menu = nullptr;
    QJsonObject m_filters; // name -> filter
    std::function<AlertFilter()> m_current;
    std::function<void(const AlertFilter&)> m_show;
};

} // namespace alertdesk
