#!/usr/bin/python3
"""Parses every message in SPOOL/new with the standard library's mail parser
(email.policy.default, which records a defect for anything malformed) and prints one JSON
object per file, then `DONE <count>`: headers, every MIME part, the text/plain body, the
text/html body read back by html.parser (html_check.py) and each text/calendar part parsed by
icalendar (check_calendar.py). The Swift mail tests use it as an independent oracle.

Usage: check_mail.py SPOOL_DIR
"""
import email.policy
import json
import os
import signal
import sys
from email.parser import BytesParser

from check_calendar import check_bytes as check_calendar
from html_check import analyse

signal.alarm(60)  # never outlive a crashed test run


def header_text(message, name):
    value = message[name]
    return None if value is None else str(value)


def check(path):
    with open(path, "rb") as handle:
        raw = handle.read()
    message = BytesParser(policy=email.policy.default).parsebytes(raw)
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = raw.split(b"\r\n")
    if lines and lines[-1] == b"":
        lines.pop()
    header_defects = {}
    for name, value in message.items():
        defects = [repr(defect) for defect in getattr(value, "defects", ())]
        if defects:
            header_defects.setdefault(name, []).extend(defects)

    def addresses(name):
        value = message[name]
        if value is None:
            return []
        return [{"display_name": a.display_name, "addr_spec": a.addr_spec} for a in value.addresses]

    date = message["Date"]
    date_time = getattr(date, "datetime", None) if date is not None else None
    body_text = html_text = None
    calendars = []
    parts = []
    for part in message.walk():
        parts.append({"type": part.get_content_type(), "charset": part.get_content_charset(),
                      "encoding": part.get("Content-Transfer-Encoding"), "method": part.get_param("method"),
                      "disposition": part.get_content_disposition(), "filename": part.get_filename(),
                      "defects": [repr(defect) for defect in part.defects]})
    try:
        plain = message.get_body(preferencelist=("plain",))
        body_text = None if plain is None else plain.get_content()
        html = message.get_body(preferencelist=("html",))
        html_text = None if html is None else html.get_content()
        for part in message.walk():
            if part.get_content_type() == "text/calendar":
                calendars.append(check_calendar(part.get_filename() or "", part.get_payload(decode=True)))
    except Exception as error:  # reported, and the test fails on it
        header_defects.setdefault("(body)", []).append(repr(error))
    return {
        "file": os.path.basename(path),
        "defects": [repr(defect) for defect in message.defects],
        "header_defects": header_defects,
        "headers": list(message.keys()),
        "raw_headers": [line.decode("ascii", "replace") for line in head.split(b"\r\n")],
        "subject": header_text(message, "Subject"),
        "from": addresses("From"),
        "to": addresses("To"),
        "message_id": header_text(message, "Message-ID"),
        "in_reply_to": header_text(message, "In-Reply-To"),
        "references": header_text(message, "References"),
        "notices": header_text(message, "X-Agenda-Sync-Notices"),
        "list_unsubscribe": header_text(message, "List-Unsubscribe"),
        "list_unsubscribe_post": header_text(message, "List-Unsubscribe-Post"),
        "date": header_text(message, "Date"),
        "date_utc_offset_seconds": None if date_time is None or date_time.utcoffset() is None
        else int(date_time.utcoffset().total_seconds()),
        "content_type": message.get_content_type(),
        "charset": message.get_content_charset(),
        "content_transfer_encoding": header_text(message, "Content-Transfer-Encoding"),
        "header_bytes_ascii": all(byte < 128 for byte in head),
        "max_header_line": max(len(line) for line in head.split(b"\r\n")),
        "max_body_line": max((len(line) for line in body.split(b"\r\n")), default=0),
        "max_line": max(len(line) for line in lines),
        "bare_cr_or_lf": raw.replace(b"\r\n", b"").count(b"\r") + raw.replace(b"\r\n", b"").count(b"\n"),
        "ends_with_crlf": raw.endswith(b"\r\n"),
        # The decoded text keeps the CRLF line ends; reported with LF, so a stray CR stands out.
        "body": None if body_text is None else body_text.replace("\r\n", "\n"),
        "parts": parts,
        "html": html_text,
        "html_report": None if html_text is None else analyse(html_text),
        "calendars": calendars,
    }


def main():
    if len(sys.argv) != 2:
        print("usage: check_mail.py SPOOL_DIR", file=sys.stderr)
        return 2
    folder = os.path.join(sys.argv[1], "new")
    names = sorted(os.listdir(folder))
    for name in names:
        print(json.dumps(check(os.path.join(folder, name))), flush=True)
    print("DONE %d" % len(names), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
