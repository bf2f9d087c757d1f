// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

#include "model/Priority.h"

#include <QColor>
#include <QGuiApplication>
#include <QPalette>
#include <QString>
#include <optional>

namespace alertdesk {

// The window's colours in one place: every colour that is not the palette's own is chosen here
// for the palette in use (light or dark) and checked against its backgrounds with WCAG's
// contrast ratio, so that text stays readable in both.
class Theme final {
public:
    enum class Mode { System, Light, Dark }; // the ui.theme setting
    static std::optional<Mode> modeFromString(const QString& name);
    // System keeps the desktop's style and palette; Light and Dark are Fusion with lightPalette()
    // or darkPalette(). Every mode gets check boxes whose frame reads on their background.
    static void apply(Mode mode);
    static QPalette lightPalette();
    static QPalette darkPalette();
    static bool isDark(const QPalette& palette);

    // WCAG 2.x relative luminance (0 black to 1 white) and contrast ratio (1 to 21).
    static double luminance(const QColor& c);
    static double contrastRatio(const QColor& a, const QColor& b);
    static constexpr double kTextContrast = 4.5; // WCAG AA, normal text
    static constexpr double kGraphicContrast = 3.0; // WCAG AA, the parts of a control (1.4.11)
    // The lowest ratio of c against the backgrounds text is drawn on: Window, Base, AlternateBase.
    static double lowestContrast(const QColor& c, const QPalette& palette);
    // c with its hue kept, darkened on a light palette or lightened on a dark one until it
    // reaches ratio against every background of lowestContrast().
    static QColor readable(const QColor& c, const QPalette& palette, double ratio = kTextContrast);

    // Text colours of the window, for the application's palette unless told otherwise.
    static QColor priorityText(Priority p, const QPalette& palette = QGuiApplication::palette());
    static QColor ok(const QPalette& palette = QGuiApplication::palette());
    static QColor error(const QPalette& palette = QGuiApplication::palette());
    static QColor warning(const QPalette& palette = QGuiApplication::palette());
    static QColor muted(const QPalette& palette = QGuiApplication::palette());
    // A chart's series colour (a bar, a line): the design's colour, ≥ 3:1 against Base.
    static QColor series(const QColor& c, const QPalette& palette = QGuiApplication::palette());
    // A light tint of red behind a mistake in text (the template editor's unknown field).
    static QColor errorBackground(const QPalette& palette = QGuiApplication::palette());
    // The frame of an unchecked check box or radio button: ≥ 3:1 against Base and Window.
    static QColor indicatorFrame(const QPalette& palette);

    enum class Banner { Warning, Error };
    struct BannerColors {
        QColor background;
        QColor text;
        QColor border;
    };
    static BannerColors banner(Banner kind, const QPalette& palette = QGuiApplication::palette());
    // The banner's colours as a style sheet for widgets of the class (QLabel, QToolButton).
    static QString bannerStyleSheet(Banner kind, const QString& widgetClass, const QString& extra = QString());
    // A dialog's style sheet for the fields its check marks invalid (property invalid=true).
    static QString invalidFieldStyleSheet();
};

} // namespace alertdesk
