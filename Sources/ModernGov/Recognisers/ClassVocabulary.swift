/// Which of ModernGov's class names a page uses anywhere in its content.
///
/// Every part of a meeting page is recognised by its ModernGov class on a page that uses that
/// class at all, and by its structure only on a page that uses it nowhere — after a re-skin or an
/// upgrade renamed it. So a page in ModernGov's own markup is read exactly as it always was, a
/// renamed class does not make its parts vanish, and the structural rules never compete with the
/// classes on one page. Built from each element's `class` attribute in turn (`note`), so a
/// streaming reader can build it as it goes, or from a first pass.
struct ClassVocabulary: OptionSet, Hashable, Sendable {
    let rawValue: UInt32

    /// `table.mgItemTable` (or `#mgItemTable`): the agenda items.
    static let itemTable = ClassVocabulary(rawValue: 1 << 0)
    /// `td.mgItemNumberCell`: an item's printed number.
    static let numberCell = ClassVocabulary(rawValue: 1 << 1)
    /// `p.mgAiTitleTxt`: an item's title.
    static let itemTitle = ClassVocabulary(rawValue: 1 << 2)
    /// `p.mgSubItemTitleTxt`: "Additional documents:", "Minutes:", "Decision:".
    static let sectionLabel = ClassVocabulary(rawValue: 1 << 3)
    /// `div.mgWordPara`: agenda, minutes and decision text (Word's HTML).
    static let wordPara = ClassVocabulary(rawValue: 1 << 4)
    /// `ul.mgBulletList`: an item's additional documents.
    static let bulletList = ClassVocabulary(rawValue: 1 << 5)
    /// `ul.mgActionList`: the meeting's own documents (frontsheet, packs, printed minutes).
    static let actionList = ClassVocabulary(rawValue: 1 << 6)
    /// `span.mgFileSize`: "PDF 198 KB" inside a document link.
    static let fileSize = ClassVocabulary(rawValue: 1 << 7)
    /// `span.mgHide`: screen-reader text such as ", item 59." inside a document link.
    static let hidden = ClassVocabulary(rawValue: 1 << 8)
    /// `span.mgLabel`: "Venue:", "Contact:".
    static let label = ClassVocabulary(rawValue: 1 << 9)
    /// `h2.mgSubTitleTxt`: committee, date and time.
    static let subTitle = ClassVocabulary(rawValue: 1 << 10)
    /// `h1.mgMainTitleTxt`: "Agenda and minutes".
    static let mainTitle = ClassVocabulary(rawValue: 1 << 11)

    init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// The classes used in `content`'s subtree (the `#modgov` element).
    init(scanning content: HTMLNode) {
        self = []
        if content.isElement { note(content) }
        for node in content.descendants where node.isElement { note(node) }
    }

    /// Adds the ModernGov classes of one element (and `id="mgItemTable"`).
    mutating func note(_ element: HTMLNode) {
        if element.attribute("id", is: "mgItemTable") { insert(.itemTable) }
        element.withAttribute("class") { list in
            CString.forEachToken(in: list) { token in
                // Every name starts "mg": most tokens of other sites' markup are passed over at once.
                guard token.count >= 6, token[0] == 0x6D, token[1] == 0x67 else { return } // "mg"
                for (name, member) in Self.names where name.withUTF8Buffer({ token.elementsEqual($0) }) { insert(member) }
            }
        }
    }

    private static let names: [(StaticString, ClassVocabulary)] = [
        ("mgItemTable", .itemTable), ("mgItemNumberCell", .numberCell), ("mgAiTitleTxt", .itemTitle),
        ("mgSubItemTitleTxt", .sectionLabel), ("mgWordPara", .wordPara), ("mgBulletList", .bulletList),
        ("mgActionList", .actionList), ("mgFileSize", .fileSize), ("mgHide", .hidden), ("mgLabel", .label),
        ("mgSubTitleTxt", .subTitle), ("mgMainTitleTxt", .mainTitle),
    ]
}
