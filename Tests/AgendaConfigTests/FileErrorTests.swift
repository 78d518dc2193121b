import AgendaConfig
import Foundation
import Testing

@Suite("Reading the config file")
final class FileErrorTests {
    let directory: String

    init() throws {
        directory = NSTemporaryDirectory() + "agenda-config-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: directory)
    }

    @Test func missingFile() throws {
        let path = directory + "/absent.toml"
        #expect(throws: ConfigError.fileNotFound(path: path)) { try ConfigLoader.load(path: path) }
        let error = ConfigError.fileNotFound(path: path)
        #expect(error.description == "\(path): config file not found (give another with --config PATH or $AGENDA_SYNC_CONFIG)")
        #expect(error.issues.isEmpty)
        #expect(error.exitStatus == 2)
    }

    @Test func aDirectoryIsNotAConfig() throws {
        #expect(throws: ConfigError.unreadable(path: directory, reason: "it is a directory, not a file")) {
            try ConfigLoader.load(path: directory)
        }
        #expect(ConfigError.unreadable(path: directory, reason: "it is a directory, not a file").description
            == "\(directory): cannot read config file: it is a directory, not a file")
    }

    @Test func notUTF8() throws {
        let path = directory + "/latin1.toml"
        try Data([0x23, 0x20, 0xA3, 0x0A]).write(to: URL(fileURLWithPath: path))  // "# £" in Latin-1
        #expect(throws: ConfigError.unreadable(path: path, reason: "it is not UTF-8 text")) { try ConfigLoader.load(path: path) }
    }

    @Test func endlessInputIsCutShort() throws {
        #expect(throws: ConfigError.unreadable(path: "/dev/zero", reason: "it is larger than 1 MiB, too large for a config file")) {
            try ConfigLoader.load(path: "/dev/zero")
        }
    }

    @Test func unreadableFile() throws {
        guard getuid() != 0 else { return }  // root reads anything; the message comes from strerror
        let path = directory + "/secret.toml"
        try Data("[daemon]\n".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: path)
        #expect(throws: ConfigError.unreadable(path: path, reason: "Permission denied")) { try ConfigLoader.load(path: path) }
    }

    @Test func errorsNameTheFileAsGiven() throws {
        let path = directory + "/bad.toml"
        try Data("[daemon]\nuser_agent = \"x\"\n".utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ConfigLoader.load(path: path)
            Issue.record("expected an error")
        } catch {
            #expect(error.issues.map(\.file) == [path, path])
            #expect(error.issues.map(\.line) == [1, 2])
        }
    }

    @Test func relativePathsFollowTheConfigFile() throws {
        let path = directory + "/agenda-sync.toml"
        try Data("""
        [daemon]
        database = "state/agenda.sqlite"
        user_agent = "agenda-sync/1.0 (+mailto:admin@example.org)"
        [[source]]
        id = "leics"
        name = "Leicestershire County Council"
        base_url = "https://democracy.leics.gov.uk/"
        [[subscription]]
        id = "audit"
        channel = "file"
        path = "./notices.jsonl"
        """.utf8).write(to: URL(fileURLWithPath: path))
        let config = try ConfigLoader.load(path: path)
        #expect(config.daemon.database == directory + "/state/agenda.sqlite")
        #expect(config.subscriptions[0].channel == .file(FileChannelSettings(path: directory + "/notices.jsonl")))
        // Files the config names need not exist when it is loaded.
        #expect(!FileManager.default.fileExists(atPath: directory + "/state"))
    }

    @Test func tildeIsRefused() {
        #expect(errorLines(minimalPrefix.replacingFirst("[daemon]\n", with: "[daemon]\ndatabase = \"~/agenda.sqlite\"\n")) == [
            "/etc/agenda-sync/agenda-sync.toml:2: daemon.database: \"~/agenda.sqlite\": \"~\" is not expanded; write the full path",
        ])
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
