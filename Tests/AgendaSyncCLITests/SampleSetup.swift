import Foundation
import SampleCouncil
import SampleCouncilTesting
import TestSupport

/// An admin's world for one test: the sample council on 127.0.0.1, and in a fresh folder a config
/// (source "sample", one file subscription "audit" writing `notices.jsonl`) and its database.
struct SampleSetup {
    var folder: String
    var config: String
    var site: SampleCouncilSite

    /// `baseURL`: the source's base URL when it is not the site's own; `extraSources`: more TOML
    /// after the sample source (e.g. another `[[source]]`).
    static func start(baseURL: String? = nil, extraSources: String = "", spacing: String = "5ms") async throws -> SampleSetup {
        let folder = try makeTemporaryFolder("agenda-cli")
        let site = SampleCouncilSite(testing: SampleCouncilData.content(reference: Date()))
        let base = try await site.start()
        let config = folder + "/agenda-sync.toml"
        try write("""
            [daemon]
            database = "\(folder)/agenda-sync.sqlite"
            user_agent = "agenda-sync-test/1.0 (+mailto:test@example.org)"
            request_spacing = "\(spacing)"

            [[source]]
            id = "sample"
            name = "Sample Borough Council"
            base_url = "\(baseURL ?? base.absoluteString)"
            \(extraSources)

            [[subscription]]
            id = "audit"
            channel = "file"
            path = "\(folder)/notices.jsonl"
            """, to: config)
        return SampleSetup(folder: folder, config: config, site: site)
    }

    /// The binary with `arguments` and this config.
    func run(_ arguments: [String]) async throws -> CommandResult {
        try await AgendaSyncBinary.run(arguments + ["--config", config])
    }

    /// `run` with `--json`, its output parsed.
    func json(_ arguments: [String]) async throws -> Any {
        let result = try await run(arguments + ["--json"])
        return try JSONSerialization.jsonObject(with: Data(result.stdout.utf8))
    }

    /// The lines of the subscription's notice file.
    var noticeLines: [String] {
        ((try? String(contentsOfFile: folder + "/notices.jsonl", encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }
}
