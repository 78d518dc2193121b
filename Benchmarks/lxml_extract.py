#!/usr/bin/python3
"""lxml+XPath extraction of ModernGov meeting pages: the peer agenda-sync-bench measures beside its own
extractor, on the same pages, in the same run.

Reads a manifest (JSON, path in argv[1]):
    {"seconds": 2.0, "max_parses": 200000,
     "cases": [{"name": "...", "pages": [{"path": "/tmp/.../0.html", "url": "https://..."}]}]}
and prints one JSON object per case on stdout:
    {"name": ..., "pages": N, "parses": N, "bytes": N, "wall": s, "cpu": s, "yield": N}

Each page is read the way a careful lxml scraper reads a ModernGov meeting page: the whole page parsed
by lxml.html (libxml2's HTML parser, a tree), then XPath for the sub-title, the main title, the venue,
every agenda item (number, title, agenda text, minutes and decision text, documents with resolved
URLs) and the meeting's own documents (ul.mgActionList), with whitespace collapsed. Its "yield" per
page is counted as agenda-sync-bench counts its own (1 + items + item documents + action documents),
so a reader that did less work shows. Pages are parsed round-robin until `seconds` have passed or
`max_parses` were done, after one warm-up pass.

Needs Debian's python3-lxml for /usr/bin/python3 (`make bench` installs it); exit status 3 when lxml
is missing, so the caller can say why it was not measured.
"""
import json
import re
import sys
import time
from urllib.parse import urljoin

try:
    from lxml import etree, html
except ImportError as error:  # the caller reports "lxml not measured: …"
    print(f"lxml not importable: {error}", file=sys.stderr)
    sys.exit(3)


def has_class(name):
    return f'contains(concat(" ", normalize-space(@class), " "), " {name} ")'


SPACES = re.compile(r"\s+")
SUBTITLE = etree.XPath(f'//h2[{has_class("mgSubTitleTxt")}]')
MAIN_TITLE = etree.XPath(f'//h1[{has_class("mgMainTitleTxt")}]')
VENUE = etree.XPath(f'//span[{has_class("mgLabel")}][starts-with(normalize-space(.), "Venue")]/following-sibling::text()')
ROWS = etree.XPath(f'//table[{has_class("mgItemTable")}]/tr[td] | //table[{has_class("mgItemTable")}]/tbody/tr[td]')
NUMBER = etree.XPath(f'./td[{has_class("mgItemNumberCell")}]')
CONTENT = etree.XPath(f'./td[not({has_class("mgItemNumberCell")})][1]')
ANCHOR = etree.XPath('.//a[starts-with(@name, "AI")]/@name')
TITLE = etree.XPath(f'.//p[{has_class("mgAiTitleTxt")}]')
TITLE_LINK = etree.XPath('.//a[@href]')
SECTIONS = etree.XPath(f'.//p[{has_class("mgSubItemTitleTxt")}] | .//div[{has_class("mgWordPara")}]'
                       f' | .//ul[{has_class("mgBulletList")}]')
LINKS = etree.XPath('.//a[@href]')
SIZE = etree.XPath(f'.//span[{has_class("mgFileSize")}]')
ACTION_LINKS = etree.XPath(f'//ul[{has_class("mgActionList")}]//a[@href]')
TEXT = etree.XPath('string()')


def text(node):
    return SPACES.sub(" ", TEXT(node)).strip()


def document(link, base):
    sizes = SIZE(link)
    return {"url": urljoin(base, link.get("href")), "title": text(link), "size": text(sizes[0]) if sizes else None}


def extract(data, url):
    root = html.fromstring(data)
    subtitle = SUBTITLE(root)
    main = MAIN_TITLE(root)
    meeting = {
        "subtitle": text(subtitle[0]) if subtitle else None,
        "main_title": text(main[0]) if main else None,
        "venue": SPACES.sub(" ", "".join(VENUE(root))).strip(),
        "items": [],
        "actions": [document(a, url) for a in ACTION_LINKS(root)],
    }
    for row in ROWS(root):
        content = CONTENT(row)
        titles = TITLE(content[0]) if content else []
        if not titles:
            continue
        numbers = NUMBER(row)
        anchors = ANCHOR(row)
        item = {"id": anchors[0] if anchors else "", "number": text(numbers[0]).rstrip(".") if numbers else "",
                "title": text(titles[0]), "documents": [], "text": [], "minutes": [], "decision": []}
        item["documents"] += [document(a, url) for a in TITLE_LINK(titles[0])]
        section = "text"
        for part in SECTIONS(content[0]):
            if part.tag == "p":
                label = text(part).lower()
                section = "minutes" if "minute" in label else "decision" if "decision" in label else \
                    "documents" if "document" in label else "other"
            elif part.tag == "div":
                if section in ("text", "minutes", "decision"):
                    item[section].append(text(part))
            elif section == "documents":
                item["documents"] += [document(a, url) for a in LINKS(part)]
        meeting["items"].append(item)
    return meeting


def meeting_yield(meeting):
    return 1 + len(meeting["items"]) + sum(len(i["documents"]) for i in meeting["items"]) + len(meeting["actions"])


def measure(case, seconds, max_parses):
    pages = []
    for page in case["pages"]:
        with open(page["path"], "rb") as f:
            pages.append((f.read(), page["url"]))
    total_yield = 0
    for data, url in pages:  # warm-up, and every page must read
        total_yield += meeting_yield(extract(data, url))
    parses = 0
    size = 0
    cpu_start = time.process_time()
    start = time.perf_counter()
    now = start
    while now - start < seconds and parses < max_parses:
        data, url = pages[parses % len(pages)]
        total_yield += meeting_yield(extract(data, url))
        size += len(data)
        parses += 1
        now = time.perf_counter()
    return {"name": case["name"], "pages": len(pages), "parses": parses, "bytes": size, "wall": now - start,
            "cpu": time.process_time() - cpu_start, "yield": total_yield}


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        manifest = json.load(f)
    for case in manifest["cases"]:
        print(json.dumps(measure(case, float(manifest["seconds"]), int(manifest["max_parses"]))), flush=True)


if __name__ == "__main__":
    main()
