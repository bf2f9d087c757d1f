#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 The AlertDesk developers
# SPDX-License-Identifier: MIT
"""An SMTP server for AlertDesk's tests, built on Debian's python3-aiosmtpd.

  python3 smtp_server.py --dir FOLDER [--starttls | --implicit-tls | --refuse-starttls]
                         [--cert PEM --key PEM] [--auth-mechanisms PLAIN,LOGIN,XOAUTH2]
                         [--user U --password P --token T] [--fail-data CODE_AND_TEXT]...
                         [--echo-auth]

Listens on 127.0.0.1 on a port the system picks and prints "PORT <n>" on stdout once it
accepts connections. Every message received is saved as FOLDER/msg-<n>.eml (the bytes as
received) with FOLDER/msg-<n>.json beside it (envelope sender, recipients, whether TLS was
on, the AUTH mechanism and login). Every event is appended to FOLDER/events.jsonl:
{"event": "auth", "mechanism", "login", "success", "tls"}, {"event": "data-refused", "reply", "message_id"},
{"event": "message", "file"}. Files are written under a temporary name and renamed, so a
reader never sees half a message.

--starttls         offers STARTTLS and requires it before MAIL (aiosmtpd require_starttls)
--implicit-tls     TLS from the first byte, as on port 465
--refuse-starttls  offers STARTTLS but answers 454 to it
(none of them)     plain SMTP without STARTTLS
AUTH is offered only once the connection is encrypted (auth_require_tls).
--fail-data "451 4.3.0 Try again later" answers the next DATA with that reply instead of
accepting the message; repeat the option to refuse several in a row.
--echo-auth        a careless server: a refused AUTH is answered with a reply over 1 KB that
                   quotes the login, the password and the base64 PLAIN blob, the password
                   starting 580 characters in (across a client's cut at 600) and again at its end.
Stops on SIGTERM or when standard input closes.
"""
import argparse
import asyncio
import base64
import email
import json
import os
import signal
import ssl
import sys

from aiosmtpd.smtp import MISSING, SMTP, AuthResult, LoginPassword


class Recorder:
    """The aiosmtpd handler: saves messages, refuses DATA as scripted, knows XOAUTH2."""

    def __init__(self, folder, fail_data, user, token, implicit_tls):
        self.folder = folder
        self.fail_data = list(fail_data)
        self.user = user
        self.token = token
        self.implicit_tls = implicit_tls
        self.count = 0

    def write_atomic(self, name, data):
        tmp = os.path.join(self.folder, "." + name + ".tmp")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, os.path.join(self.folder, name))

    def event(self, **fields):
        with open(os.path.join(self.folder, "events.jsonl"), "a", encoding="utf-8") as f:
            f.write(json.dumps(fields) + "\n")

    def is_tls(self, server, session):
        return self.implicit_tls or session.ssl is not None

    async def handle_DATA(self, server, session, envelope):
        if self.fail_data:
            reply = self.fail_data.pop(0)
            refused = email.message_from_bytes(envelope.original_content or envelope.content)
            self.event(event="data-refused", reply=reply, message_id=refused.get("Message-ID"))
            return reply
        self.count += 1
        name = f"msg-{self.count:04d}"
        auth = session.auth_data if isinstance(session.auth_data, dict) else {}
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "tls": self.is_tls(server, session),
            "mechanism": auth.get("mechanism"),
            "login": auth.get("login"),
        }
        self.write_atomic(name + ".json", json.dumps(meta).encode())
        self.write_atomic(name + ".eml", envelope.original_content or envelope.content)
        self.event(event="message", file=name + ".eml")
        return f"250 2.0.0 Ok: queued as {name}"

    # aiosmtpd calls handler methods named auth_<MECHANISM> with (server, args).
    async def auth_XOAUTH2(self, server, args):
        if len(args) == 2:
            blob = base64.b64decode(args[1])
        else:
            blob = await server.challenge_auth("", encode_to_b64=False)
            if blob is MISSING:  # aiosmtpd has answered already
                return AuthResult(success=False, handled=True)
        fields = dict(p.split(b"=", 1) for p in blob.split(b"\x01") if b"=" in p)
        login = fields.get(b"user", b"").decode()
        ok = login == self.user and fields.get(b"auth", b"") == b"Bearer " + self.token.encode()
        self.event(event="auth", mechanism="XOAUTH2", login=login, success=ok, tls=True)
        if not ok:
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data={"mechanism": "XOAUTH2", "login": login})


