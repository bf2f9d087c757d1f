#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
"""Checks that a translation covers the window's pages it promises to cover.

Runs lupdate over ui/ (and the core's checks the window shows) into a temporary copy of the .ts file (so a string added to the sources
since the last `update_translations` counts too) and fails when a message of one of the given
contexts has no finished translation. Strings of other contexts may stay unfinished: Qt shows
them in English.

usage: check_translations.py LUPDATE SOURCE_DIR TS_FILE CONTEXT...
"""
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

# Core files with messages the window shows (the channel and rule checks); keep in step with
# TRANSLATED_CORE_SOURCES in ui/CMakeLists.txt.
CORE_TRANSLATED = [
    'core/config/ChannelArgs.cpp',
    'core/config/RuleArgs.cpp',
    'core/channels/ChannelRegistry.cpp',
    'core/channels/Channel.cpp',
    'core/channels/EmailChannel.cpp',
    'core/rules/Rule.cpp',
    'core/util/Duration.cpp',
    'core/channels/EmailMessage.cpp',
    'core/config/AppriseUrl.cpp',
    'core/engine/Engine.cpp',
    'core/config/Settings.cpp',
    'core/config/ProxySetting.cpp',
    'core/config/SourceArgs.cpp',
    'core/delivery/RetryPolicy.cpp',
]


def main(argv):
    if len(argv) < 5:
        print(__doc__, file=sys.stderr)
        return 2
    lupdate, source, ts, contexts = argv[1], argv[2], argv[3], set(argv[4:])
    with tempfile.TemporaryDirectory() as tmp:
        copy = tmp + '/check.ts'
        shutil.copy(ts, copy)
        # The window's sources, and the core's checks whose messages the window shows.
        core = [source + '/' + f for f in CORE_TRANSLATED]
        run = subprocess.run([lupdate, '-no-obsolete', '-locations', 'none', '-silent', source + '/ui', *core, '-ts', copy],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(run.stdout, run.stderr, file=sys.stderr)
            return 1
        root = ET.parse(copy).getroot()
    missing = []
    for ctx in root.findall('context'):
        name = ctx.find('name').text
        if name not in contexts:
            continue
        for msg in ctx.findall('message'):
            tr = msg.find('translation')
            done = tr is not None and tr.get('type') is None and (''.join(tr.itertext()).strip() or msg.get('numerus') == 'yes')
            if not done:
                missing.append(f'{name}: {msg.find("source").text!r}')
    for m in missing:
        print('untranslated in', ts, '-', m)
    print(f'{len(missing)} untranslated message(s) in {len(contexts)} context(s)')
    return 1 if missing else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv))
