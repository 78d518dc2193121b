import AgendaModel
import Foundation
import SampleCouncil

/// Every meeting page of the sample council in every re-skin (`Reskin`) and byte form
/// (`PageBytes`), each with what a reader must make of it: the same typed meeting as from the page
/// as rendered, or an `unrecognised` failure. For tests that hold an extractor (the tree reader, a
/// streaming one) to "drift is never a change": enumerate `entries` and parse each page.
public struct DriftCorpus: Sendable {
    /// One page of the corpus.
    public struct Entry: Sendable {
        /// "classes-renamed/windows1252/2041": re-skin (or "rendered"), byte form, meeting number.
        public var name: String
        public var reskin: Reskin?
        public var bytes: PageBytes
        /// The meeting the page shows, as rendered.
        public var meeting: Meeting
        /// The page as rendered (2026 template, UTF-8): what `page` must read the same as.
        public var original: [UInt8]
        /// The page as served in this form.
        public var page: [UInt8]
        /// The `Content-Type` it is served with.
        public var contentType: String
        public var expectation: Reskin.Expectation

        /// The page URL (`meeting.url`): the address it is read from.
        public var url: String { meeting.url }
    }

    public var entries: [Entry]

    /// The corpus of `content`'s meetings that have items (default: the sample council around
    /// `reference`, without noise so that pages differ only by their form).
    public init(content: SiteContent) {
        var entries: [Entry] = []
        for meeting in content.meetings where !meeting.items.isEmpty {
            let rendered = ModernGovRenderer.meetingPage(meeting, noise: content.noise, site: content.style)
            for reskin in [nil] + Reskin.allCases.map(Optional.some) {
                let markup = reskin?.apply(to: rendered) ?? rendered
                for bytes in PageBytes.allCases {
                    let served = bytes.apply(to: .html(Data(markup.utf8), head: false))
                    entries.append(Entry(
                        name: "\(reskin?.rawValue ?? "rendered")/\(bytes.rawValue)/\(meeting.id.number)",
                        reskin: reskin, bytes: bytes, meeting: meeting, original: Array(rendered.utf8), page: Array(served.body),
                        contentType: served.headers["Content-Type"] ?? "text/html",
                        expectation: reskin?.expectation ?? .sameMeeting))
                }
            }
        }
        self.entries = entries
    }

    public init(reference: Date) {
        self.init(content: SampleCouncilData.content(reference: reference, noiseSeed: nil))
    }
}
