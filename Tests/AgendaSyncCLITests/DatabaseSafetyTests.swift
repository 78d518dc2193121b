import Foundation
import SampleCouncil
import Testing
import TestSupport

/// The database and the notice files under conditions an admin meets: a notice path that names the
/// database, a busy database, a full disk. Real binary, real SQLite file, real file systems (a tmpfs
/// in a private mount namespace for the full disk).
@Suite struct DatabaseSafetyTests {
    struct Setup {
        var folder: String
        var config: String
        var database: String
        var site: SampleCouncilSite
    }

    /// A sample council and a config whose one file subscription writes to `noticePath` (default
    /// `FOLDER/notices.jsonl`); `notify_existing` makes the baseline write notices.
    func start(noticePath: String? = nil, database: String? = nil, notifyExisting: Bool = true) async throws -> Setup {
        let folder = try makeTemporaryFolder("agenda-cli")
        let site = SampleCouncilSite(content: SampleCouncilData.content(reference: Date()))
        let base = try await site.start()
        let config = folder + "/agenda-sync.toml"
        let databasePath = database ?? folder + "/agenda-sync.sqlite"
        try write("""
            [daemon]
            database = "\(databasePath)"
            user_agent = "agenda-sync-test/1.0 (+mailto:test@example.org)"
            request_spacing = "1ms"

            [[source]]
            id = "sample"
            name = "Sample Borough Council"
            base_url = "\(base.absoluteString)"
            notify_existing = \(notifyExisting)

            [[subscription]]
            id = "audit"
            channel = "file"
            path = "\(noticePath ?? folder + "/notices.jsonl")"
            """, to: config)
        return Setup(folder: folder, config: config, database: databasePath, site: site)
    }

