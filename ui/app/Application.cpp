// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "app/Application.h"

#include "UiLogging.h"
#include "alerts/AlertClipboard.h"
#include "app/EngineHost.h"
#include "app/SingleInstance.h"
#include "app/TrayIcon.h"
#include "config/Profile.h"
#include "config/Settings.h"
#include "settings/SettingsPage.h"
#include "widgets/Theme.h"

#include <QCommandLineParser>
#include <QFile>
#include <QIcon>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibraryInfo>
#include <QLocale>
#include <QTimer>
#include <QTranslator>

namespace alertdesk {

namespace {
// A setting of the profile in dir, read from its config.json without touching anything (the
// engine opens the profile later, on its thread): the stored value when valid, else the default.
QJsonValue peekSetting(const QString& dir, const QString& key)
{
    const SettingSpec* spec = findSetting(key);
    if (!spec)
        return {};
    QFile f(dir + QStringLiteral("/config.json"));
    if (f.open(QIODevice::ReadOnly)) {
        const QJsonValue v
            = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("settings")).toObject().value(key);
        QString error;
        if (!v.isUndefined()) {
            if (const auto checked = checkSettingValue(*spec, v, &error))
                return *checked;
        }
    }
    return spec->defaultValue;
}
} // namespace

Application::Application(int& argc, char** argv)
    : QApplication(argc, argv)
{
    setApplicationName(QStringLiteral("AlertDesk"));
    setApplicationVersion(QStringLiteral(ALERTDESK_VERSION));
    // The installed .desktop entry (packaging/), so that desktops match the window to it.
    setDesktopFileName(QStringLiteral("example.alertdesk.AlertDesk"));
    setWindowIcon(QIcon(QStringLiteral(":/icons/alertdesk.svg")));
}

Application::~Application() = default;

