import AgendaConfig
import AgendaCore
import AgendaSync
import Foundation
import Testing

@Suite("Backoff and host keys")
struct BackoffTests {
    let backoff = Backoff(base: 60, cap: 6 * 3_600)

    @Test func ceilingDoublesUpToTheCap() {
        #expect(backoff.ceiling(failures: 0) == 0)
        #expect((1...8).map { backoff.ceiling(failures: $0) } == [120, 240, 480, 960, 1_920, 3_840, 7_680, 15_360])
        #expect(backoff.ceiling(failures: 9) == 21_600)
        #expect(backoff.ceiling(failures: 10_000) == 21_600, "no overflow, still the cap")
    }

    @Test func fullJitterSpansZeroToTheCeiling() {
        #expect(backoff.delay(failures: 3, random: { $0.lowerBound }) == 0)
        #expect(backoff.delay(failures: 3, random: { $0.upperBound }) == 480)
        #expect(backoff.delay(failures: 3, random: { _ in 1e9 }) == 480, "a bad generator cannot exceed the ceiling")
        #expect(backoff.delay(failures: 0) == 0)
    }

    /// H4: "non-zero jitter variance" — the real generator spreads delays over the whole range.
    @Test func realJitterVaries() {
        let delays = (0..<2_000).map { _ in backoff.delay(failures: 4) }
        #expect(delays.allSatisfy { (0...960).contains($0) })
        let mean = delays.reduce(0, +) / Double(delays.count)
        let variance = delays.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(delays.count)
        #expect((400...560).contains(mean), "uniform over 0…960 has mean 480: \(mean)")
        #expect(variance > 50_000, "uniform over 0…960 has variance 76 800: \(variance)")
        #expect(Set(delays.map { Int($0 / 96) }).count == 10, "every tenth of the range is hit")
    }

    @Test func settingsComeFromTheDaemonTable() {
        let daemon = DaemonConfiguration(userAgent: "x (+mailto:a@b.example)", requestSpacing: ConfigDuration(milliseconds: 250)!,
                                         robotsCache: ConfigDuration(seconds: 3_600)!, backoffBase: ConfigDuration(seconds: 30)!,
                                         backoffCap: ConfigDuration(seconds: 600)!)
        let settings = PolitenessSettings(daemon: daemon)
        #expect(settings.requestSpacing == .milliseconds(250))
        #expect(settings.robotsCache == 3_600)
        #expect(settings.backoff == Backoff(base: 30, cap: 600))
        #expect(settings.errorsPerCycle == 3)
        #expect(settings.defaultPause == 60)
    }

    @Test func hostKeys() {
        let key = WebURL.Origin(url: "HTTPS://Democracy.Leics.gov.uk/ieListDocuments.aspx?CId=1&MId=2")
        #expect(key?.description == "https://democracy.leics.gov.uk")
        #expect(key?.port == 443)
        #expect(key == WebURL.Origin(url: "https://democracy.leics.gov.uk:443/mgCommitteeStructure.aspx"))
        #expect(key != WebURL.Origin(url: "http://democracy.leics.gov.uk/"), "the scheme is part of the key")
        #expect(WebURL.Origin(url: "http://127.0.0.1:8080/x")?.robotsURL == "http://127.0.0.1:8080/robots.txt")
        #expect(WebURL.Origin(url: "http://[::1]:8080/x")?.description == "http://[::1]:8080")
        #expect(WebURL.Origin(url: "file:///etc/passwd") == nil)
        #expect(WebURL.Origin(url: "not a url") == nil)
    }
}
