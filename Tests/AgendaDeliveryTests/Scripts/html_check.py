"""What an HTML document or fragment is made of, as Python's html.parser reads it: the elements,
the links, the text, and anything an email or feed entry must not carry (scripts, images, style
sheets, remote resources, event handlers). Used by check_mail.py and check_feed.py."""
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Reader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags = set()
        self.hrefs = []
        self.text = []
        self.forbidden = []
        self.remote = []
        self.styled = 0
        self.open = []
        self.unbalanced = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag in ("script", "img", "style", "iframe", "object", "embed", "link", "form", "base"):
            self.forbidden.append(tag)
        for name, value in attrs:
            if name.startswith("on"):
                self.forbidden.append("%s[%s]" % (tag, name))
            if name == "style":
                self.styled += 1
            if name in ("src", "background", "srcset", "poster"):
                self.remote.append(value)
            if name == "href" and tag == "a":
                self.hrefs.append(value)
        if tag not in VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID and self.open and self.open[-1] == tag:
            self.open.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.unbalanced.append("</%s>" % tag)
        elif self.open and self.open[-1] == tag:
            self.open.pop()
        else:
            self.unbalanced.append("</%s> while %s open" % (tag, "/".join(self.open)))

    def handle_data(self, data):
        self.text.append(data)


def analyse(markup):
    reader = _Reader()
    reader.feed(markup)
    reader.close()
    return {
        "tags": sorted(reader.tags),
        "hrefs": reader.hrefs,
        "text": " ".join(" ".join(reader.text).split()),
        "forbidden": reader.forbidden,
        "remote": reader.remote,
        "styled_elements": reader.styled,
        "unbalanced": reader.unbalanced + ["<%s> never closed" % tag for tag in reader.open],
    }
