import AgendaConfig
import AgendaStore
import ArgumentParser
import Foundation

/// `--config PATH`, shared by every command.
struct ConfigOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The configuration file.", valueName: "path"))
    var config: String?

    var resolvedPath: String {
        ConfigPath.resolve(explicit: config, environment: ProcessInfo.processInfo.environment)
    }

    /// The loaded configuration; a config error prints every problem and exits 2. `requiringSources`
    /// false accepts a config with no `[[source]]` yet.
    func load(requiringSources: Bool = true) throws -> AgendaConfiguration {
        do {
            return try ConfigLoader.load(path: resolvedPath, requiringSources: requiringSources)
        } catch {
            Output.error("\(error)")
            throw ExitCode(2)
        }
    }

    /// The configured database, opened for the commands that only read: it must exist already.
    func openExistingStore(_ configuration: AgendaConfiguration) throws -> AgendaStore {
        let path = configuration.daemon.database
        guard FileManager.default.fileExists(atPath: path) else {
            Output.error("no database at \(path) yet: run `agenda-sync sync` first")
            throw ExitCode(2)
        }
        return try openStore(configuration)
    }

    /// The configured database, opened (created and migrated if needed). Exit 1 when it is busy or
    /// its disk full (that passes: try again), 2 when the path or the file needs an admin.
    func openStore(_ configuration: AgendaConfiguration) throws -> AgendaStore {
        do {
            return try AgendaStore(path: configuration.daemon.database)
        } catch {
            Output.error("\(error)")
            throw ExitCode(error.isTransient ? 1 : 2)
        }
    }
}

/// `--json`, for every command that prints data.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false
}
