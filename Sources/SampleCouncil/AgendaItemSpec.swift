import AgendaModel

/// A compact description of an agenda item, turned into an `AgendaItem` with ModernGov-style
/// ids and document URLs. The first document becomes the item's title link, so it takes the
/// item's title; the others are its "Additional documents".
package struct AgendaItemSpec {
    package var title: String
    package var text: String?
    /// (title, file name, size text); the first title is ignored (the item's title is used).
    package var documents: [(title: String, file: String, size: String)] = []
    package var minutes: String?
    package var minutesTruncated = false
    package var decision: String?

    package init(_ title: String, text: String? = nil, documents: [(title: String, file: String, size: String)] = [],
         minutes: String? = nil, minutesTruncated: Bool = false, decision: String? = nil) {
        self.title = title
        self.text = text
        self.documents = documents
        self.minutes = minutes
        self.minutesTruncated = minutesTruncated
        self.decision = decision
    }

    /// Items numbered from `firstNumber`, with item ids from `firstItemID` and document folders from `firstDocumentID`.
    package static func build(_ specs: [AgendaItemSpec], content: SiteContent, firstNumber: Int, firstItemID: Int,
                      firstDocumentID: Int) -> [AgendaItem] {
        var documentID = firstDocumentID
        return specs.enumerated().map { index, spec in
            let documents = spec.documents.enumerated().map { position, document -> Document in
                defer { documentID += 1 }
                return Document(title: position == 0 ? spec.title : document.title,
                                url: content.documentURL("s\(documentID)", document.file), size: document.size)
            }
            return AgendaItem(id: "AI\(firstItemID + index)", number: String(firstNumber + index), title: spec.title,
                              text: spec.text, documents: documents,
                              minutes: spec.minutes.map { ItemSection(text: $0, truncated: spec.minutesTruncated) },
                              decision: spec.decision.map { ItemSection(text: $0, truncated: false) })
        }
    }
}
