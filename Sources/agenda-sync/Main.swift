import AgendaCore
import AgendaStore
import ArgumentParser
import Foundation

/// `agenda-sync`: watches UK councils' ModernGov meeting pages and tells people what changed.
struct AgendaSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agenda-sync",
        abstract: "Watch UK councils' ModernGov meeting pages and report typed changes.",
        discussion: """
            Every command reads --config (default /etc/agenda-sync/agenda-sync.toml, or $AGENDA_SYNC_CONFIG).
            Exit status: 0 success, 1 a source or delivery failed (the others still completed), 2 usage or config error.
            """,
        subcommands: [
            SyncCommand.self, RunCommand.self, CheckConfigCommand.self, StatusCommand.self, LogCommand.self, MeetingsCommand.self,
            ShowCommand.self, HistoryCommand.self, DiffCommand.self, HeldCommand.self, ReleaseCommand.self, RebaselineCommand.self,
            OutboxCommand.self, MailCommand.self, CouncilsCommand.self, CommitteesCommand.self, CheckSourceCommand.self,
            DemoCommand.self, BackupCommand.self, VacuumCommand.self,
        ])
}

@main
enum Main {
    static func main() async {
        do {
            var command = try AgendaSyncCommand.parseAsRoot()
            // The commands that run cycles map only the code pages they touch (CodePages: resident memory).
            if command is SyncCommand || command is RunCommand { CodePages.mapOnlyTouchedPages() }
            // Meeting times, the window and digest hours are UK time: without the zone, refuse to
            // start (exit 2, like a bad config) rather than run an hour off all summer.
            do { try LondonTime.load() } catch {
                Output.error("\(error)")
                exit(2)
            }
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            // ArgumentParser reports usage errors as 64 (EX_USAGE); our contract says 2.
            let code = AgendaSyncCommand.exitCode(for: error)
            if code == .validationFailure {
                let message = AgendaSyncCommand.fullMessage(for: error)
                FileHandle.standardError.write(Data((message + "\n").utf8))
                exit(2)
            }
            // The store's errors say what happened and what to do; no "Error:" prefix, no usage text.
            if let error = error as? StoreError {
                Output.error(error.description)
                exit(1)
            }
            AgendaSyncCommand.exit(withError: error)
        }
    }
}
