#!/usr/bin/python3
"""A Standard Webhooks receiver for the webhook tests (stdlib, and the PyPI package standardwebhooks).

Binds 127.0.0.1:0, prints "LISTENING <port>", and appends one JSON line per event to --log:
  {"event": "connection", "count": N}            for every accepted TCP connection
  {"event": "request", "id", "timestamp", "signature", "verified", "verified_library",
   "reason", "status", "path", "body", "user_agent", "content_type"}   for every request

Signatures are checked with this file's own implementation, written from the Standard
Webhooks spec only: strip "whsec_", base64-decode the key, HMAC-SHA256 over
"{webhook-id}.{webhook-timestamp}.{raw body}", base64, compared in constant time with every
"v1," entry of the space-separated webhook-signature header; the timestamp must be within
5 minutes of now. The reference implementation, the PyPI package `standardwebhooks` (installed
by `make test-deps` into .build/python, which the tests put on PYTHONPATH), verifies too, and both
must agree; without it the receiver refuses to start. A request that does not verify gets 401,
whatever the mode.

Modes (--mode):
  ok            200
  fail:K        500 for the first K requests of each webhook-id, then 200
  gone          410
  redirect      301 with Location pointing back at this server (/redirected)
  hang          accept the request, then send nothing for --hang-seconds (beyond the client timeout)
  throttle:K    429 with Retry-After: 1 for the first K requests of each webhook-id, then 200
  status:N      status N (with Retry-After: --retry-after when given)

--delay S waits S seconds (after logging) before answering: the crash test uses it to widen the
window between a receiver having a notice and the sender marking it delivered.
Exits on its own after --lifetime seconds.
"""
import argparse
import base64
import hashlib
import hmac
import json
import socket
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

TOLERANCE_SECONDS = 5 * 60

try:
    from standardwebhooks.webhooks import Webhook as LibraryWebhook  # type: ignore
except ImportError as error:  # a missing prerequisite fails the test that started us
    sys.exit("webhook_receiver.py: the standardwebhooks package is missing (%s); run `make test-deps`" % error)


def decode_secret(secret):
    if not secret.startswith("whsec_"):
        raise ValueError("secret must start with whsec_")
    return base64.b64decode(secret[len("whsec_"):], validate=True)


def verify(key, msg_id, timestamp, body, signature_header, now, tolerance=None):
    """Returns (ok, reason)."""
    if not msg_id or not timestamp or not signature_header:
        return False, "missing webhook-id, webhook-timestamp or webhook-signature"
    try:
        ts = int(timestamp)
    except ValueError:
        return False, "webhook-timestamp is not an integer"
    tolerance = TOLERANCE_SECONDS if tolerance is None else tolerance
    if abs(now - ts) > tolerance:
        return False, "timestamp outside the %d s tolerance" % tolerance
    signed = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest())
    for entry in signature_header.split(" "):
        version, _, value = entry.partition(",")
        if version != "v1":
            continue
        if hmac.compare_digest(value.encode(), expected):
            return True, ""
    return False, "no v1 signature matches"


def verify_with_library(secret, headers, body):
    try:
        LibraryWebhook(secret).verify(body, headers)
        return True
    except Exception:
        return False


class Receiver:
    def __init__(self, args):
        self.secret = args.secret
        self.key = decode_secret(args.secret)
        self.log_path = args.log
        self.mode, _, count = args.mode.partition(":")
        self.count = int(count) if count else 0
        if self.mode not in ("ok", "fail", "gone", "redirect", "hang", "throttle", "status"):
            raise SystemExit("unknown --mode %r" % args.mode)
        self.hang_seconds = args.hang_seconds
        self.delay = args.delay
        self.tolerance = args.tolerance
        self.retry_after = args.retry_after
        self.lock = threading.Lock()
        self.seen = {}  # webhook-id -> requests so far
        self.connections = 0

    def log(self, record):
        line = json.dumps(record, sort_keys=True) + "\n"
        with self.lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line)
                f.flush()

    def connection_accepted(self):
        with self.lock:
            self.connections += 1
            count = self.connections
        self.log({"event": "connection", "count": count})

    def nth_request(self, msg_id):
        with self.lock:
            self.seen[msg_id] = self.seen.get(msg_id, 0) + 1
            return self.seen[msg_id]


