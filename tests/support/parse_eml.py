#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
"""Parses one RFC 5322 message with Python's own email package and prints what a mail client
would see, as JSON, for AlertDesk's tests:

  python3 parse_eml.py FILE

{"subject": decoded subject, "subject_legacy": the same through email.header.decode_header,
 "subject_words": the encoded-words of the raw Subject, "from": {"display_name", "address",
 "display_name_rfc2047": the name decoded by email.header when it has encoded-words},
 "to": [addresses], "message_id", "date", "header_names": [every header name, in order],
 "content_type", "parts": [{"content_type", "charset", "transfer_encoding", "content"}],
 "defects": [every defect the parser found], "max_line_length", "bare_line_feeds"}
"""
import email
import email.header
import email.policy
import json
import re
import sys


def main() -> int:
    with open(sys.argv[1], "rb") as f:
        raw = f.read()

    msg = email.message_from_bytes(raw, policy=email.policy.default)
    defects = [f"message: {d!r}" for d in msg.defects]

    subject = msg["subject"]
    defects += [f"subject: {d!r}" for d in getattr(subject, "defects", [])]
    raw_subject = msg.get_all("subject", [])
    legacy = ""
    words = []
    if raw_subject:
        # The raw header, unfolded by hand: the legacy API decodes it independently.
        compat = email.message_from_bytes(raw, policy=email.policy.compat32)
        raw_value = str(compat["subject"])
        words = re.findall(r"=\?[^?]+\?[QqBb]\?[^?]*\?=", raw_value)
        legacy = str(email.header.make_header(email.header.decode_header(raw_value)))

    sender = msg["from"]
    from_box = {}
    if sender is not None and sender.addresses:
        a = sender.addresses[0]
        from_box = {"display_name": a.display_name, "address": a.addr_spec}
        defects += [f"from: {d!r}" for d in sender.defects]
        # Python's structured-header parser keeps the folding whitespace between adjacent
        # encoded-words of a phrase, against RFC 2047 section 6.2; decode_header does not.
        raw_from = str(email.message_from_bytes(raw, policy=email.policy.compat32)["from"])
        phrase = raw_from[:raw_from.rfind("<")].strip()
        from_box["display_name_rfc2047"] = (
            str(email.header.make_header(email.header.decode_header(phrase))) if "=?" in phrase else None)
    to = []
    if msg["to"] is not None:
        to = [a.addr_spec for a in msg["to"].addresses]
        defects += [f"to: {d!r}" for d in msg["to"].defects]

    parts = []
    if msg.is_multipart():
        for part in msg.iter_parts():
            defects += [f"part: {d!r}" for d in part.defects]
            parts.append({
                "content_type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "transfer_encoding": part.get("content-transfer-encoding", ""),
                "content": part.get_content(),
            })
    lines = raw.split(b"\r\n")
    out = {
        "subject": str(subject) if subject is not None else None,
        "subject_legacy": legacy,
        "subject_words": words,
        "from": from_box,
        "to": to,
        "message_id": str(msg["message-id"]) if msg["message-id"] else None,
        "date": str(msg["date"]) if msg["date"] else None,
        "header_names": [k for k in msg.keys()],
        "content_type": msg.get_content_type(),
        "parts": parts,
        "defects": defects,
        "max_line_length": max(len(l) for l in lines),
        "bare_line_feeds": any(b"\n" in l or b"\r" in l for l in lines),
    }
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
