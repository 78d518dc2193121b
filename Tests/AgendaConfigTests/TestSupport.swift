import AgendaConfig
import Foundation
import Testing

/// The path the tests pretend their config text was read from.
let configPath = "/etc/agenda-sync/agenda-sync.toml"

/// The repository's root, found from this file's location (Tests/AgendaConfigTests/TestSupport.swift),
/// with symlinks resolved (a development package may link the test directory in).
func repositoryRoot(filePath: String = #filePath) -> String {
    let resolved = URL(fileURLWithPath: filePath).resolvingSymlinksInPath().path
    var components = resolved.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast(3)
    return components.joined(separator: "/")
}

/// A file under Tests/AgendaConfigTests/Fixtures.
func fixturePath(_ name: String, filePath: String = #filePath) -> String {
    var components = filePath.split(separator: "/", omittingEmptySubsequences: false)
    components.removeLast()
    return (components + ["Fixtures", Substring(name)]).joined(separator: "/")
}

/// Parses text that must be valid.
func parseValid(_ text: String, path: String = configPath, sourceLocation: SourceLocation = #_sourceLocation) throws -> AgendaConfiguration {
    do {
        return try ConfigLoader.parse(text: text, path: path)
    } catch {
        Issue.record("expected a valid config, got:\n\(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// The error for text that must be invalid (nil, with a recorded failure, if it parsed).
func parseError(_ text: String, path: String = configPath, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
    do {
        let configuration = try ConfigLoader.parse(text: text, path: path)
        Issue.record("expected an error, got \(configuration)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// The rendered error lines for text that must be invalid.
func errorLines(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [String] {
    parseError(text, sourceLocation: sourceLocation)?.issues.map(\.description) ?? []
}

/// A valid [daemon] and one [[source]], seven lines long; tests append to it, so their own
/// lines start at 8.
let minimalPrefix = """
[daemon]
user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"

[[source]]
id = "leics"
name = "Leicestershire County Council"
base_url = "https://democracy.leics.gov.uk/"

"""
