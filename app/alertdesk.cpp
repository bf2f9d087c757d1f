#include "app/MainWindow.h"

#include <QApplication>
#include <QIcon>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("AlertDesk"));
    QApplication::setApplicationVersion(QStringLiteral(ALERTDESK_VERSION));
    // The installed .desktop entry (packaging/), so that desktops match the window to it.
    QGuiApplication::setDesktopFileName(QStringLiteral("example.alertdesk.AlertDesk"));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/alertdesk.svg")));
    return alertdesk::MainWindow::runApplication(app);
}
