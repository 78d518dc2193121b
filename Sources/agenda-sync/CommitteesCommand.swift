import AgendaConfig
import AgendaCore
import AgendaDiscovery
import ArgumentParser
import Foundation

struct CommitteesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "committees",
        abstract: "A council's committees: id, name and group, read from its committee list page.",
        discussion: """
            Reads mgListCommittees.aspx, else mgCommitteeStructure.aspx, politely (robots.txt, request spacing, \
            one connection, the config's or --user-agent's User-Agent). --toml prints a [[source]] block to paste \
            into the config: its id from the host, the council's name from the registry, each committee with its \
            name as a comment. Exit 1 when the committees cannot be read, with the reason (not a ModernGov site, \
            a moved site and its new base URL, a challenge or error page, robots.txt); 2 for usage errors.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var probeOptions: ProbeOptions
    @OptionGroup var output: JSONOption
    @Flag(name: .long, help: "Print a [[source]] block for the config.") var toml = false

    struct Listing: Encodable {
        var source: String
        var name: String
        var baseURL: String
        var url: String
        var committees: [Entry]

        struct Entry: Encodable {
            var id: Int
            var name: String
            var group: String?
        }

        enum CodingKeys: String, CodingKey {
            case source, name, baseURL = "base_url", url, committees
        }
    }

    func validate() throws {
        if toml && output.json { throw ValidationError("--toml and --json cannot be used together") }
    }

    func run() async throws {
        let (target, settings) = try probeOptions.resolve(options)
        let probe = CouncilProbe(settings: settings)
        defer { probe.shutdown() }
        let list: CommitteeList
        do {
            list = try await CommitteeDiscovery.committees(of: target, probe: probe)
        } catch {
            Output.error("\(error)")
            throw ExitCode(1)
        }
        let listing = Listing(source: target.sourceID, name: target.name, baseURL: target.baseURL, url: list.url,
                              committees: list.entries.map { .init(id: $0.committee.id, name: $0.committee.name, group: $0.group) })
        if output.json { try Output.json(listing); return }
        if toml {
            let block = SourceBlock(
                id: target.sourceID, name: target.name,
                nameNote: target.nameIsKnown ? nil : "not in the registry: write the council's name, as notices show it",
                baseURL: target.baseURL,
                committees: listing.committees.map { .init(id: $0.id, name: $0.name, group: $0.group) },
                notes: ["\(list.entries.count) committees of \(target.name), read from \(list.url) on \(LondonDateTime(Date()).date)",
                        "keep the committees to watch (or drop the committees key to watch them all); check with `agenda-sync check-source \(target.isConfigured ? target.sourceID : target.baseURL)`"])
            FileHandle.standardOutput.write(Data(block.toml.utf8))
            return
        }
        Output.line("\(target.name) <\(target.baseURL)>: \(list.entries.count) committees on \(list.url)")
        let grouped = list.entries.contains { $0.group != nil }
        Output.table(grouped ? ["ID", "COMMITTEE", "GROUP"] : ["ID", "COMMITTEE"], listing.committees.map {
            grouped ? ["\($0.id)", $0.name, $0.group ?? ""] : ["\($0.id)", $0.name]
        })
    }
}
