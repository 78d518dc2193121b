@testable import AgendaConfig
import Foundation
import Testing

/// docs/configuration.md lists every key the decoders accept, section by section; these tests keep
/// the two in step, so the reference cannot drift from the code.
@Suite("docs/configuration.md matches the decoders")
struct ConfigurationReferenceTests {
    let reference: ConfigurationReference

    init() throws {
        let path = repositoryRoot() + "/docs/configuration.md"
        reference = ConfigurationReference(markdown: try String(contentsOfFile: path, encoding: .utf8))
    }

    @Test("the top-level tables")
    func topLevel() {
        #expect(reference.tableNames == Set(ConfigDecoder.topLevelKeys))
    }

    @Test("[daemon] and its window table")
    func daemon() {
        #expect(reference.keys(in: "[daemon]") == Set(DaemonDecoder.keys))
        #expect(reference.keys(in: "window") == Set(DaemonDecoder.windowKeys))
    }

    @Test("[[source]]")
    func source() {
        #expect(reference.keys(in: "[[source]]") == Set(SourceDecoder.keys))
    }

    @Test("[[subscription]]: the keys every subscription has, and each channel's own")
    func subscription() {
        #expect(reference.keys(in: "[[subscription]]") == Set(SubscriptionDecoder.commonKeys))
        #expect(reference.channels == Set(SubscriptionDecoder.channels))
        for channel in SubscriptionDecoder.channels {
            #expect(reference.keys(in: "channel = \"\(channel)\"") == Set(SubscriptionDecoder.channelKeys[channel] ?? []),
                    "channel \(channel)")
        }
    }

    @Test("the reader itself: a key missing from a table is seen")
    func readerSeesDifferences() {
        let text = """
            ## `[daemon]`
            | key | type | default | meaning |
            |---|---|---|---|
            | `database` | path | | x |

            ### `channel = "file"`
            | key | type | default | meaning |
            |---|---|---|---|
            | `path` | path | | x |
            """
        let small = ConfigurationReference(markdown: text)
        #expect(small.keys(in: "[daemon]") == ["database"])
        #expect(small.keys(in: "[daemon]") != Set(DaemonDecoder.keys))
        #expect(small.channels == ["file"])
        #expect(small.tableNames == ["daemon"])
    }
}

/// The keys of docs/configuration.md: each heading whose text is one code span names a section
/// (`[daemon]`, `window`, `[[source]]`, `channel = "file"`), and the first column of the table rows
/// under it holds that section's keys, each as a code span.
struct ConfigurationReference {
    private var sections: [String: Set<String>] = [:]

    init(markdown: String) {
        var current: String?
        for line in markdown.split(separator: "\n", omittingEmptySubsequences: false) {
            let text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("#") {
                let heading = text.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                current = heading.count > 2 && heading.hasPrefix("`") && heading.hasSuffix("`")
                    ? String(heading.dropFirst().dropLast()) : nil
                if let current { sections[current, default: []] = sections[current] ?? [] }
                continue
            }
            guard let current, text.hasPrefix("| `") else { continue }
            let cell = text.dropFirst(3).prefix { $0 != "`" }
            sections[current, default: []].insert(String(cell))
        }
    }

    func keys(in section: String) -> Set<String> { sections[section] ?? [] }

    /// "daemon", "source", "subscription": the sections written as `[name]` or `[[name]]`.
    var tableNames: Set<String> {
        Set(sections.keys.filter { $0.hasPrefix("[") }.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "[]")) })
    }

    /// The channels with a section of their own (`channel = "file"` → "file").
    var channels: Set<String> {
        let prefix = "channel = \""
        return Set(sections.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count).dropLast()) })
    }
}
