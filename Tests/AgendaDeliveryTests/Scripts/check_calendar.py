#!/usr/bin/python3
"""Parses iCalendar files with Debian's python3-icalendar, checks the RFC 5545 line rules
icalendar itself is lenient about (CRLF only, at most 75 octets a line, folds that never split a
UTF-8 sequence), and prints one JSON object per file, then `DONE <count>`. For every timed event it
reports the UTC offset of its start twice: by the file's own VTIMEZONE (icalendar's
Timezone.to_tz) and by Python's zoneinfo (the system's tzdata), so the tests can check both.

Usage: check_calendar.py FILE...
"""
import os
import sys
from zoneinfo import ZoneInfo

import icalendar

import checker


def line_report(raw):
    errors = []
    if not raw.endswith(b"\r\n"):
        errors.append("does not end with CRLF")
    body = raw[:-2] if raw.endswith(b"\r\n") else raw
    lines = body.split(b"\r\n")
    for number, line in enumerate(lines, 1):
        if b"\n" in line or b"\r" in line:
            errors.append("line %d has a bare CR or LF" % number)
        if len(line) > 75:
            errors.append("line %d is %d octets long" % (number, len(line)))
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as error:
            errors.append("line %d is not UTF-8 on its own (a fold inside a character?): %s" % (number, error))
    return errors, {
        "lines": len(lines),
        "continuation_lines": sum(1 for line in lines if line.startswith(b" ")),
        "max_octets": max(len(line) for line in lines),
    }


def text(component, name):
    value = component.get(name)
    return None if value is None else str(value)


def when(prop):
    if prop is None:
        return None
    value = prop.dt
    all_day = not hasattr(value, "hour")
    return {
        "value": value.isoformat() if all_day else value.replace(tzinfo=None).isoformat(),
        "tzid": prop.params.get("TZID"),
        "value_type": prop.params.get("VALUE"),
        "all_day": all_day,
    }


def offsets(prop, zones):
    value = prop.dt
    if not hasattr(value, "hour"):
        return None, None
    naive = value.replace(tzinfo=None)
    tzid = prop.params.get("TZID")
    by_vtimezone = None
    if tzid in zones:
        by_vtimezone = int(zones[tzid].localize(naive).utcoffset().total_seconds())
    by_zoneinfo = int(naive.replace(tzinfo=ZoneInfo(tzid)).utcoffset().total_seconds()) if tzid else None
    return by_vtimezone, by_zoneinfo


def check(path):
    with open(path, "rb") as handle:
        return check_bytes(os.path.basename(path), handle.read())


def check_bytes(name, raw):
    errors, lines = line_report(raw)
    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except Exception as error:
        return {"file": name, "errors": errors + ["icalendar: %r" % error], "lines": lines,
                "events": [], "timezones": []}
    for component in calendar.walk():
        for error in getattr(component, "errors", []):
            errors.append("%s: %r" % (component.name, error))
    zones = {}
    timezones = []
    for zone in calendar.walk("VTIMEZONE"):
        tzid = str(zone["TZID"])
        zones[tzid] = zone.to_tz()
        timezones.append({
            "tzid": tzid,
            "observances": [{"kind": sub.name, "dtstart": sub["DTSTART"].dt.isoformat(),
                             "offset_from": int(sub["TZOFFSETFROM"].td.total_seconds()),
                             "offset_to": int(sub["TZOFFSETTO"].td.total_seconds()),
                             "name": text(sub, "TZNAME"),
                             "rrule": sub["RRULE"].to_ical().decode() if "RRULE" in sub else None}
                            for sub in zone.subcomponents],
        })
    events = []
    for event in calendar.walk("VEVENT"):
        start_offset, start_offset_zoneinfo = offsets(event["DTSTART"], zones)
        end_offset, _ = offsets(event["DTEND"], zones) if "DTEND" in event else (None, None)
        events.append({
            "uid": text(event, "UID"),
            "sequence": int(event["SEQUENCE"]) if "SEQUENCE" in event else None,
            "dtstamp": event["DTSTAMP"].dt.isoformat() if "DTSTAMP" in event else None,
            "last_modified": event["LAST-MODIFIED"].dt.isoformat() if "LAST-MODIFIED" in event else None,
            "start": when(event.get("DTSTART")),
            "end": when(event.get("DTEND")),
            "start_utc_offset": start_offset,
            "start_utc_offset_zoneinfo": start_offset_zoneinfo,
            "end_utc_offset": end_offset,
            "summary": text(event, "SUMMARY"),
            "location": text(event, "LOCATION"),
            "url": text(event, "URL"),
            "status": text(event, "STATUS"),
            "description": text(event, "DESCRIPTION"),
        })
    return {
        "file": name,
        "errors": errors,
        "lines": lines,
        "version": text(calendar, "VERSION"),
        "prodid": text(calendar, "PRODID"),
        "method": text(calendar, "METHOD"),
        "calname": text(calendar, "X-WR-CALNAME"),
        "timezones": timezones,
        "events": events,
    }


if __name__ == "__main__":
    sys.exit(checker.main(check, "check_calendar.py FILE..."))
