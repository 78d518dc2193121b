import AgendaCore
import AgendaModel
import Foundation
@testable import SampleCouncil

enum Fixtures {
    /// Sunday 29 November 2026, 07:00 in London.
    static let reference = LondonDateTime(year: 2026, month: 11, day: 29, hour: 7, minute: 0)!.instant

    static func demo(noiseSeed: UInt64? = nil) -> SiteContent {
        SampleCouncilData.content(reference: reference, noiseSeed: noiseSeed)
    }

    static func demoMeeting(_ number: Int) -> Meeting {
        demo().meeting(number)!
    }
}

/// Starts a site for `content`, runs `body`, and always stops the site.
func withSite<T>(_ content: SiteContent = Fixtures.demo(), _ body: (SampleCouncilSite, URL) async throws -> T) async throws -> T {
    let site = SampleCouncilSite(testing: content)
    let base = try await site.start()
    do {
        let result = try await body(site, base)
        await site.stop()
        return result
    } catch {
        await site.stop()
        throw error
    }
}

enum PageInspection {
    /// The `AI…` anchors of a meeting page, in page order.
    static func anchors(_ page: String) -> [String] {
        matches(page, #"name="(AI[0-9]+)""#)
    }

    /// Every href, with a cookieless session segment removed (so "/(S(x))/a.aspx" and "a.aspx" compare equal).
    static func hrefs(_ page: String) -> [String] {
        matches(page, #"href\s*=\s*"([^"]*)""#).map(stripSession)
    }

    static func stripSession(_ href: String) -> String {
        guard let regex = try? Regex(#"^/?(.*?/)?\(S\([a-z0-5]+\)\)/"#), let match = href.firstMatch(of: regex) else { return href }
        let prefix = match.output[1].substring.map(String.init) ?? ""
        return prefix + href[match.range.upperBound...]
    }

    /// The page's text as a reader sees it: no comments, scripts or tags, whitespace collapsed.
    static func visibleText(_ page: String) -> String {
        var text = page
        for pattern in [#"<!--[\s\S]*?-->"#, #"<script[^>]*>[\s\S]*?</script>"#, #"<[^>]*>"#] {
            text = text.replacing(try! Regex(pattern), with: " ")
        }
        return text.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    static func matches(_ text: String, _ pattern: String) -> [String] {
        let regex = try! Regex(pattern)
        return text.matches(of: regex).compactMap { $0.output[1].substring.map(String.init) }
    }

    static func count(_ text: String, _ needle: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }
}
