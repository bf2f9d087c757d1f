// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include <QHash>
#include <QJsonObject>
#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;

namespace alertdesk {

class EngineHost;
class EscalationEditor;
class QuietHoursEditor;
class SoundPlayer;
class SourcesEditor;
struct IngestStatus;

// Every setting of settingSpecs(), one widget each, one tab per key prefix: delivery.*
// (retries, delays, parallel or sequential, fail-fast, timeouts, concurrency, circuit breaker),
// ui.* (notifications, close to tray, start minimized, language) and ingest.* (the local API:
// port, body limit, its address and state, the token with Copy and Regenerate); then the
// profile's quiet hours and escalation policies. Apply stores what changed in the profile: the
// dispatcher, the ingest API and the policy engine follow at once.
class SettingsPage final : public QWidget {
    Q_OBJECT
public:
    explicit SettingsPage(EngineHost& host, QWidget* parent = nullptr);
    ~SettingsPage() override;

    enum Section {
        DeliverySection,
        WindowSection,
        SoundSection,
        IngestSection,
        QuietHoursSection,
        EscalationSection,
        NetworkSection,
        SourcesSection
    };

    void setReadOnly(bool readOnly);
    void showSection(Section section);
    // "delivery", "window", "sounds", "ingest", "quiet-hours", "escalation", "network", "sources"; false when unknown.
    bool showSection(const QString& name);
    // Without a system tray the tray settings get a note saying what happens instead.
    void setTrayAvailable(bool available);
    QLabel* trayNote() const { return m_trayNote; }
    // The Sounds section's Test buttons play through it; without an audio output a note says so.
    void setSoundPlayer(SoundPlayer* player);
    QLabel* soundNote() const { return m_soundNote; }
    QPushButton* soundTestButton(const QString& key) const { return m_soundTests.value(key); }
    // Asks the engine for the stored values; doneNote, when given, is shown once they are in.
    void load(const QString& doneNote = {});
    void apply();

    QWidget* editor(const QString& key) const { return m_editors.value(key); }
    QPushButton* applyButton() const { return m_apply; }
    QPushButton* revertButton() const { return m_revert; }
    QLabel* statusLabel() const { return m_status; }
    QTabWidget* tabs() const { return m_tabs; }
    QLabel* ingestStateLabel() const { return m_ingestState; }
    QLabel* ingestAddressLabel() const { return m_ingestAddress; }
    QLabel* tokenLabel() const { return m_token; }
    QPushButton* copyTokenButton() const { return m_copyToken; }
    QPushButton* regenerateTokenButton() const { return m_regenerateToken; }
    QuietHoursEditor* quietHoursEditor() const { return m_quiet; }
    EscalationEditor* escalationEditor() const { return m_escalation; }
    QLineEdit* proxyPasswordEdit() const { return m_proxyPassword; }
    SourcesEditor* sourcesEditor() const { return m_sources; }

Q_SIGNALS:
    // The values the profile holds, each time they were (re)read: at load and after Apply.
    void stored(const QJsonObject& values);

private:
    QHash<QString, QString> values() const;
    void setValues(const QJsonObject& values);
    void updateButtons();
    void showIngest(const IngestStatus& status);
    void copyToken();
    void regenerateToken();
    void setPolicies(const QJsonObject& policies);
    QJsonObject policies() const; // the stored section with the edited quiet hours and escalation
    QString policyError() const;
    bool settingsChanged() const;
    // The constructor's parts, in the order they build the page.
    void buildSectionShortcuts();
    void buildSettingEditors();
    void alignLabels(); // one label column for every group
    void buildTrayNote();
    void buildSoundNote();
    void testSound(const QString& key); // plays the sound chosen for that priority, at the volume shown
    void buildIngestSection();
    void buildPolicySections();
    void buildNetworkSection();
    void buildSourcesSection();
    QWidget* buildButtonBar();
    QWidget* sectionPage(const QString& title);
    void switchSection(int delta); // Ctrl+Tab, Ctrl+Shift+Tab: the focus goes along

    EngineHost& m_host;
    QHash<QString, QWidget*> m_editors;
    QJsonObject m_stored;
    QLabel* m_status = nullptr;
    QLabel* m_trayNote = nullptr;
    QLabel* m_soundNote = nullptr;
    SoundPlayer* m_player = nullptr; // the window's
    QHash<QString, QPushButton*> m_soundTests;
    QPushButton* m_apply = nullptr;
    QPushButton* m_revert = nullptr;
    QTabWidget* m_tabs = nullptr;
    QHash<QString, QWidget*> m_sections; // tab page by title
    QLabel* m_ingestState = nullptr;
    QLabel* m_ingestAddress = nullptr;
    QLabel* m_token = nullptr;
    QPushButton* m_copyToken = nullptr;
    QPushButton* m_regenerateToken = nullptr;
    QuietHoursEditor* m_quiet = nullptr;
    QLineEdit* m_proxyPassword = nullptr; // network.proxy's, for the keychain; never shown
    EscalationEditor* m_escalation = nullptr;
    SourcesEditor* m_sources = nullptr;
    QJsonObject m_storedPolicies;
    bool m_policiesLoaded = false;
    bool m_readOnly = false;
    bool m_loading = false;
};

} // namespace alertdesk
