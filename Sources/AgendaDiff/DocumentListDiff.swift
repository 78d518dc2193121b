import AgendaModel

/// A document link reduced to what the diff needs. `group` scopes replacement pairing:
/// "" for an item's documents, the action-document kind for the action list.
struct DocumentRef: Equatable {
    var title: String
    var url: String
    var group: String
    /// On another web site than the council's.
    var external: Bool
    /// The council's id for the document (see `DocumentIdentity`).
    var identity: String

    /// `site`: the directory of the meeting page the link is on.
    init(title: String, url: String, group: String, external: Bool, site: String?) {
        self.title = title
        self.url = url
        self.group = group
        self.external = external
        identity = DocumentIdentity.of(url: url, external: external, site: site)
    }

    init(_ document: Document, site: String?) {
        self.init(title: document.title, url: document.url, group: "", external: document.external, site: site)
    }

    init(_ document: ActionDocument, site: String?) {
        self.init(title: document.title, url: document.url, group: document.kind.rawValue, external: document.external,
                  site: site)
    }
}

/// Compares two unordered document lists by identity.
///
/// - Same identity on both sides: the same document; a new title or size is not reported.
/// - An identity gone and a new one with the same title in the same group: replaced
///   (the council uploaded a new file for the same paper). Pairs form in page order.
/// - Otherwise: added / removed.
/// Order and duplicate links carry no meaning, so neither creates a change.
struct DocumentListDiff {
    var added: [DocumentRef] = []
    var removed: [DocumentRef] = []
    var replaced: [(old: DocumentRef, new: DocumentRef)] = []

    init(old: [DocumentRef], new: [DocumentRef]) {
        let oldDocuments = Self.unique(old)
        let newDocuments = Self.unique(new)
        let oldIdentities = Set(oldDocuments.map(\.identity))
        let newIdentities = Set(newDocuments.map(\.identity))

        var gone = oldDocuments.filter { !newIdentities.contains($0.identity) }
        for document in newDocuments where !oldIdentities.contains(document.identity) {
            if let match = gone.firstIndex(where: { $0.group == document.group && $0.title == document.title }) {
                replaced.append((gone.remove(at: match), document))
            } else {
                added.append(document)
            }
        }
        removed = gone
    }

    var isEmpty: Bool { added.isEmpty && removed.isEmpty && replaced.isEmpty }

    /// First occurrence of each identity, in page order.
    private static func unique(_ documents: [DocumentRef]) -> [DocumentRef] {
        var seen = Set<String>()
        return documents.filter { seen.insert($0.identity).inserted }
    }
}
