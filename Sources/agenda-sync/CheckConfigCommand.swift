import AgendaConfig
import ArgumentParser
import Foundation

struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate the configuration; every error names the file, line and key.")

    @OptionGroup var options: ConfigOptions
    @OptionGroup var output: JSONOption

    struct Summary: Encodable {
        var path: String
        var valid: Bool
        var sources: [String]
        var subscriptions: [String]
        var database: String
    }

    func run() throws {
        let configuration = try options.load()
        let summary = Summary(path: options.resolvedPath, valid: true, sources: configuration.sources.map(\.id),
                              subscriptions: configuration.subscriptions.map(\.id),
                              database: configuration.daemon.database)
        if output.json { try Output.json(summary); return }
        Output.line("\(summary.path): OK")
        Output.line("  database: \(summary.database)")
        if let listen = configuration.daemon.httpListen {
            Output.line("  http listener: \(listen) (/metrics, /healthz, /feeds/ID)")
        }
        for source in configuration.sources {
            let committees = source.committees.map { $0.map(String.init).joined(separator: ", ") } ?? "all"
            Output.line("  source \(source.id): \(source.name) <\(source.baseURL)> every \(source.interval), committees: \(committees)")
        }
        for subscription in configuration.subscriptions {
            Output.line("  subscription \(subscription.id): \(subscription.channel.name)"
                + (subscription.publishedFile == nil ? "" : ", published at /feeds/\(subscription.id)"))
        }
    }
}
