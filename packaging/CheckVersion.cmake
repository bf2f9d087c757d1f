# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT

# cmake -DSOURCE_DIR=... -DAPP_ID=... -DVERSION=... -DDATE=... -DCLI=... -P CheckVersion.cmake
# The version lives in the top-level CMakeLists.txt; this fails when the metainfo's newest
# release, CHANGELOG.md's newest section or alertdesk-cli --version says otherwise.
file(READ ${SOURCE_DIR}/packaging/${APP_ID}.metainfo.xml metainfo)
string(REGEX MATCH "<release version=\"([^\"]+)\" date=\"([^\"]+)\"" _ "${metainfo}")
if(NOT CMAKE_MATCH_1 STREQUAL VERSION OR NOT CMAKE_MATCH_2 STREQUAL DATE)
  message(FATAL_ERROR "the metainfo's newest release is ${CMAKE_MATCH_1} of ${CMAKE_MATCH_2}, not ${VERSION} of ${DATE}")
endif()
file(READ ${SOURCE_DIR}/CHANGELOG.md changelog)
string(REGEX MATCH "\n## \\[([^]]+)\\] - ([0-9-]+)" _ "${changelog}")
if(NOT CMAKE_MATCH_1 STREQUAL VERSION OR NOT CMAKE_MATCH_2 STREQUAL DATE)
  message(FATAL_ERROR "CHANGELOG.md's newest section is ${CMAKE_MATCH_1} - ${CMAKE_MATCH_2}, not ${VERSION} - ${DATE}")
endif()
execute_process(COMMAND ${CLI} --version OUTPUT_VARIABLE printed OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT printed STREQUAL VERSION)
  message(FATAL_ERROR "alertdesk-cli --version printed '${printed}' (exit ${rc}), not ${VERSION}")
endif()
message(STATUS "version ${VERSION} of ${DATE} everywhere")
