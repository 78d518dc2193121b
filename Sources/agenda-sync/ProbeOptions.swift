import AgendaConfig
import AgendaDiscovery
import ArgumentParser
import Foundation

/// `SOURCE | URL` and `--user-agent`, for the commands that read a council's pages outside a sync
/// (`committees`, `check-source`): politely, as the daemon does, with the config's `[daemon]`
/// settings when there is a config.
struct ProbeOptions: ParsableArguments {
    @Argument(help: ArgumentHelp(
        "A source id of the config, or a council's ModernGov address (its base URL, or any of its pages).",
        valueName: "source-or-url"))
    var council: String

    @Option(name: .customLong("user-agent"), help: ArgumentHelp(
        "The User-Agent to send, with a contact (e.g. \"agenda-sync/1.0 (+mailto:you@example.org)\"); "
            + "required for a URL when there is no config, else [daemon]'s.", valueName: "text"))
    var userAgent: String?

    /// The council and how to read it; exit 2 (with the reason) for an unknown source, a URL that
    /// cannot be a base URL, a User-Agent without a contact, or a URL without config or User-Agent.
    func resolve(_ options: ConfigOptions) throws -> (ProbeTarget, ProbeSettings) {
        if let userAgent, let problem = SettingCheck.userAgentProblem(userAgent) {
            Output.error("--user-agent \(problem)")
            throw ExitCode(2)
        }
        if SettingCheck.idProblem(council) == nil {
            let configuration = try options.load()
            guard let source = configuration.source(id: council) else {
                Output.error("no source \"\(council)\" in \(options.resolvedPath); give a source id of the config, or a URL")
                throw ExitCode(2)
            }
            return (ProbeTarget(source: source), ProbeSettings(daemon: configuration.daemon, userAgent: userAgent, source: source))
        }
        let target: ProbeTarget
        do {
            target = try ProbeTarget(url: council)
        } catch {
            Output.error("\(council): \(error)")
            throw ExitCode(2)
        }
        let environment = ProcessInfo.processInfo.environment
        let configChosen = options.config != nil || environment[ConfigPath.environmentVariable] != nil
        guard configChosen || FileManager.default.fileExists(atPath: options.resolvedPath) else {
            guard let userAgent else {
                Output.error("no config at \(options.resolvedPath): give --user-agent with a contact, "
                             + "e.g. --user-agent \"agenda-sync/1.0 (+mailto:you@example.org)\", or --config PATH")
                throw ExitCode(2)
            }
            return (target, ProbeSettings(daemon: nil, userAgent: userAgent))
        }
        // A council is read before it is added: a config with no [[source]] yet is enough.
        let configuration = try options.load(requiringSources: false)
        return (target, ProbeSettings(daemon: configuration.daemon, userAgent: userAgent))
    }
}
