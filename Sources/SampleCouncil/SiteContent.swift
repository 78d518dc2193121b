import AgendaModel
import Foundation

/// What a sample ModernGov site serves: its committees and their meetings, and the noise
/// its pages carry. A plain value: scripted changes are edits of a copy, applied to a running
/// site with `SampleCouncilSite.update`.
///
/// Every URL in the meetings lies under `base` (e.g. "http://127.0.0.1:8080/"). Content is
/// usually built before its site has a port, against a placeholder base; the site rebases it
/// to the real one when it starts (`rebased(to:)`).
public struct SiteContent: Hashable, Sendable {
    /// The `MeetingID.source` of every meeting, e.g. "sample".
    public var sourceID: String
    public var councilName: String
    /// The site's base URL, ending in "/", e.g. "http://127.0.0.1:8080/" or "http://127.0.0.1:8080/moderngov/".
    public var base: String
    /// In the order of the committee structure page.
    public var committees: [Committee]
    /// Headings of the committee structure page, by committee id ("Committees" when absent).
    public var categories: [Int: String]
    /// All meetings of all committees; each lists under `meeting.committee.id`.
    public var meetings: [Meeting]
    public var noise: PageNoise

    /// The base that content uses before a site gives it a real one.
    public static let placeholderBase = "http://127.0.0.1/"

    public init(sourceID: String, councilName: String, base: String = SiteContent.placeholderBase,
                committees: [Committee], categories: [Int: String] = [:], meetings: [Meeting], noise: PageNoise = .none) {
        self.sourceID = sourceID
        self.councilName = councilName
        self.base = base.hasSuffix("/") ? base : base + "/"
        self.committees = committees
        self.categories = categories
        self.meetings = meetings
        self.noise = noise
    }

    /// The path part of `base`, e.g. "/" or "/moderngov/".
    public var basePath: String {
        guard let scheme = base.range(of: "://") else { return "/" }
        let afterHost = base[scheme.upperBound...]
        guard let slash = afterHost.firstIndex(of: "/") else { return "/" }
        return SiteStyle.normalisedPath(String(afterHost[slash...]))
    }

    public var style: SiteStyle {
        var style = SiteStyle.sample
        style.councilName = councilName
        style.basePath = basePath
        return style
    }

    public func committee(_ id: Int) -> Committee? {
        committees.first { $0.id == id }
    }

    public func meetings(ofCommittee id: Int) -> [Meeting] {
        meetings.filter { $0.committee.id == id }
    }

    public func meeting(_ number: Int) -> Meeting? {
        meetings.first { $0.id.number == number }
    }

    /// Edits one meeting in place; false when there is no such meeting.
    @discardableResult
    public mutating func updateMeeting(_ number: Int, _ body: (inout Meeting) throws -> Void) rethrows -> Bool {
        guard let index = meetings.firstIndex(where: { $0.id.number == number }) else { return false }
        try body(&meetings[index])
        return true
    }

    /// The canonical page of a meeting, as `Meeting.url` holds it.
    public func meetingURL(committee: Int, meeting: Int) -> String {
        "\(base)ieListDocuments.aspx?CId=\(committee)&MId=\(meeting)"
    }

    /// An absolute document URL under this site, with spaces percent-encoded:
    /// `documentURL("s111920", "Minutes of Previous Meeting.pdf")`.
    public func documentURL(_ folder: String, _ fileName: String) -> String {
        "\(base)documents/\(folder)/\(SiteContent.encodePath(fileName))"
    }

    /// The same content with every URL under `base` moved under `newBase`.
    public func rebased(to newBase: String) -> SiteContent {
        let target = newBase.hasSuffix("/") ? newBase : newBase + "/"
        guard target != base else { return self }
        var copy = self
        let old = base
        func move(_ url: String) -> String {
            url.hasPrefix(old) ? target + url.dropFirst(old.count) : url
        }
        copy.base = target
        for m in copy.meetings.indices {
            copy.meetings[m].url = move(copy.meetings[m].url)
            for a in copy.meetings[m].actionDocuments.indices {
                copy.meetings[m].actionDocuments[a].url = move(copy.meetings[m].actionDocuments[a].url)
            }
            for i in copy.meetings[m].items.indices {
                for d in copy.meetings[m].items[i].documents.indices {
                    copy.meetings[m].items[i].documents[d].url = move(copy.meetings[m].items[i].documents[d].url)
                }
            }
        }
        return copy
    }

    /// Percent-encodes what a URL path cannot hold as it is (spaces, "#", "?", "%", non-ASCII).
    static func encodePath(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case 0x30...0x39, 0x41...0x5A, 0x61...0x7A, UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                 UInt8(ascii: "~"), UInt8(ascii: "/"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","),
                 UInt8(ascii: "'"), UInt8(ascii: "&"), UInt8(ascii: "+"), UInt8(ascii: "="):
                out.append(Character(Unicode.Scalar(byte)))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
