// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "app/MainWindow.h"

#include <QApplication>
#include <QSize>
#include <optional>

namespace alertdesk {

class EngineHost;

// The desktop application: what happens from main() until the window is up. Reads the
// command line, installs the translation of the profile's language, makes sure only one
// AlertDesk runs per profile, starts the engine and the window, and in screenshot mode saves a
// picture of the window once it has loaded and quits.
class Application final : public QApplication {
    Q_OBJECT
public:
    Application(int& argc, char** argv);
    ~Application() override;

    // alertdesk [--profile DIR] [--page NAME] [--size WxH] [--screenshot FILE]: runs until the
    // window ends the application; returns the process's exit code.
    int run();

    // Installs the window's translation for a ui.language value ("system", "en", "de"):
    // English first, so that strings a translation leaves unfinished fall back to it, then the
    // language's own on top, and Qt's. Returns the language loaded ("en" when nothing else was).
    static QString installTranslations(QCoreApplication& app, const QString& language);

private:
    // What the command line asks for.
    struct Options {
        QString profileDir;
        MainWindow::Page page = MainWindow::AlertsPageIndex;
        QString section; // of the Settings page
        QSize size { 1280, 800 };
        QString screenshot; // empty: a normal start
        QString alertId; // from an alertdesk://alert/ID link: the alert to open
    };
    // The options, or the exit code when the command line is wrong (--help and --version exit
    // here too).
    std::optional<Options> parseArguments(int* exitCode);
    // The profile named on the command line, read before the command line is parsed (its
    // language is the one --help speaks).
    QString profileBeforeParsing() const;
    // Shows the window as the profile wants it: in the tray or minimized (ui.start_minimized),
    // or on screen.
    static void showWindow(MainWindow& window, const Options& options);
    // Saves a picture of the window to file once it has loaded (or the engine failed), then quits.
    static void screenshotWhenReady(MainWindow& window, EngineHost& host, const QString& file);
};

} // namespace alertdesk
