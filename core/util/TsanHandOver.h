// SPDX-FileCopyrightText: 2026 The AlertDesk developers
// SPDX-License-Identifier: MIT

#pragma once

// ThreadSanitizer annotations for a hand-over between threads that Qt synchronises where TSan
// cannot see it: Debian's Qt is not built with TSan, so a queued call (QMetaObject::invokeMethod
// to an object of another thread) passes through QCoreApplication::postEvent's mutex inside
// libQt6Core unseen, and TSan reports the callee's first read of what the caller built as a
// race. handOver() before posting and takeOver() first thing in the callee tell TSan what Qt
// guarantees. Nothing at all in a build without TSan (scripts/sanitize.sh --tsan).

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ALERTDESK_TSAN 1
#include <sanitizer/tsan_interface.h>
#endif
#endif

namespace alertdesk::tsan {

inline void handOver([[maybe_unused]] const void* channel)
{
#ifdef ALERTDESK_TSAN
    __tsan_release(const_cast<void*>(channel));
#endif
}

inline void takeOver([[maybe_unused]] const void* channel)
{
#ifdef ALERTDESK_TSAN
    __tsan_acquire(const_cast<void*>(channel));
#endif
}

} // namespace alertdesk::tsan
