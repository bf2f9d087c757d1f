// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

class QWidget;

namespace alertdesk {

// Keeps a top-level window within the screen it opens on. A size given in logical pixels can
// be larger than the screen at a high scale factor: 1280×800 at QT_SCALE_FACTOR=2 is 2560×1600
// device pixels, and a 1920×1080 screen has 960×540 logical ones to offer.
class ScreenFit final {
public:
    // Shrinks the window's size (and its minimum size, so that the window can be made that
    // small) to its screen's available area, and moves it back onto that area.
    static void clamp(QWidget* window);
};

} // namespace alertdesk
