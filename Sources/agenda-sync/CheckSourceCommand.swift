import AgendaDiscovery
import AgendaModel
import ArgumentParser
import Foundation

struct CheckSourceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-source",
        abstract: "Check that a council can be watched: robots.txt, committees, a meetings list, meetings; and its web service.",
        discussion: """
            The first thing to run for a new council. Reads, as a sync would and as politely (robots.txt, request \
            spacing, one connection, the config's or --user-agent's User-Agent): robots.txt, the committee list, one \
            committee's meetings list (--committee, else the first with meetings) and up to --meetings meeting pages, \
            newest with documents first; prints what it extracted from each and every warning. With --via webservice \
            (the default is the source's `via`, else html) it reads mgWebService.asmx instead: GetCommittees, one \
            committee's GetMeetings over the window, up to --meetings GetMeeting. Either way it says whether the web \
            service answers. Stores nothing. Exit 0 when the source is usable by that path, 1 when it is not (the \
            reason is on the last line), 2 for usage errors.
            """)

    @OptionGroup var options: ConfigOptions
    @OptionGroup var probeOptions: ProbeOptions
    @OptionGroup var output: JSONOption
    @Option(name: .long, help: ArgumentHelp("Read this committee's meetings.", valueName: "id")) var committee: Int?
    @Option(name: .long, help: ArgumentHelp("Meeting pages to read (1-20).", valueName: "k")) var meetings = 3
    @Option(name: .long, help: ArgumentHelp("The path to check: html or webservice (default: the source's via, else html).",
                                            valueName: "path")) var via: SourceReading?

    func validate() throws {
        guard (1 ... 20).contains(meetings) else { throw ValidationError("--meetings must be between 1 and 20") }
        if let committee, committee <= 0 { throw ValidationError("--committee must be a positive committee id") }
    }

    func run() async throws {
        let (target, settings) = try probeOptions.resolve(options)
        let probe = CouncilProbe(settings: settings)
        defer { probe.shutdown() }
        let check = SourceCheck(target: target, via: via, window: settings.window, committee: committee, meetingPages: meetings)
        let report = await check.run(probe: probe)
        if output.json {
            try Output.json(report)
        } else {
            SourceCheckText.print(report)
        }
        if !report.usable { throw ExitCode(1) }
    }
}

/// `check-source`'s report for people: one block per step, warnings, then the verdict last.
enum SourceCheckText {
    static func print(_ report: SourceCheckReport) {
        Output.line("\(report.name) <\(report.baseURL)>, as \"\(report.userAgent)\"")
        if let robots = report.robots {
            Output.line("robots.txt  \(robots.url): \(robots.answer)")
            for page in robots.pages {
                Output.line("  " + (page.allowed ? "allowed     " : "disallowed  ") + page.url)
            }
        }
        if let committees = report.committees, report.via == .html {
            let groups = committees.groups.isEmpty ? "" : " in \(committees.groups.count) groups (\(committees.groups.joined(separator: ", ")))"
            Output.line("committees  \(committees.count)\(groups): \(committees.url)")
        }
        if let list = report.meetingsList {
            Output.line("meetings    \(list.committee.name) (\(list.committee.id)): \(list.meetings) listed, \(list.withDocuments) with "
                        + "documents, \(list.undated) undated: \(list.url)")
        }
        for meeting in report.meetings {
            Output.line("meeting \(meeting.id)  \(meeting.url)")
            if let error = meeting.error {
                Output.line("    FAILED: \(error)")
                continue
            }
            let start = meeting.start?.iso8601 ?? "no date"
            Output.line("    \(start)  \(meeting.status?.rawValue ?? "?")  \(meeting.venue ?? "no venue")")
            var published: [String] = []
            if meeting.published?.agenda == true { published.append("agenda") }
            if meeting.published?.minutes == true { published.append("minutes") }
            if meeting.published?.decisions == true { published.append("decisions") }
            Output.line("    \(meeting.items) items, \(meeting.documents) documents; published: "
                        + (published.isEmpty ? "nothing yet" : published.joined(separator: ", ")))
        }
        if let webService = report.webService {
            let advice = webService.answers ? "via = \"webservice\" is possible" : "keep via = \"html\""
            Output.line("web service: \(webService.state) — \(advice)")
        }
        for warning in report.warnings { Output.line("warning: \(warning)") }
        Output.line(report.reason)
    }
}

extension SourceReading: ExpressibleByArgument {}