class TestSMTP(SMTP):
    def __init__(self, *args, refuse_starttls=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.refuse_starttls = refuse_starttls

    async def smtp_STARTTLS(self, arg):
        if self.refuse_starttls:
            await self.push("454 4.7.0 TLS not available due to temporary reason")
            return
        await super().smtp_STARTTLS(arg)


def echo_reply(login, password):
    """535 quoting the credentials: the password across character 600 and at the end."""
    blob = base64.b64encode(b"\0" + login + b"\0" + password).decode()
    head = "535 5.7.8 credentials invalid for " + login.decode(errors="replace") + ": "
    quoted = password.decode(errors="replace")
    pad = "." * max(0, 580 - len(head))
    tail = " PLAIN " + blob + " " + "-" * 400 + " " + quoted
    return head + pad + quoted + tail


def make_authenticator(recorder, user, password, echo_auth):
    def authenticate(server, session, envelope, mechanism, auth_data):
        login = ""
        ok = False
        if isinstance(auth_data, LoginPassword):
            login = auth_data.login.decode()
            ok = auth_data.login == user.encode() and auth_data.password == password.encode()
        recorder.event(event="auth", mechanism=mechanism, login=login, success=ok,
                       tls=recorder.is_tls(server, session))
        if not ok:
            if echo_auth and isinstance(auth_data, LoginPassword):
                return AuthResult(success=False, handled=False,
                                  message=echo_reply(auth_data.login, auth_data.password))
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data={"mechanism": mechanism, "login": login})
    return authenticate


async def serve(args):
    os.makedirs(args.dir, exist_ok=True)
    tls_context = None
    if args.cert:
        tls_context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        tls_context.load_cert_chain(args.cert, args.key)
    implicit = args.implicit_tls
    recorder = Recorder(args.dir, args.fail_data, args.user, args.token, implicit)
    mechanisms = {m.strip().upper() for m in args.auth_mechanisms.split(",") if m.strip()}
    exclude = [m for m in ("PLAIN", "LOGIN", "XOAUTH2") if m not in mechanisms]
    loop = asyncio.get_running_loop()

    def factory():
        return TestSMTP(
            recorder,
            hostname="localhost",  # no getfqdn(): it may wait for DNS
            tls_context=tls_context if (args.starttls or args.refuse_starttls) else None,
            require_starttls=args.starttls,
            authenticator=make_authenticator(recorder, args.user, args.password, args.echo_auth),
            # With implicit TLS every connection is encrypted, but aiosmtpd 1.4 only counts
            # STARTTLS as TLS: requiring it here would hide AUTH on a TLS connection.
            auth_require_tls=not implicit,
            auth_exclude_mechanism=exclude,
            refuse_starttls=args.refuse_starttls,
            loop=loop,
        )

    server = await loop.create_server(factory, "127.0.0.1", 0, ssl=tls_context if implicit else None)
    print(f"PORT {server.sockets[0].getsockname()[1]}", flush=True)

    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, lambda: stop.done() or stop.set_result(None))
    loop.add_reader(sys.stdin.fileno(), lambda: sys.stdin.buffer.read1(4096) or stop.done() or stop.set_result(None))
    await stop
    server.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--dir", required=True)
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--starttls", action="store_true")
    mode.add_argument("--implicit-tls", action="store_true")
    mode.add_argument("--refuse-starttls", action="store_true")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--auth-mechanisms", default="PLAIN,LOGIN")
    p.add_argument("--user", default="trader")
    p.add_argument("--password", default="s3cret-pass")
    p.add_argument("--token", default="ya29.test-token")
    p.add_argument("--fail-data", action="append", default=[])
    p.add_argument("--echo-auth", action="store_true")
    args = p.parse_args()
    if (args.starttls or args.implicit_tls or args.refuse_starttls) and not (args.cert and args.key):
        p.error("TLS modes need --cert and --key")
    asyncio.run(serve(args))


if __name__ == "__main__":
    main()
