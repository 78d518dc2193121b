import Foundation
import SampleCouncil

/// urlwatch on the same corpus in the same run, for the comparison table: one `url` job per page the
/// sync reads (committee structure, meetings lists, meeting pages), its default configuration, a
/// baseline run and an unchanged run, each a child process measured like ours (CPU from wait4, peak
/// RSS from VmHWM); storage is its cache database. Optional: `--urlwatch PATH` or `URLWATCH=PATH`
/// (e.g. a venv outside the repository: `python3 -m venv V && V/bin/pip install urlwatch==2.29`).
enum UrlwatchBenchmark {
    struct Figures {
        var version: String
        var baseline: ChildResult
        var unchanged: ChildResult
        var storageAfterBaseline: Int
        var storageAfterUnchanged: Int
    }

    /// The urlwatch to run: `--urlwatch`, else `$URLWATCH`; nil when neither is given.
    static func binary(_ options: Options) throws -> String? {
        guard let path = options.urlwatch ?? ProcessInfo.processInfo.environment["URLWATCH"], !path.isEmpty else { return nil }
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw BenchError("no urlwatch at \(path) (--urlwatch / URLWATCH): install it in a venv, e.g. "
                + "python3 -m venv /work/venv-urlwatch && /work/venv-urlwatch/bin/pip install urlwatch==2.29")
        }
        return path
    }

    /// Every page one sync of `sites` reads.
    static func urls(_ sites: [SampleCouncilSite]) async -> [String] {
        var urls: [String] = []
        for site in sites {
            let content = await site.content
            var routes: [SiteRoute] = [.committeeStructure]
            routes += content.committees.map { .meetingList(committee: $0.id) }
            routes += content.meetings.map { .meeting(committee: $0.committee.id, meeting: $0.id.number) }
            for route in routes { if let url = await site.url(for: route) { urls.append(url.absoluteString) } }
        }
        return urls
    }

    static func run(binary: String, sites: [SampleCouncilSite], folder: String, timeout: Double) async throws -> Figures {
        let directory = folder + "/urlwatch"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let jobs = await urls(sites).map { "url: \(SyncBenchmark.quoted($0))\n" }.joined(separator: "---\n")
        try Data(jobs.utf8).write(to: URL(fileURLWithPath: directory + "/urls.yaml"))
        let cache = directory + "/cache.db"
        let arguments = [binary, "--urls", directory + "/urls.yaml", "--config", directory + "/urlwatch.yaml",
                         "--hooks", directory + "/hooks.py", "--cache", cache]
        _ = try await ChildProcess.run([binary, "--version"], stdout: directory + "/version.txt", stderr: directory + "/version.err",
                                       timeout: 60)
        let versionText = ((try? String(contentsOfFile: directory + "/version.txt", encoding: .utf8)) ?? "urlwatch ?")
            .trimmingCharacters(in: .whitespacesAndNewlines)
        var results: [ChildResult] = []
        var sizes: [Int] = []
        for name in ["baseline", "unchanged"] {
            Out.line("running: urlwatch \(name) …")
            let result = try await ChildProcess.run(arguments, stdout: directory + "/\(name).stdout.txt",
                                                    stderr: directory + "/\(name).stderr.txt", timeout: timeout)
            guard result.exitCode == 0 else {
                throw BenchError("urlwatch \(name) exited \(result.exitCode.map(String.init) ?? "on signal \(result.signal ?? 0)"); "
                    + "see \(directory)/\(name).stderr.txt")
            }
            results.append(result)
            sizes.append(["", "-wal", "-journal"].reduce(0) { total, suffix in
                total + (((try? FileManager.default.attributesOfItem(atPath: cache + suffix))?[.size] as? NSNumber)?.intValue ?? 0)
            })
        }
        return Figures(version: versionText, baseline: results[0], unchanged: results[1],
                       storageAfterBaseline: sizes[0], storageAfterUnchanged: sizes[1])
    }
}
