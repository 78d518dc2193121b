import ArgumentParser
import CouncilRegistry
import Foundation

struct CouncilsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "councils",
        abstract: "Search the built-in list of UK councils on ModernGov: name, territory, base URL.",
        discussion: """
            Every term must match (case, accents and punctuation aside) the council's name, its territory \
            (England, Scotland, Wales, Northern Ireland, or ENG, SCT, WLS, NIR) or its install's host; a URL matches \
            the councils on its host. No term lists every council. Nothing is fetched. The list is Democracy Club's \
            (LGSF); a council missing from it can still be watched by its URL. Exit 1 when nothing matches.
            """)

    @OptionGroup var output: JSONOption
    @Argument(help: ArgumentHelp("Words of the name, a territory, or a host.", valueName: "term"))
    var terms: [String] = []

    func run() throws {
        let councils = CouncilRegistry.search(terms)
        if output.json {
            try Output.json(councils)
        } else if !councils.isEmpty {
            Output.table(["COUNCIL", "TERRITORY", "BASE URL"], councils.map { [$0.name, $0.territory.name, $0.baseURL] })
        }
        if councils.isEmpty {
            Output.error("no council in the registry matches \(terms.map { "\"\($0)\"" }.joined(separator: " ")); "
                         + "try fewer or shorter terms, or watch the council by its URL")
            throw ExitCode(1)
        }
    }
}