QString Application::installTranslations(QCoreApplication& app, const QString& language)
{
    // English is the source language, but its plural forms ("1 channel", "2 channels") live in
    // alertdesk_en; installed first, it answers whatever the language on top leaves unfinished
    // (the last translator installed is asked first).
    auto* english = new QTranslator(&app);
    if (english->load(QStringLiteral(":/i18n/alertdesk_en")))
        QCoreApplication::installTranslator(english);
    const QLocale locale = language.isEmpty() || language == QLatin1String("system") ? QLocale() : QLocale(language);
    QString loaded = QStringLiteral("en");
    auto* own = new QTranslator(&app);
    if (own->load(locale, QStringLiteral("alertdesk"), QStringLiteral("_"), QStringLiteral(":/i18n"))
        && !own->language().startsWith(QLatin1String("en"))) {
        QCoreApplication::installTranslator(own);
        loaded = own->language();
    } else {
        delete own;
    }
    auto* qtTranslator = new QTranslator(&app);
    if (qtTranslator->load(
            locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qtTranslator);
    else
        delete qtTranslator;
    if (language != QLatin1String("system") && !language.isEmpty())
        QLocale::setDefault(locale); // numbers and dates as the language writes them
    return loaded;
}

QString Application::profileBeforeParsing() const
{
    QString profile = Profile::defaultDir();
    const QStringList args = arguments();
    for (qsizetype i = 1; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--profile") && i + 1 < args.size())
            profile = args[i + 1];
        else if (args[i].startsWith(QLatin1String("--profile=")))
            profile = args[i].mid(10);
    }
    return profile;
}

std::optional<Application::Options> Application::parseArguments(int* exitCode)
{
    *exitCode = 2;
    QCommandLineParser parser;
    parser.setApplicationDescription(tr("AlertDesk: routes trading alerts to your channels."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOption(
        QStringLiteral("profile"), tr("Open the profile in DIR (default: %1).").arg(Profile::defaultDir()), tr("DIR"));
    const QCommandLineOption pageOption(QStringLiteral("page"),
        tr("Start on PAGE: alerts, channels, thresholds, compose, settings or dashboard "
           "(settings/SECTION: delivery, window, sounds, ingest, quiet-hours, escalation, network, sources)."),
        tr("PAGE"));
    const QCommandLineOption sizeOption(
        QStringLiteral("size"), tr("Window size WIDTHxHEIGHT (default: 1280x800)."), tr("SIZE"));
    const QCommandLineOption shotOption(QStringLiteral("screenshot"),
        tr("Save a picture of the window to FILE (PNG) once it has loaded, then quit."), tr("FILE"));
    parser.addOptions({ profileOption, pageOption, sizeOption, shotOption });
    parser.addPositionalArgument(QStringLiteral("link"),
        tr("An alertdesk://alert/ID link (copied from an alert, or a notification's): opens that alert."),
        QStringLiteral("[alertdesk://alert/ID]"));
    parser.process(*this);

    Options o;
    if (parser.isSet(sizeOption)) {
        const QStringList wh = parser.value(sizeOption).split(QLatin1Char('x'));
        const int w = wh.value(0).toInt();
        const int h = wh.value(1).toInt();
        if (wh.size() != 2 || w < 200 || h < 200) {
            qCritical("alertdesk: --size needs WIDTHxHEIGHT, e.g. 1280x800");
            return std::nullopt;
        }
        o.size = QSize(w, h);
    }
    if (parser.isSet(pageOption)) {
        const QStringList names { QStringLiteral("alerts"), QStringLiteral("channels"), QStringLiteral("thresholds"),
            QStringLiteral("compose"), QStringLiteral("settings"), QStringLiteral("dashboard") };
        const QString pageName = parser.value(pageOption).toLower().section(QLatin1Char('/'), 0, 0);
        o.section = parser.value(pageOption).toLower().section(QLatin1Char('/'), 1);
        const auto i = names.indexOf(pageName);
        if (i < 0) {
            qCritical("alertdesk: --page must be one of alerts, channels, thresholds, compose, settings, dashboard");
            return std::nullopt;
        }
        o.page = static_cast<MainWindow::Page>(i);
    }
    o.profileDir = parser.isSet(profileOption) && !parser.value(profileOption).isEmpty() ? parser.value(profileOption)
                                                                                         : Profile::defaultDir();
    if (parser.isSet(shotOption))
        o.screenshot = parser.value(shotOption);
    const QStringList links = parser.positionalArguments();
    if (links.size() > 1 || (links.size() == 1 && !AlertClipboard::alertIdFromLink(links.first()))) {
        qCritical("alertdesk: %s is not an alertdesk://alert/ID link", qPrintable(links.join(QLatin1Char(' '))));
        return std::nullopt;
    }
    if (!links.isEmpty())
        o.alertId = *AlertClipboard::alertIdFromLink(links.first());
    *exitCode = 0;
    return o;
}

int Application::run()
{
    // The language comes from the profile (ui.language), so the profile is looked for before
    // the command line is parsed: --help speaks that language too.
    installTranslations(*this, peekSetting(profileBeforeParsing(), QStringLiteral("ui.language")).toString());
    // The colours too (ui.theme), before any widget is made.
    Theme::apply(Theme::modeFromString(peekSetting(profileBeforeParsing(), QStringLiteral("ui.theme")).toString())
                     .value_or(Theme::Mode::System));
    int exitCode = 0;
    const std::optional<Options> options = parseArguments(&exitCode);
    if (!options)
        return exitCode;

    // One window per profile: a second start raises the first one's and ends here.
    SingleInstance instance(options->profileDir);
    if (options->screenshot.isEmpty()) {
        QString error;
        switch (instance.start(arguments().mid(1), 5000, &error)) {
        case SingleInstance::Role::HandedOff:
            qCInfo(lcUi) << "AlertDesk already runs for this profile: its window was raised";
            return 0;
        case SingleInstance::Role::Failed:
            qCWarning(lcUi) << "cannot tell whether AlertDesk already runs for this profile:" << error;
            break;
        case SingleInstance::Role::Primary:
            break;
        }
    }
    // The window may live hidden in the tray: the application ends when the window says so.
    setQuitOnLastWindowClosed(false);

    EngineHost host(options->profileDir);
    // The engine opens the profile on its thread while this one builds the window: what it
    // reports is queued until exec(), when the window listens, and the history is usually
    // there for the window's first paint.
    host.start();
    MainWindow window(host);
    // Another start of this profile: raise the window, and open the alert its link names.
    connect(&instance, &SingleInstance::activationRequested, &window, [&window](const QStringList& args) {
        for (const QString& arg : args) {
            if (const auto id = AlertClipboard::alertIdFromLink(arg))
                return window.openAlert(*id);
        }
        window.bringToFront();
    });
    connect(&window, &MainWindow::exitRequested, this, &QCoreApplication::quit, Qt::QueuedConnection);
    window.resize(options->size);
    window.showPage(options->page);
    if (!options->section.isEmpty() && !window.settingsPage()->showSection(options->section)) {
        qCritical("alertdesk: unknown settings section %s", qPrintable(options->section));
        return 2;
    }
    showWindow(window, *options);
    if (!options->alertId.isEmpty())
        window.openAlert(options->alertId);
    if (!options->screenshot.isEmpty())
        screenshotWhenReady(window, host, options->screenshot);
    return exec();
}

void Application::showWindow(MainWindow& window, const Options& options)
{
    if (options.screenshot.isEmpty()
        && peekSetting(options.profileDir, QStringLiteral("ui.start_minimized")).toBool()) {
        // Hidden in the tray when there is one, else minimized: never out of reach.
        if (!window.trayIcon()->isAvailable())
            window.showMinimized();
        qCInfo(lcUi) << "started minimized";
    } else {
        window.show();
    }
}

void Application::screenshotWhenReady(MainWindow& window, EngineHost& host, const QString& file)
{
    auto shoot = [&window, file] {
        // Once more through the event loop, so layouts and late replies have landed.
        QTimer::singleShot(200, &window, [&window, file] {
            const bool ok = window.grab().save(file, "PNG");
            if (!ok)
                qCritical("alertdesk: cannot write %s", qPrintable(file));
            QApplication::exit(ok ? 0 : 1);
        });
    };
    connect(&window, &MainWindow::ready, &window, shoot);
    connect(&host, &EngineHost::failed, &window, shoot);
}

} // namespace alertdesk
