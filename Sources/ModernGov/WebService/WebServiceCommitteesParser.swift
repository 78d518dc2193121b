/// A committee as `GetCommittees` lists it.
public struct WebServiceCommittee: Hashable, Sendable {
    public var id: Int
    public var title: String
    /// `committeeexpired`: the committee no longer meets (ModernGov keeps it for its archive).
    public var expired: Bool
    /// `committeedeleted`.
    public var deleted: Bool

    public init(id: Int, title: String, expired: Bool, deleted: Bool) {
        self.id = id
        self.title = title
        self.expired = expired
        self.deleted = deleted
    }

    /// Whether a source that does not name its committees watches this one: neither expired nor deleted.
    public var isCurrent: Bool { !expired && !deleted }
}

/// Reads `mgWebService.asmx/GetCommittees` (`<committees>`): every committee, in the response's order.
public struct WebServiceCommitteesParser: Sendable {
    public init() {}

    public func parse(_ body: [UInt8]) throws(ModernGovPageError) -> [WebServiceCommittee] {
        try WebServiceDocument(body, expectedRoot: "committees").withRoot { root throws(ModernGovPageError) in
            var committees: [WebServiceCommittee] = []
            for element in root.children("committee") {
                guard let id = element.id("committeeid") else {
                    throw .notWebServiceResponse(reason: "a <committee> without a committeeid")
                }
                committees.append(WebServiceCommittee(id: id, title: TextNormalizer.line(element.string("committeetitle")),
                                                      expired: element.flag("committeeexpired") ?? false,
                                                      deleted: element.flag("committeedeleted") ?? false))
            }
            if let count = Int(root.string("committeescount")), count != committees.count {
                throw .truncated(reason: "committeescount says \(count), the response lists \(committees.count)")
            }
            return committees
        }
    }
}
