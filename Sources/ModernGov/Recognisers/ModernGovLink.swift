import AgendaCore

/// What a link on a ModernGov page points at, read from its URL alone: ModernGov names its pages
/// and document folders the same way in every template, so these survive any re-skin.
enum ModernGovLink: Equatable {
    /// `mgAi.aspx?ID=N`: an agenda item's own page (also what "view the full minutes text for item
    /// N" links to). `id` is the item id it names, "AI" + N.
    case itemPage(id: String)
    /// `mgIssueHistoryHome.aspx?IId=` ("View the background to item 5."), `ieIssueDetails.aspx?IId=`:
    /// the issue an item is about.
    case issue
    /// The meeting's own documents: generated ones under `documents/g<ID>/` (frontsheet, printed
    /// minutes and decisions) and packs (`mgChooseDocPack.aspx`).
    case meetingDocument
    /// An item's document: `documents/s<ID>/…`, or a converted one (`mgConvert2PDF.aspx`).
    case itemDocument
    /// `ieListDocuments.aspx`: a meeting's page.
    case meetingPage
    /// Anything else: other pages, other files.
    case other

    init(_ url: WebURL) {
        if url.fileNameIs("mgai.aspx") {
            if let value = url.queryValue(["id"]), let number = Int(positiveID: value) {
                self = .itemPage(id: "AI\(number)")
            } else {
                self = .other
            }
        } else if url.fileNameIs("mgissuehistoryhome.aspx") || url.fileNameIs("ieissuedetails.aspx") {
            self = .issue
        } else if url.fileNameIs("mgchoosedocpack.aspx") || Self.isDocumentFolder(url, 0x67) { // 'g'
            self = .meetingDocument
        } else if url.fileNameIs("mgconvert2pdf.aspx") || Self.isDocumentFolder(url, 0x73) { // 's'
            self = .itemDocument
        } else if url.fileNameIs("ielistdocuments.aspx") {
            self = .meetingPage
        } else {
            self = .other
        }
    }

    /// True for a path with a `documents/<letter><digits>` segment pair (`letter` lower case; both
    /// compared ignoring case). A scan of the path's bytes, without strings: every link of a page
    /// comes through here, and splitting paths into strings was ~18% of reading a meeting page
    /// (libxml2 aside; perf, agenda-sync-bench).
    private static func isDocumentFolder(_ url: WebURL, _ letter: UInt8) -> Bool {
        var path = url.path
        return path.withUTF8 { path in
            var afterDocuments = false
            var i = 0
            while i < path.count {
                if path[i] == 0x2F { // '/'
                    i += 1
                    continue
                }
                let start = i
                while i < path.count, path[i] != 0x2F { i += 1 }
                let segment = UnsafeBufferPointer(rebasing: path[start ..< i])
                if afterDocuments, segment.count > 1, ByteText.lower(segment[0]) == letter, segment.dropFirst().allSatisfy(ByteText.isDigit) {
                    return true
                }
                afterDocuments = segment.count == 9 && ByteText.equalsLower(segment, 0, "documents")
            }
            return false
        }
    }
}

/// The id of an agenda item as ModernGov marks it: `<a name="AI51890">`, or an element with
/// `id="AI51890"`.
enum ItemAnchor {
    /// "AI" and digits only: the id ends up in notices and keys, so nothing else is accepted.
    static func isValid(_ name: String) -> Bool {
        var name = name
        return name.withUTF8(isValid)
    }

    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.count > 2 && bytes.count <= 14 && bytes[0] == 0x41 && bytes[1] == 0x49 && bytes.dropFirst(2).allSatisfy(ByteText.isDigit) // "AI"
    }

    /// The item id `element` carries as an anchor name (`a[name]`) or element id; nil for none. Every
    /// element of a page is asked, so the value is checked as bytes and a string made only for an anchor.
    static func id(of element: HTMLNode) -> String? {
        if element.is("a"), let name = element.withAttribute("name", validID) ?? nil { return name }
        return element.withAttribute("id", validID) ?? nil
    }

    /// True when `element` carries an item id (see `id(of:)`).
    static func isAnchor(_ element: HTMLNode) -> Bool {
        (element.is("a") && element.withAttribute("name", isValid) == true) || element.withAttribute("id", isValid) == true
    }

    private static func validID(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        isValid(bytes) ? String(decoding: bytes, as: UTF8.self) : nil
    }
}

/// An item's printed number as it stands alone in its cell: "54.", "6a", "12.1", "3(b)" — a digit
/// first, then digits, letters, dots and brackets, at most 12 characters.
enum PrintedNumber {
    static func isNumber(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard let first = bytes.first, ByteText.isDigit(first), bytes.count <= 12 else { return false }
        return bytes.allSatisfy { ByteText.isDigit($0) || ByteText.isAlpha($0) || $0 == 0x2E || $0 == 0x28 || $0 == 0x29 }
    }
}
