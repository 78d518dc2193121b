import Foundation
import SampleCouncil

/// How a sample site serves its pages' markup and bytes, for tests of "a page that changed shape
/// or encoding is not a change": a re-skin of its meeting pages (`Reskin`), and the byte form of
/// every page (`PageBytes`). Set with `SiteControls.setPageForm`.
public struct PageForm: Hashable, Sendable {
    /// Applied to meeting pages (`ieListDocuments.aspx`); nil: as rendered.
    public var reskin: Reskin?
    public var bytes: PageBytes

    public init(reskin: Reskin? = nil, bytes: PageBytes = .utf8) {
        self.reskin = reskin
        self.bytes = bytes
    }

    /// As `ModernGovRenderer` renders: the 2026 template, UTF-8, declared in the header and a `<meta>`.
    public static let rendered = PageForm()
}

/// The byte form a page is served in: what an IIS setting decides.
public enum PageBytes: String, CaseIterable, Hashable, Sendable {
    /// UTF-8, `Content-Type: text/html; charset=utf-8` and `<meta charset="utf-8">` (as rendered).
    case utf8
    /// windows-1252, with no charset anywhere: `Content-Type: text/html`, no `<meta charset>`.
    case windows1252
    /// windows-1252, `Content-Type: text/html`, and `<meta charset="windows-1252">` in the page.
    case windows1252MetaCharset = "windows1252-meta-charset"

    /// `response` (a rendered page, UTF-8) in this form; responses other than a 200 pass unchanged.
    func apply(to response: SiteResponse) -> SiteResponse {
        guard self != .utf8, response.status == 200, !response.body.isEmpty else { return response }
        var page = String(decoding: response.body, as: UTF8.self)
        let declaration = self == .windows1252 ? "" : "<meta charset=\"windows-1252\">"
        page = page.replacing(#/<meta\s+charset\s*=\s*["']?utf-8["']?\s*\/?>/#.ignoresCase(), with: declaration)
        var served = response
        served.body = Data(Self.windows1252(page))
        served.headers["Content-Type"] = "text/html"
        return served
    }

    /// `text` in windows-1252; a character it cannot hold becomes a numeric character reference.
    static func windows1252(_ text: String) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 || (0xA0 ... 0xFF).contains(value) {
                out.append(UInt8(value))
            } else if let index = windows1252High.firstIndex(of: value) {
                out.append(0x80 + UInt8(index))
            } else {
                out += Array("&#\(value);".utf8)
            }
        }
        return out
    }

    /// Code points of windows-1252's bytes 0x80–0x9F (0 where a byte is unassigned).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}