def make_handler(receiver):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real receivers do

        def log_message(self, format, *args):
            pass

        def respond(self, status, body=b"", headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            receiver.log({"event": "request", "method": "GET", "path": self.path})
            self.respond(405, b"POST only\n")

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            msg_id = self.headers.get("webhook-id", "")
            timestamp = self.headers.get("webhook-timestamp", "")
            signature = self.headers.get("webhook-signature", "")
            ok, reason = verify(receiver.key, msg_id, timestamp, body, signature, time.time(), receiver.tolerance)
            library = None if receiver.tolerance is not None else verify_with_library(
                receiver.secret,
                {"webhook-id": msg_id, "webhook-timestamp": timestamp, "webhook-signature": signature},
                body)
            verified = ok and library is not False
            if ok and library is False:
                reason = "the standardwebhooks library disagrees"

            nth = receiver.nth_request(msg_id)
            mode, count = receiver.mode, receiver.count
            headers = []
            if not verified:
                status = 401
            elif mode == "ok":
                status = 200
            elif mode == "fail":
                status = 500 if nth <= count else 200
            elif mode == "gone":
                status = 410
            elif mode == "redirect":
                status = 301
                headers.append(("Location", "http://%s:%d/redirected" % self.server.server_address[:2]))
            elif mode == "throttle":
                status = 429 if nth <= count else 200
                if status == 429:
                    headers.append(("Retry-After", "1"))
            elif mode == "status":
                status = count
                if receiver.retry_after:
                    headers.append(("Retry-After", receiver.retry_after))
            elif mode == "hang":
                status = None
            else:
                status = 500

            receiver.log({
                "event": "request", "method": "POST", "path": self.path, "id": msg_id,
                "timestamp": timestamp, "signature": signature, "verified": verified,
                "verified_library": library, "reason": reason, "status": status,
                "body": body.decode("utf-8", "replace"),
                "user_agent": self.headers.get("User-Agent", ""),
                "content_type": self.headers.get("Content-Type", ""),
            })
            if receiver.delay > 0:
                time.sleep(receiver.delay)
            if status is None:
                time.sleep(receiver.hang_seconds)
                self.close_connection = True
                return
            if status in (204, 304):
                body = b""
            else:
                body = b"ok\n" if status == 200 else b"status %d\n" % status
            self.respond(status, body, headers)

    return Handler


class CountingServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, address, handler, receiver):
        self.receiver = receiver
        super().__init__(address, handler)

    def get_request(self):
        pair = super().get_request()
        # http.server sends the head and the body in separate writes; without TCP_NODELAY Nagle holds
        # the body until the client's delayed ACK (~40 ms per request on Linux).
        pair[0].setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.receiver.connection_accepted()
        return pair


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--secret", required=True, help="whsec_<base64>")
    parser.add_argument("--log", required=True, help="JSON Lines log file")
    parser.add_argument("--mode", default="ok")
    parser.add_argument("--hang-seconds", type=float, default=60)
    parser.add_argument("--retry-after", default="", help="Retry-After value for --mode status:N")
    parser.add_argument("--delay", type=float, default=0, help="seconds to wait before answering")
    parser.add_argument("--tolerance", type=float, default=None,
                        help="timestamp tolerance in seconds (default 300, the spec's); tests that run the "
                             "sender on a simulated clock widen it, which skips the library check")
    parser.add_argument("--lifetime", type=float, default=300)
    args = parser.parse_args()

    receiver = Receiver(args)
    server = CountingServer(("127.0.0.1", 0), make_handler(receiver), receiver)
    # Never outlive a crashed test run.
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    print("LISTENING %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
