import Foundation
import Testing
import TestSupport

@Suite struct ConfigCommandTests {
    /// One source, one file subscription, everything in `folder`.
    static func validConfig(folder: String) -> String {
        """
        [daemon]
        database = "\(folder)/db.sqlite"
        user_agent = "agenda-sync-test/1.0 (+mailto:test@example.org)"

        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"
        committees = [1043]

        [[subscription]]
        id = "audit"
        channel = "file"
        path = "\(folder)/notices.jsonl"
        """
    }

    @Test func aValidConfigChecksOK() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let config = folder + "/agenda-sync.toml"
        try write(Self.validConfig(folder: folder), to: config)
        let result = try await AgendaSyncBinary.run(["check-config", "--config", config])
        #expect(result.status == 0)
        #expect(result.stdout.contains("\(config): OK"))
        let json = try await AgendaSyncBinary.run(["check-config", "--config", config, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["sources"] as? [String] == ["leics"])
        #expect(object["subscriptions"] as? [String] == ["audit"])
        #expect(!FileManager.default.fileExists(atPath: folder + "/db.sqlite"), "check-config creates nothing")
    }

    /// `agenda-sync check-config | head -1`, when head has gone: the command ends quietly with the
    /// status of a program SIGPIPE ended (it used to trap in Foundation with a crash report).
    @Test func aReaderThatWentAwayEndsTheCommandQuietly() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let config = folder + "/agenda-sync.toml"
        try write(Self.validConfig(folder: folder), to: config)
        // Python gives the binary a pipe whose read end is already closed: its first write fails.
        // Python ignores SIGPIPE and, with restore_signals=False, so does the child (as under a
        // parent that ignores it, like this test runner): the write fails with EPIPE, no signal.
        let result = try await ScriptProcess.run(executable: ScriptProcess.python, arguments: ["-c", """
            import os, subprocess, sys
            read, write = os.pipe()
            os.close(read)
            child = subprocess.run([sys.argv[1], "check-config", "--config", sys.argv[2]], stdout=write,
                                   stderr=subprocess.PIPE, timeout=60, restore_signals=False)
            print(child.returncode)
            sys.stdout.write(child.stderr.decode())
            """, AgendaSyncBinary.path, config], timeout: .seconds(90))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "141", "\(result.stdout)")
        #expect(!result.stdout.contains("crashed") && !result.stdout.contains("Fatal error"), "\(result.stdout)")
    }

    /// Output that cannot be written for another reason than a reader gone (here a full disk:
    /// /dev/full) is said on stderr with status 1 — not taken for a closed pipe (141), not lost.
    @Test func anOutputThatCannotBeWrittenIsAnErrorNotAPipeClosed() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let config = folder + "/agenda-sync.toml"
        try write(Self.validConfig(folder: folder), to: config)
        let result = try await ScriptProcess.run(executable: ScriptProcess.python, arguments: ["-c", """
            import subprocess, sys
            with open("/dev/full", "wb") as full:
                child = subprocess.run([sys.argv[1], "check-config", "--config", sys.argv[2]], stdout=full,
                                       stderr=subprocess.PIPE, timeout=60, restore_signals=False)
            print(child.returncode)
            sys.stdout.write(child.stderr.decode())
            """, AgendaSyncBinary.path, config], timeout: .seconds(90))
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "1", "\(result.stdout)")
        #expect(result.stdout.contains("agenda-sync: cannot write the output: "), "\(result.stdout)")
    }

    @Test func everyErrorNamesFileLineAndKey() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let config = folder + "/broken.toml"
        try write("""
            [daemon]
            user_agent = "agenda-sync-test/1.0 (+mailto:test@example.org)"
            interval = "soon"

            [[source]]
            id = "leics"
            name = "Leicestershire County Council"
            base_url = "ftp://democracy.leics.gov.uk/"
            """, to: config)
        let result = try await AgendaSyncBinary.run(["check-config", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(config):3: daemon.interval:"), "\(result.stderr)")
        #expect(result.stderr.contains("\(config):8: source[0].base_url:"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func aTOMLSyntaxErrorIsAUsageError() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let config = folder + "/syntax.toml"
        try write("[daemon\nuser_agent = \"x\"\n", to: config)
        let result = try await AgendaSyncBinary.run(["sync", "--config", config])
        #expect(result.status == 2)
        #expect(result.stderr.contains("\(config):1:"), "\(result.stderr)")
    }

    @Test func aMissingConfigFileIsAClearError() async throws {
        let result = try await AgendaSyncBinary.run(["status", "--config", "/nonexistent/agenda-sync.toml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/agenda-sync.toml"), "\(result.stderr)")
    }

    @Test func theConfigPathComesFromTheEnvironment() async throws {
        let result = try await AgendaSyncBinary.run(["check-config"],
                                                    environment: ["AGENDA_SYNC_CONFIG": "/nonexistent/from-env.toml"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("/nonexistent/from-env.toml"), "\(result.stderr)")
    }

    @Test func usageErrorsExitWith2() async throws {
        let unknown = try await AgendaSyncBinary.run(["frobnicate"])
        #expect(unknown.status == 2)
        let badMeeting = try await AgendaSyncBinary.run(["history", "not-a-meeting", "--config", "/nonexistent.toml"])
        #expect(badMeeting.status == 2)
    }

    @Test func theShippedExampleConfigIsValid() async throws {
        let example = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Config/agenda-sync.toml").path
        let result = try await AgendaSyncBinary.run(["check-config", "--config", example])
        #expect(result.status == 0, "\(result.stderr)")
    }

    /// `interval = "9223372036854775807s"` once passed check-config, and `run` then died (SIGILL) in
    /// its wake-up arithmetic: every duration key now has a maximum, checked before anything runs.
    @Test func anAbsurdIntervalIsRefusedWithItsKeyAndTheMaximum() async throws {
        let folder = try makeTemporaryFolder("agenda-cli")
        let config = folder + "/absurd.toml"
        try write("""
            [daemon]
            database = "\(folder)/db.sqlite"
            user_agent = "agenda-sync-test/1.0 (+mailto:test@example.org)"
            interval = "9223372036854775807s"

            [[source]]
            id = "leics"
            name = "Leicestershire County Council"
            base_url = "https://democracy.leics.gov.uk/"
            recheck_past = "31d"
            """, to: config)
        for command in ["check-config", "run", "sync"] {
            let result = try await AgendaSyncBinary.run([command, "--config", config])
            #expect(result.status == 2, "\(command): \(result.stderr)")
            if command == "run" {
                // The daemon logs the same lines in one journal event (quotes escaped).
                #expect(result.stderr.contains("<3>config.invalid"), "\(result.stderr)")
                #expect(result.stderr.contains(":4: daemon.interval: \\\"9223372036854775807s\\\" is longer than the maximum"),
                        "\(result.stderr)")
                continue
            }
            #expect(result.stderr.contains("\(config):4: daemon.interval: \"9223372036854775807s\" is longer than the "
                                           + "maximum, \"7d\""), "\(command): \(result.stderr)")
            #expect(result.stderr.contains("\(config):10: source[0].recheck_past: \"31d\" is longer than the maximum, \"30d\""),
                    "\(command): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: folder + "/db.sqlite"), "nothing ran")
    }
}
