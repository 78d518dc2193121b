#!/usr/bin/python3
"""Parses Atom files with Debian's python3-feedparser (and, for well-formedness, the standard
library's XML parser) and prints one JSON object per file, then `DONE <count>`; each entry's HTML
content is read back with html.parser (html_check.py).

Usage: check_feed.py FILE...
"""
import os
import sys
import xml.etree.ElementTree as ElementTree

import feedparser

import checker
from html_check import analyse

ATOM = "{http://www.w3.org/2005/Atom}"


def check(path):
    with open(path, "rb") as handle:
        raw = handle.read()
    errors = []
    try:
        root = ElementTree.fromstring(raw)
        if root.tag != ATOM + "feed":
            errors.append("root element is %s" % root.tag)
        raw_contents = [element.text or "" for element in root.iter(ATOM + "content")]
    except ElementTree.ParseError as error:
        errors.append("not well-formed XML: %s" % error)
        raw_contents = []
    parsed = feedparser.parse(raw)
    if parsed.bozo:
        errors.append("feedparser: %r" % parsed.get("bozo_exception"))
    feed = parsed.feed
    entries = []
    for index, entry in enumerate(parsed.entries):
        content = entry.get("content", [{}])[0]
        entries.append({
            "id": entry.get("id"),
            "title": entry.get("title"),
            "updated": entry.get("updated"),
            "link": entry.get("link"),
            "author": entry.get("author"),
            "categories": [tag.get("term") for tag in entry.get("tags", [])],
            "content_type": content.get("type"),
            "content_html": raw_contents[index] if index < len(raw_contents) else None,
            "content": analyse(raw_contents[index]) if index < len(raw_contents) else None,
        })
    return {
        "file": os.path.basename(path),
        "errors": errors,
        "version": parsed.get("version"),
        "id": feed.get("id"),
        "title": feed.get("title"),
        "updated": feed.get("updated"),
        "author": feed.get("author"),
        "self_link": next((link.get("href") for link in feed.get("links", []) if link.get("rel") == "self"), None),
        "entries": entries,
    }


if __name__ == "__main__":
    sys.exit(checker.main(check, "check_feed.py FILE..."))
