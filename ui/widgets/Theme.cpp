// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#include "widgets/Theme.h"

#include <QApplication>
#include <QPainter>
#include <QProxyStyle>
#include <QStyleFactory>
#include <QStyleOption>
#include <algorithm>
#include <cmath>
#include <memory>

namespace alertdesk {

namespace {
// Fusion (Qt 6.4) frames an unchecked box in the Window colour darkened by 40 %: on a dark
// palette that is the colour of the box itself. A frame of indicatorFrame() is drawn over it.
class ThemeStyle final : public QProxyStyle {
public:
    explicit ThemeStyle(QStyle* base)
        : QProxyStyle(base)
    {
    }
    void drawPrimitive(
        PrimitiveElement element, const QStyleOption* option, QPainter* painter, const QWidget* widget) const override
    {
        QProxyStyle::drawPrimitive(element, option, painter, widget);
        // A keyboard-focused box keeps the style's highlighted frame.
        const bool focusFrame
            = (option->state & State_HasFocus) != 0 && (option->state & State_KeyboardFocusChange) != 0;
        if (focusFrame || (element != PE_IndicatorCheckBox && element != PE_IndicatorRadioButton))
            return;
        painter->save();
        painter->setRenderHint(QPainter::Antialiasing, true);
        painter->setBrush(Qt::NoBrush);
        painter->setPen(QPen(Theme::indicatorFrame(option->palette), 1));
        if (element == PE_IndicatorCheckBox) {
            // Where Fusion draws its own frame: half a pixel in, one pixel smaller.
            painter->translate(0.5, 0.5);
            painter->drawRect(option->rect.adjusted(0, 0, -1, -1));
        } else {
            painter->drawEllipse(QRectF(option->rect).adjusted(1, 1, -1, -1));
        }
        painter->restore();
    }
};

QColor opaqueOn(const QColor& c, const QColor& background)
{
    if (c.alpha() == 255)
        return c;
    const double a = c.alphaF();
    return QColor::fromRgbF(static_cast<float>(c.redF() * a + background.redF() * (1 - a)),
        static_cast<float>(c.greenF() * a + background.greenF() * (1 - a)),
        static_cast<float>(c.blueF() * a + background.blueF() * (1 - a)));
}

QColor mix(const QColor& a, const QColor& b, double weightOfA)
{
    const auto m = [weightOfA](float x, float y) { return static_cast<float>(x * weightOfA + y * (1 - weightOfA)); };
    return QColor::fromRgbF(m(a.redF(), b.redF()), m(a.greenF(), b.greenF()), m(a.blueF(), b.blueF()));
}

// The palette's groups that show text: a window in front and one behind another.
void setBoth(QPalette& p, QPalette::ColorRole role, const QColor& c)
{
    p.setColor(QPalette::Active, role, c);
    p.setColor(QPalette::Inactive, role, c);
}

QColor readableOnOne(const QColor& c, const QColor& background, double ratio)
{
    QPalette p;
    p.setColor(QPalette::Window, background);
    p.setColor(QPalette::Base, background);
    p.setColor(QPalette::AlternateBase, background);
    return Theme::readable(c, p, ratio);
}
} // namespace

std::optional<Theme::Mode> Theme::modeFromString(const QString& name)
{
    if (name == QLatin1String("system"))
        return Mode::System;
    if (name == QLatin1String("light"))
        return Mode::Light;
    if (name == QLatin1String("dark"))
        return Mode::Dark;
    return std::nullopt;
}

void Theme::apply(Mode mode)
{
    QString styleName = QStringLiteral("Fusion");
    if (mode == Mode::System) {
        const QStyle* current = QApplication::style();
        if (const auto* proxy = qobject_cast<const QProxyStyle*>(current))
            current = proxy->baseStyle();
        styleName = current->name();
    }
    if (styleName.compare(QLatin1String("fusion"), Qt::CaseInsensitive) == 0) {
        if (QStyle* base = QStyleFactory::create(styleName))
            QApplication::setStyle(new ThemeStyle(base)); // the application owns it
    }
    QPalette p = mode == Mode::Light ? lightPalette() : mode == Mode::Dark ? darkPalette() : QApplication::palette();
    // Hints are drawn in the placeholder colour, selected rows in the highlighted text on the
    // highlight: the desktop's (or Fusion's, white on #308CC6) may be too faint to read.
    setBoth(p, QPalette::PlaceholderText,
        readable(opaqueOn(p.color(QPalette::PlaceholderText), p.color(QPalette::Base)), p));
    setBoth(p, QPalette::Highlight,
        readableOnOne(p.color(QPalette::Highlight), p.color(QPalette::HighlightedText), kTextContrast));
    QApplication::setPalette(p);
}

QPalette Theme::lightPalette()
{
    const std::unique_ptr<QStyle> fusion(QStyleFactory::create(QStringLiteral("Fusion")));
    QPalette p = fusion ? fusion->standardPalette() : QPalette();
    setBoth(p, QPalette::PlaceholderText, readable(QColor(0x70, 0x70, 0x70), p));
    return p;
}

QPalette Theme::darkPalette()
{
    QPalette p;
    const QColor text(0xE6, 0xE6, 0xE6);
    const QColor disabled(0x80, 0x80, 0x80);
    p.setColor(QPalette::Window, QColor(0x2D, 0x2D, 0x2D));
    p.setColor(QPalette::WindowText, text);
    p.setColor(QPalette::Base, QColor(0x1E, 0x1E, 0x1E));
    p.setColor(QPalette::AlternateBase, QColor(0x27, 0x27, 0x27));
    p.setColor(QPalette::ToolTipBase, QColor(0x3A, 0x3A, 0x3A));
    p.setColor(QPalette::ToolTipText, text);
    p.setColor(QPalette::Text, text);
    p.setColor(QPalette::Button, QColor(0x3A, 0x3A, 0x3A));
    p.setColor(QPalette::ButtonText, text);
    p.setColor(QPalette::BrightText, QColor(0xFF, 0x6B, 0x6B));
    p.setColor(QPalette::Light, QColor(0x4A, 0x4A, 0x4A));
    p.setColor(QPalette::Midlight, QColor(0x40, 0x40, 0x40));
    p.setColor(QPalette::Mid, QColor(0x55, 0x55, 0x55));
    p.setColor(QPalette::Dark, QColor(0x1A, 0x1A, 0x1A));
    p.setColor(QPalette::Shadow, QColor(0x0A, 0x0A, 0x0A));
    p.setColor(QPalette::Highlight, QColor(0x2A, 0x6C, 0xB5));
    p.setColor(QPalette::HighlightedText, QColor(0xFF, 0xFF, 0xFF));
    p.setColor(QPalette::Link, QColor(0x7C, 0xB7, 0xFF));
    p.setColor(QPalette::LinkVisited, QColor(0xC3, 0x9B, 0xFF));
    p.setColor(QPalette::PlaceholderText, QColor(0x9E, 0x9E, 0x9E));
    for (const auto role : { QPalette::WindowText, QPalette::Text, QPalette::ButtonText, QPalette::PlaceholderText })
        p.setColor(QPalette::Disabled, role, disabled);
    p.setColor(QPalette::Disabled, QPalette::Highlight, QColor(0x45, 0x45, 0x45));
    p.setColor(QPalette::Disabled, QPalette::HighlightedText, disabled);
    return p;
}

bool Theme::isDark(const QPalette& palette)
{
    return luminance(palette.color(QPalette::Window)) < 0.18;
}

double Theme::luminance(const QColor& c)
{
    // sRGB to linear light, then the eye's weights of red, green and blue.
    const auto linear = [](double v) { return v <= 0.04045 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
    const QColor rgb = c.toRgb();
    return 0.2126 * linear(rgb.redF()) + 0.7152 * linear(rgb.greenF()) + 0.0722 * linear(rgb.blueF());
}

double Theme::contrastRatio(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

double Theme::lowestContrast(const QColor& c, const QPalette& palette)
{
    double lowest = 21;
    for (const auto role : { QPalette::Window, QPalette::Base, QPalette::AlternateBase })
        lowest = std::min(lowest, contrastRatio(opaqueOn(c, palette.color(role)), palette.color(role)));
    return lowest;
}

QColor Theme::readable(const QColor& c, const QPalette& palette, double ratio)
{
    QColor out = opaqueOn(c, palette.color(QPalette::Base)).toHsl();
    const double step = isDark(palette) ? 0.01 : -0.01;
    // At most 100 steps reach white or black, which read on any background of the palette.
    for (int i = 0; i < 100 && lowestContrast(out, palette) < ratio; ++i) {
        const double l = std::clamp(out.lightnessF() + step, 0.0, 1.0);
        out.setHslF(out.hslHueF(), out.hslSaturationF(), static_cast<float>(l));
    }
    return out.toRgb();
}

QColor Theme::priorityText(Priority p, const QPalette& palette)
{
    return readable(QColor(priorityColorHex(p)), palette);
}

QColor Theme::ok(const QPalette& palette)
{
    return readable(QColor(0x2E, 0x7D, 0x32), palette);
}

QColor Theme::error(const QPalette& palette)
{
    return readable(QColor(0xC6, 0x28, 0x28), palette);
}

QColor Theme::warning(const QPalette& palette)
{
    return readable(QColor(0xB2, 0x6A, 0x00), palette);
}

QColor Theme::muted(const QPalette& palette)
{
    // Between the text and its background, as far from the text as AA allows.
    return readable(mix(palette.color(QPalette::WindowText), palette.color(QPalette::Window), 0.5), palette);
}

QColor Theme::series(const QColor& c, const QPalette& palette)
{
    return readable(c, palette, kGraphicContrast);
}

QColor Theme::errorBackground(const QPalette& palette)
{
    return isDark(palette) ? QColor(0x5A, 0x1F, 0x26) : QColor(0xFD, 0xE7, 0xE9);
}

QColor Theme::indicatorFrame(const QPalette& palette)
{
    return readable(mix(palette.color(QPalette::Text), palette.color(QPalette::Base), 0.45), palette, kGraphicContrast);
}

Theme::BannerColors Theme::banner(Banner kind, const QPalette& palette)
{
    const bool dark = isDark(palette);
    BannerColors c;
    if (kind == Banner::Warning)
        c = dark ? BannerColors { QColor(0x3D, 0x32, 0x10), QColor(0xFF, 0xE0, 0x8A), QColor(0x7A, 0x64, 0x20) }
                 : BannerColors { QColor(0xFF, 0xF4, 0xCE), QColor(0x5C, 0x44, 0x00), QColor(0xE8, 0xD4, 0x8A) };
    else
        c = dark ? BannerColors { QColor(0x4A, 0x1A, 0x1F), QColor(0xFF, 0xB4, 0xBC), QColor(0x8A, 0x3A, 0x44) }
                 : BannerColors { QColor(0xFD, 0xE7, 0xE9), QColor(0x8A, 0x10, 0x20), QColor(0xF1, 0xA7, 0xAF) };
    c.text = readableOnOne(c.text, c.background, kTextContrast);
    return c;
}

QString Theme::bannerStyleSheet(Banner kind, const QString& widgetClass, const QString& extra)
{
    const BannerColors c = banner(kind);
    return QStringLiteral("%1 { background: %2; color: %3; border: 1px solid %4; %5 }")
        .arg(widgetClass, c.background.name(), c.text.name(), c.border.name(), extra);
}

QString Theme::invalidFieldStyleSheet()
{
    return QStringLiteral("*[invalid=\"true\"] { border: 1px solid %1; border-radius: 2px; }")
        .arg(readable(QColor(0xC4, 0x2B, 0x1C), QGuiApplication::palette(), kGraphicContrast).name());
}

} // namespace alertdesk
