# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT

# cmake -DSOURCE_DIR=packaging -DAPP_ID=... -DAPP_ICON=resources/icons/APP_ID.svg -P CheckPackaging.cmake
# Fails when a screenshot the metainfo names is missing from packaging/screenshots/, or when
# the desktop entry and the metainfo disagree on the id or the icon.
file(READ ${SOURCE_DIR}/${APP_ID}.metainfo.xml metainfo)
string(REGEX MATCHALL "/screenshots/[A-Za-z0-9_-]+\\.png" shots "${metainfo}")
list(LENGTH shots count)
if(count EQUAL 0)
  message(FATAL_ERROR "the metainfo names no screenshot")
endif()
foreach(s IN LISTS shots)
  if(NOT EXISTS ${SOURCE_DIR}${s})
    message(FATAL_ERROR "the metainfo names ${s}, which is not in packaging/screenshots/ (scripts/screenshots.sh)")
  endif()
endforeach()
if(NOT metainfo MATCHES "<id>${APP_ID}</id>" OR NOT metainfo MATCHES "<launchable type=\"desktop-id\">${APP_ID}.desktop</launchable>")
  message(FATAL_ERROR "the metainfo's id or launchable is not ${APP_ID}")
endif()
file(READ ${SOURCE_DIR}/${APP_ID}.desktop desktop)
if(NOT desktop MATCHES "\nIcon=${APP_ID}\n")
  message(FATAL_ERROR "the desktop entry's Icon is not ${APP_ID}")
endif()
get_filename_component(icon_name ${APP_ICON} NAME)
if(NOT icon_name STREQUAL "${APP_ID}.svg" OR NOT EXISTS ${APP_ICON})
  message(FATAL_ERROR "the application icon ${APP_ICON} is missing or not named ${APP_ID}.svg")
endif()
message(STATUS "${count} screenshots, the icon and the ids agree")
