#!/usr/bin/python3
"""An SMTP server for the relay tests (aiosmtpd 1.4.3, Debian's python3-aiosmtpd).

Binds 127.0.0.1 port 0, prints "LISTENING <port>" once ready, and exits by itself after
--lifetime seconds.

Modes (--mode):
  ok           accept every message
  tempfail:K   reply "451 4.3.0 try again later" to the first K DATA commands, then accept
  reject       reply "550 5.1.1 mailbox unavailable" to every RCPT
  reject-data  reply "550 5.1.1 mailbox unavailable" at the end of every DATA
  drop:K       close the connection once the first K messages' data has arrived, before
               replying (the client cannot know whether they were taken), then accept
--reject-rcpt ADDR (repeatable) rejects that recipient with 550 in any mode.

Sink (--sink DIR): each accepted message is written (atomically) to DIR/NNNN.eml, its bytes
exactly as received after SMTP un-stuffing, then a JSON line is appended to DIR/messages.jsonl:
{"file", "mail_from", "rcpt_tos", "message_id", "helo", "login", "tls"}. Every DATA outcome (accepted,
tempfail, drop, reject) and every rejected RCPT is appended to DIR/events.jsonl.

Auth (--auth-user U --auth-pass P): AUTH PLAIN/LOGIN required before MAIL, allowed without TLS.
TLS (--tls-cert C --tls-key K): STARTTLS offered and required; with --implicit-tls, TLS from the
first byte instead (smtps).
"""
import argparse
import asyncio
import email.parser
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def parse_args():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", default="ok")
    parser.add_argument("--sink", required=True)
    parser.add_argument("--reject-rcpt", action="append", default=[])
    parser.add_argument("--auth-user")
    parser.add_argument("--auth-pass")
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--lifetime", type=float, default=300)
    return parser.parse_args()


class Handler:
    def __init__(self, mode, sink, reject_rcpt):
        name, _, count = mode.partition(":")
        if name not in ("ok", "tempfail", "reject", "reject-data", "drop"):
            sys.exit(f"unknown mode {mode!r}")
        if name in ("tempfail", "drop") and not count.isdigit():
            sys.exit(f"mode {name} needs a count, e.g. {name}:2")
        self.mode = name
        self.remaining = int(count) if count else 0
        self.sink = sink
        self.reject_rcpt = {address.lower() for address in reject_rcpt}
        self.accepted = 0

    def event(self, **fields):
        with open(os.path.join(self.sink, "events.jsonl"), "a") as log:
            log.write(json.dumps(fields) + "\n")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.mode == "reject" or address.lower() in self.reject_rcpt:
            self.event(event="reject-rcpt", rcpt=address)
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content
        headers = email.parser.BytesHeaderParser().parsebytes(content)
        message_id = headers.get("Message-ID")
        if self.mode == "tempfail" and self.remaining > 0:
            self.remaining -= 1
            self.event(event="tempfail", message_id=message_id)
            return "451 4.3.0 try again later"
        if self.mode == "reject-data":
            self.event(event="reject-data", message_id=message_id)
            return "550 5.1.1 mailbox unavailable"
        if self.mode == "drop" and self.remaining > 0:
            self.remaining -= 1
            self.event(event="drop", message_id=message_id)
            server.transport.abort()
            # connection_lost cancels this coroutine; nothing is replied.
            await asyncio.sleep(3600)
        self.accepted += 1
        name = f"{self.accepted:04d}.eml"
        temporary = os.path.join(self.sink, "." + name + ".tmp")
        with open(temporary, "wb") as out:
            out.write(content)
        os.rename(temporary, os.path.join(self.sink, name))
        with open(os.path.join(self.sink, "messages.jsonl"), "a") as log:
            log.write(json.dumps({
                "file": name,
                "mail_from": envelope.mail_from,
                "rcpt_tos": envelope.rcpt_tos,
                "message_id": message_id,
                "helo": session.host_name,
                "login": session.login_data.decode() if isinstance(session.login_data, bytes) else session.login_data,
                "tls": session.ssl is not None or server.transport.get_extra_info("sslcontext") is not None,
            }) + "\n")
        self.event(event="accepted", message_id=message_id)
        return "250 2.0.0 OK: queued as " + name


def main():
    args = parse_args()
    os.makedirs(args.sink, exist_ok=True)
    handler = Handler(args.mode, args.sink, args.reject_rcpt)

    tls_context = None
    if args.tls_cert:
        tls_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        tls_context.load_cert_chain(args.tls_cert, args.tls_key)

    authenticator = None
    if args.auth_user is not None:
        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = (isinstance(auth_data, LoginPassword)
                  and auth_data.login == args.auth_user.encode()
                  and auth_data.password == args.auth_pass.encode())
            handler.event(event="auth", mechanism=mechanism, ok=ok,
                          login=auth_data.login.decode(errors="replace"))
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        return SMTP(
            handler,
            hostname="relay.test",
            loop=loop,
            tls_context=None if args.implicit_tls else tls_context,
            require_starttls=tls_context is not None and not args.implicit_tls,
            authenticator=authenticator,
            auth_required=authenticator is not None,
            auth_require_tls=False,
            timeout=60,
        )

    server = loop.run_until_complete(loop.create_server(
        factory, host="127.0.0.1", port=0, ssl=tls_context if args.implicit_tls else None))
    port = server.sockets[0].getsockname()[1]
    print(f"LISTENING {port}", flush=True)
    loop.call_later(args.lifetime, loop.stop)
    try:
        loop.run_forever()
    finally:
        server.close()


if __name__ == "__main__":
    main()
