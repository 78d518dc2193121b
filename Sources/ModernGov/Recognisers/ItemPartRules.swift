/// What an element inside an agenda item is: its title, a section label ("Minutes:"), a block of
/// text (Word's HTML), or a list of documents.
///
/// Each rule looks at one element — its name, its classes, and for labels and titles its text —
/// and at the page's `ClassVocabulary`, never at how the walk reached it; the one piece of order
/// a structural title needs (it comes before any other part of the item) is the caller's
/// `titleOpen`. So a streaming reader can apply the same rules to its elements as they close.
struct ItemPartRules {
    let vocabulary: ClassVocabulary

    enum Role: Equatable {
        case title
        case sectionLabel(SectionKind)
        case text
        case documentList
        case none
    }

    /// - Parameter titleOpen: the item has no title yet and no other part came before this element.
    func role(of node: HTMLNode, titleOpen: Bool) -> Role {
        guard node.isElement else { return .none }
        if vocabulary.contains(.itemTitle) {
            if node.hasClass("mgAiTitleTxt") { return .title }
        } else if titleOpen, isTitleCandidate(node) {
            let text = node.text(singleLine: true)
            if !text.isEmpty, !SectionKind.isLabelText(text) { return .title }
        }
        if vocabulary.contains(.sectionLabel) {
            if node.hasClass("mgSubItemTitleTxt") { return .sectionLabel(SectionKind(label: node.text(singleLine: true))) }
        } else if isLabelCandidate(node) {
            let text = node.text(singleLine: true)
            if SectionKind.isLabelText(text) { return .sectionLabel(SectionKind(label: text)) }
        }
        if vocabulary.contains(.wordPara) ? node.hasClass("mgWordPara") : node.is("div") { return .text }
        if vocabulary.contains(.bulletList) ? node.hasClass("mgBulletList") : (node.is("ul") || node.is("ol")) { return .documentList }
        return .none
    }

    /// A paragraph or heading, or a `div` holding only inline content: what a title is written as.
    private func isTitleCandidate(_ node: HTMLNode) -> Bool {
        node.is("p") || Self.isHeading(node) || (node.is("div") && !node.hasBlockDescendant)
    }

    private func isLabelCandidate(_ node: HTMLNode) -> Bool {
        node.is("p") || Self.isHeading(node) || ((node.is("div") || node.is("strong") || node.is("b")) && !node.hasBlockDescendant)
    }

    static func isHeading(_ node: HTMLNode) -> Bool {
        node.is("h1") || node.is("h2") || node.is("h3") || node.is("h4") || node.is("h5") || node.is("h6")
    }
}

/// The section an item's label opens: what the text blocks and document lists after it are.
enum SectionKind: Equatable {
    case agendaText, minutes, decision, documents, other

    init(label: String) {
        let l = label.lowercased()
        if l.containsIgnoringCase("minute") { self = .minutes }
        else if l.containsIgnoringCase("decision") || l.hasPrefix("resolved") { self = .decision }
        else if l.containsIgnoringCase("document") { self = .documents }
        else { self = .other }
    }

    /// Text that is a section label by its form alone: short, and ending in a colon ("Minutes:",
    /// "Additional documents:").
    static func isLabelText(_ text: String) -> Bool {
        text.hasSuffix(":") && text.utf8.count <= 60
    }
}

extension HTMLNode {
    /// True when a block element (a paragraph, a list, a table, a `div`…) lies below this one.
    var hasBlockDescendant: Bool {
        for node in descendants where node.startsParagraph && !node.is("br") { return true }
        return false
    }
}