    /// `PRAGMA integrity_check` by Python's sqlite3 module (an independent reader of the file).
    func integrityCheck(_ database: String) async throws -> String {
        let result = try await run(ScriptProcess.python, ["-c", """
            import sqlite3, sys
            try:
                print(sqlite3.connect(sys.argv[1]).execute("PRAGMA integrity_check").fetchone()[0])
            except Exception as error:
                print("error:", error)
            """, database])
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func checkConfigRefusesANoticeFileThatIsTheDatabase() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let setup = try await start(noticePath: folder + "/agenda-sync.sqlite", database: folder + "/agenda-sync.sqlite")
        defer { Task { await setup.site.stop() } }
        let check = try await AgendaSyncBinary.run(["check-config", "--config", setup.config])
        #expect(check.status == 2)
        #expect(check.stderr.contains("subscription[0].path: the notice file \"\(folder)/agenda-sync.sqlite\" is the database"),
                "\(check.stderr)")
    }

    @Test func aNoticeFileLinkedToTheDatabaseIsRefusedAndTheDatabaseSurvives() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let link = folder + "/notices.jsonl"
        let setup = try await start(noticePath: link, database: folder + "/agenda-sync.sqlite")
        defer { Task { await setup.site.stop() } }
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: setup.database)
        for round in 1...3 {
            await setup.site.update { $0.demoAddDocument() }
            let sync = try await AgendaSyncBinary.run(["sync", "--config", setup.config])
            // The first round's failure holds the rest back until its retry (a minute): nothing is written.
            if round == 1 {
                #expect(sync.status == 1, "\(sync.stdout)\(sync.stderr)")
                #expect(sync.stdout.contains("delivery error: audit: refusing to write notices to \(link): it is a symbolic link"),
                        "\(sync.stdout)")
            }
            #expect(sync.stdout.contains("delivery: 0 delivered"), "round \(round): \(sync.stdout)")
        }
        #expect(try await integrityCheck(setup.database) == "ok")
        let status = try await AgendaSyncBinary.run(["outbox", "--config", setup.config, "--json"])
        #expect(status.status == 0, "\(status.stderr)")
    }

    @Test func aNotifyExistingBaselineIsNotCalledSilent() async throws {
        let setup = try await start(notifyExisting: true)
        defer { Task { await setup.site.stop() } }
        let sync = try await AgendaSyncBinary.run(["sync", "--config", setup.config])
        #expect(sync.status == 0, "\(sync.stderr)")
        #expect(!sync.stdout.contains("silent"), "\(sync.stdout)")
        #expect(sync.stdout.contains("baseline (notify_existing: every meeting announced)"), "\(sync.stdout)")
        let lines = try String(contentsOfFile: setup.folder + "/notices.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count > 3)

        let quiet = try await start(notifyExisting: false)
        defer { Task { await quiet.site.stop() } }
        let silent = try await AgendaSyncBinary.run(["sync", "--config", quiet.config])
        #expect(silent.status == 0, "\(silent.stderr)")
        #expect(silent.stdout.contains("baseline (silent)"), "\(silent.stdout)")
    }

    @Test func aFullDiskUnderTheNoticeFileIsReportedAsSuch() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let full = folder + "/full"
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        let setup = try await start(noticePath: full + "/notices.jsonl", database: folder + "/agenda-sync.sqlite")
        defer { Task { await setup.site.stop() } }
        // A 16 KiB tmpfs with 12 KiB taken: the baseline's notices fill the rest part-way through a line.
        let sync = try await runOnSmallTmpfs(full, filler: 12 * 1024, ["sync", "--config", setup.config])
        #expect(sync.status == 1, "\(sync.stdout)\(sync.stderr)")
        #expect(sync.stdout.contains("delivery error: audit: write \(full)/notices.jsonl: No space left on device"),
                "\(sync.stdout)\(sync.stderr)")
        #expect(!sync.stdout.contains("Input/output error"))
    }

    @Test func aFullDiskUnderTheDatabaseIsExit1WithAdvice() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let full = folder + "/full"
        try FileManager.default.createDirectory(atPath: full, withIntermediateDirectories: true)
        let setup = try await start(database: full + "/agenda-sync.sqlite")
        defer { Task { await setup.site.stop() } }
        let sync = try await runOnSmallTmpfs(full, filler: 16 * 1024, ["sync", "--config", setup.config])
        #expect(sync.status == 1, "\(sync.stdout)\(sync.stderr)")
        #expect(sync.stderr.contains("the disk is full"), "\(sync.stderr)")
        #expect(sync.stderr.contains("free space"), "\(sync.stderr)")
    }

    @Test func aSyncThatFindsTheDatabaseBusySaysSoAndIsNotASourceFailure() async throws {
        let setup = try await start(notifyExisting: false)
        defer { Task { await setup.site.stop() } }
        let baseline = try await AgendaSyncBinary.run(["sync", "--config", setup.config])
        #expect(baseline.status == 0, "\(baseline.stderr)")

        // Another process holds the write lock for as long as this test needs.
        let holder = try await DatabaseLockHolder(database: setup.database, logPath: setup.folder + "/holder.log")

        let busy = try await AgendaSyncBinary.run(["sync", "--config", setup.config, "--json"])
        #expect(busy.status == 1, "\(busy.stdout)\(busy.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(busy.stdout.utf8)) as? [String: Any],
                                  "\(busy.stdout)\(busy.stderr)")
        let source = try #require((report["sources"] as? [[String: Any]])?.first)
        #expect(source["outcome"] as? String == "busy")
        #expect((source["error"] as? String)?.hasPrefix("another sync/run holds the database") == true, "\(source)")

        await holder.stop()
        let after = try await AgendaSyncBinary.run(["sync", "--config", setup.config])
        #expect(after.status == 0, "\(after.stdout)\(after.stderr)")
        let status = try await AgendaSyncBinary.run(["status", "--config", setup.config, "--json"])
        let sources = try #require((try JSONSerialization.jsonObject(with: Data(status.stdout.utf8)) as? [String: Any])?["sources"]
            as? [[String: Any]])
        #expect(sources.first?["consecutive_failures"] as? Int == 0, "\(status.stdout)")
        #expect(sources.first?["last_error"] == nil || sources.first?["last_error"] is NSNull, "\(status.stdout)")
    }

    // MARK: Helpers

    /// Runs the binary in a private mount namespace with a 16 KiB tmpfs on `directory`, `filler`
    /// bytes of it already taken. We run as root (CI does); without it this fails, never skips.
    func runOnSmallTmpfs(_ directory: String, filler: Int, _ arguments: [String]) async throws -> CommandResult {
        let script = """
            mount -t tmpfs -o size=16k agenda-full "$1" || exit 97
            head -c \(filler) /dev/zero > "$1/filler" 2>/dev/null
            shift
            exec "$@"
            """
        let result = try await run("/usr/bin/unshare", ["-m", "/bin/sh", "-c", script, "sh", directory, AgendaSyncBinary.path]
                                   + arguments)
        #expect(result.status != 97, "cannot mount a tmpfs (needs root): \(result.stderr)")
        return result
    }

    /// Runs any program to completion (bounded), in the environment `AgendaSyncBinary.run` gives ours.
    func run(_ executable: String, _ arguments: [String]) async throws -> CommandResult {
        try await ScriptProcess.run(executable: executable, arguments: arguments, environment: AgendaSyncBinary.environment())
    }
}
