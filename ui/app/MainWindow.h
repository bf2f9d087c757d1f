// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QElapsedTimer>
#include <QMainWindow>
#include <memory>

class QAction;
class QCoreApplication;
class QLabel;
class QListWidget;
class QStackedWidget;
class QTimer;

namespace alertdesk {

class AlarmSounds;
class AlertsPage;
class ChannelsPage;
class FailingChannelsButton;
class ComposePage;
class DashboardPage;
class Database;
class EngineHost;
class PauseControls;
class SettingsPage;
class ThresholdsPage;
class TrayIcon;

// The window a trader keeps open all day. It never waits for the engine: requests go to the
// engine thread through EngineHost, the history is read through the window's own read-only
// connection, and engine events trigger (coalesced) refreshes.
class MainWindow final : public QMainWindow {
    Q_OBJECT
public:
    enum Page {
        AlertsPageIndex,
        ChannelsPageIndex,
        ThresholdsPageIndex,
        ComposePageIndex,
        SettingsPageIndex,
        DashboardPageIndex,
        PageCount
    };

    explicit MainWindow(EngineHost& host, QWidget* parent = nullptr);
    ~MainWindow() override;

    void showPage(Page page);
    Page currentPage() const;
    // Re-reads the history soon; many calls in a burst make one refresh.
    void scheduleRefresh();

    AlertsPage* alertsPage() const { return m_alerts; }
    ChannelsPage* channelsPage() const { return m_channels; }
    ThresholdsPage* thresholdsPage() const { return m_thresholds; }
    ComposePage* composePage() const { return m_compose; }
    SettingsPage* settingsPage() const { return m_settings; }
    DashboardPage* dashboardPage() const { return m_dashboard; }
    TrayIcon* trayIcon() const { return m_tray; }
    AlarmSounds* alarmSounds() const { return m_sounds; }
    PauseControls* pauseControls() const { return m_pause; }
    QLabel* banner() const { return m_banner; }
    Database* historyDatabase() const { return m_db.get(); }
    bool isReady() const { return m_ready; } // history open and channels loaded once

    // Shows the window (from the tray, a second start, a notification), on that alert when
    // alertId is not empty.
    void bringToFront(const QString& alertId = {});
    // An alertdesk://alert/ID link: the window raised on that alert once the history is open;
    // the status bar says so when this profile has no such alert.
    void openAlert(const QString& alertId);
    // Closing hides the window in the tray when ui.close_to_tray is on and there is a tray.
    bool closesToTray() const;
    // Really closes, whatever ui.close_to_tray says (File > Quit, the tray's Quit).
    void quit();
    // The ui.* settings of the profile (from the Settings page's reads).
    void applyUiSettings(const QJsonObject& values);
    QLabel* ingestStatusLabel() const { return m_statusIngest; }
    QLabel* feedStatusLabel() const { return m_statusFeed; }
    QLabel* sourcesStatusLabel() const { return m_statusSources; }
    FailingChannelsButton* failingChannelsButton() const { return m_failingChannels; }

    // Application::installTranslations(), by its older name.
    static QString installTranslations(QCoreApplication& app, const QString& language);

Q_SIGNALS:
    void ready();
    // The window closed for good: the application should end.
    void exitRequested();

protected:
    void showEvent(QShowEvent* event) override;
    void closeEvent(QCloseEvent* event) override;

private:
    void onOpened();
    void onFailed(const QString& error);
    void refreshNow();
    void notifyNewAlerts();
    void pollDatabase();
    void showBanner(const QString& text, const QString& style);
    // The parts of the window, made and wired once by the constructor.
    QListWidget* buildNavigation(QWidget* parent);
    QWidget* buildPages(QWidget* parent);
    void buildStatusBar();
    void connectEngine(); // the engine's events: refreshes, status, channels
    void connectPages(); // the pages' requests to the window and to each other
    void buildTray();
    void buildAlarms(); // sounds, pause and mute: tray menu, status bar, settings
    void updateSoundQuietHours(); // the profile's quiet hours and desktop channels, for the sounds
    // Failing channels: the status bar's warning, the count on the Channels entry, and a
    // desktop notification when one goes down or recovers.
    void watchFailingChannels();
    void showFailingChannels();
    void buildMenus();
    void updateStatus();
    void onIngestChanged();
    void onFeedChanged();
    void onSourcesChanged();

    EngineHost& m_host;
    std::unique_ptr<Database> m_db;
    QListWidget* m_nav = nullptr;
    QStackedWidget* m_pages = nullptr;
    QLabel* m_banner = nullptr;
    QLabel* m_statusProfile = nullptr;
    QLabel* m_statusEngine = nullptr;
    FailingChannelsButton* m_failingChannels = nullptr;
    QLabel* m_statusCounts = nullptr;
    QLabel* m_statusIngest = nullptr;
    QLabel* m_statusFeed = nullptr; // shown once the engine has said whether it runs the feed
    QLabel* m_statusSources = nullptr; // shown while the profile has sources (ntfy topics)
    QString m_ingestBanner; // the banner's text while it speaks of the ingest API
    AlertsPage* m_alerts = nullptr;
    ChannelsPage* m_channels = nullptr;
    ThresholdsPage* m_thresholds = nullptr;
    ComposePage* m_compose = nullptr;
    SettingsPage* m_settings = nullptr;
    DashboardPage* m_dashboard = nullptr;
    TrayIcon* m_tray = nullptr;
    AlarmSounds* m_sounds = nullptr;
    PauseControls* m_pause = nullptr;
    QAction* m_addChannelAction = nullptr;
    QTimer* m_refreshTimer = nullptr;
    QElapsedTimer m_lastRefresh; // when the table was last refreshed
    QTimer* m_pollTimer = nullptr;
    QTimer* m_healthTimer = nullptr;
    qint64 m_dataVersion = -1;
    qint64 m_notifiedSeq = -1; // the newest alert looked at for a notification
    int m_channelCount = -1; // enabled ones
    bool m_hasChannels = false;
    QStringList m_loadErrors;
    bool m_ready = false;
    bool m_closeToTray = true;
    bool m_quitting = false;
    bool m_toldAboutTray = false;
    QElapsedTimer m_started;
};

} // namespace alertdesk
