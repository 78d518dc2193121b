import AgendaStore
import ArgumentParser
import Foundation

/// `backup PATH`: a consistent copy of the live database, checked (docs/operations.md, "Backup and restore").
struct BackupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Write a consistent copy of the database to PATH (safe while the daemon runs), then check it.",
        discussion: """
            SQLite's online backup copies the database as one snapshot; the copy is checked with integrity_check \
            before it is given its name. PATH must not exist yet. To restore: stop the daemon, copy the backup over \
            the configured database (removing its -wal and -shm files), start the daemon. \
            Exit status 1 when the copy fails its check or the database is busy, 2 for an unusable PATH.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption
    @Argument(help: ArgumentHelp("The new file to write.", valueName: "path")) var path: String

    func run() throws {
        let configuration = try options.load()
        let target = URL(fileURLWithPath: path).standardizedFileURL.path
        let directory = (target as NSString).deletingLastPathComponent
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            Output.error("backup \(path): directory \(directory) does not exist")
            throw ExitCode(2)
        }
        guard !FileManager.default.fileExists(atPath: target) else {
            Output.error("backup \(path): the file exists already; name a new file (a backup never overwrites one)")
            throw ExitCode(2)
        }
        guard target != configuration.daemon.database else {
            Output.error("backup \(path): that is the database itself")
            throw ExitCode(2)
        }
        let store = try options.openExistingStore(configuration)
        let result = try store.backup(to: target)
        if output.json {
            try Output.json(result)
        } else if result.integrity == "ok" {
            Output.line("backup: \(result.path), \(Output.bytes(result.bytes)), integrity_check ok")
        }
        guard result.integrity == "ok" else {
            Output.error("backup \(path): the copy failed integrity_check and was removed: \(result.integrity)")
            throw ExitCode(1)
        }
    }
}

/// `vacuum`: give the space retention freed back to the file system.
struct VacuumCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vacuum",
        abstract: "Rebuild the database file so that it shrinks to what its rows need (after lowering a retention).",
        discussion: """
            Retention frees space inside the file, which later writes reuse; vacuum gives it back to the file system. \
            It needs free disk space about the size of the database and holds the write lock while it runs: \
            run it while the daemon is stopped or quiet. Exit status 1 when the database is busy.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let configuration = try options.load()
        let store = try options.openExistingStore(configuration)
        let result = try store.vacuum()
        if output.json {
            try Output.json(result)
        } else {
            Output.line("vacuum: \(store.path) \(Output.bytes(result.bytesBefore)) → \(Output.bytes(result.bytesAfter))")
        }
    }
}
