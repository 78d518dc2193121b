import Foundation

/// Command-line options. Every numeric option is bounded, so a typo cannot start an hour-long run.
struct Options: Sendable {
    var councils = 10
    var committees = 10
    var meetings = 10
    var seed: UInt64 = 1
    var skipExtraction = false
    var skipSync = false
    var skipDelivery = false
    var skipSoak = false
    /// Daemon cycles in the soak (RSS compared with the one after the first 100).
    var soakCycles = 2000
    /// Notices per channel in the delivery benchmark.
    var notices = 2000
    /// Keep the config, database, notices and child output in this folder (created if needed).
    var keep: String?
    /// The real ModernGov pages; default: Tests/ModernGovTests/Fixtures of this package.
    var fixtures: String?
    /// The agenda-sync binary to drive; default: the one beside this executable.
    var agendaSync: String?
    /// Time spent parsing each extraction case.
    var seconds = 2.0
    /// How many unchanged cycles to run (the figure reported is their median).
    var unchanged = 1
    /// Longest a single sync cycle may take before the child is killed.
    var timeout = 600.0
    /// A command the child is run under, e.g. "valgrind --tool=callgrind" (profiling only: its
    /// CPU and memory are then the wrapper's).
    var childPrefix: [String] = []
    /// Unchanged cycles with a 1 s retention after the sync cycles (0: none).
    var retentionCycles = 100
    /// National scale instead of the other parts: `agenda-sync run` for `rounds` cycles of every source.
    var national = false
    var rounds = 3
    /// The daemon's `interval` and `request_spacing` in the national run.
    var nationalInterval = 180.0
    var nationalSpacingMS = 1000
    /// The daemon's `max_concurrent_cycles` in the national run.
    var nationalConcurrentCycles = 100
    /// urlwatch to measure beside the sync cycles (`--urlwatch`; else `$URLWATCH`).
    var urlwatch: String?

    static let usage = """
        usage: agenda-sync-bench [options]

        Prints extraction speed on the real ModernGov fixtures, then runs the release agenda-sync binary
        (a child process) for a baseline, an unchanged and a 5%-changed sync cycle over a generated corpus
        served on 127.0.0.1, with wall time, CPU seconds, peak RSS, rows and bytes written; then delivery
        throughput from the outbox: notices/s to a local webhook receiver (Python, verifying every signature),
        to a Maildir spool and to a JSON Lines file; then a soak: `agenda-sync run` for 2,000 cycles, its RSS
        after 100 cycles against after 2,000.

          --councils N        councils in the corpus (1…500, default 10)
          --committees N      committees per council (1…30, default 10)
          --meetings N        meetings per committee (1…30, default 10)
          --seed N            corpus and mutation seed (default 1)
          --skip-extraction   skip the extraction figures
          --skip-sync         skip the sync cycles
          --skip-delivery     skip the delivery throughput figures
          --skip-soak         skip the soak (the daemon for --soak-cycles cycles; a few minutes)
          --soak-cycles N     daemon cycles in the soak (300…20000, default 2000)
          --notices N         notices per channel in the delivery benchmark (100…20000, default 2000)
          --keep DIR          keep config, database, notices and child output in DIR (must hold no database yet)
          --fixtures DIR      folder of real ModernGov pages (default: Tests/ModernGovTests/Fixtures)
          --agenda-sync PATH  the agenda-sync binary (default: beside this executable)
          --seconds S         time spent on each extraction case (0.2…30, default 2)
          --unchanged N       unchanged cycles to run, median reported (1…9, default 1)
          --timeout S         kill a sync cycle after S seconds (10…3600, default 600)
          --retention-cycles N  after the sync cycles, N unchanged ones with a 1 s log/outbox retention: the
                              database's growth once retention caught up (0…1000, default 100; 0 skips)
          --child-prefix CMD  run the child under CMD (space-separated), e.g. "perf record -g -o /tmp/p.data";
                              its figures are then the wrapper's: for profiling only
          --urlwatch PATH     also run this urlwatch (else $URLWATCH, if set) on the same corpus in the same run:
                              a baseline and an unchanged run, measured like ours, for the comparison table
          --national          only the national scale: `agenda-sync run` over the corpus (default 400 councils × 5
                              committees × 5 meetings, each council its own host on 127.0.0.1) for --rounds cycles
                              of every source: peak RSS, CPU per cycle, descriptors, connections per host,
                              request spacing per host, database size
          --rounds N          cycles of every source in the national run (2…10, default 3)
          --interval S        the daemon's interval in the national run (30…3600, default 180)
          --spacing MS        the daemon's request_spacing in the national run (1…10000, default 1000)
          --concurrent N      the daemon's max_concurrent_cycles in the national run (1…1000, default 100)
          -h, --help          this text
        """

    static func parse(_ arguments: [String]) throws -> Options {
        var options = Options()
        var rest = arguments[...]
        var sized: Set<String> = []
        func value(_ name: String) throws -> String {
            guard let value = rest.popFirst() else { throw UsageError("\(name) needs a value") }
            return value
        }
        func int(_ name: String, _ range: ClosedRange<Int>) throws -> Int {
            let text = try value(name)
            guard let number = Int(text), range.contains(number) else {
                throw UsageError("\(name) must be a whole number in \(range.lowerBound)…\(range.upperBound), not \"\(text)\"")
            }
            return number
        }
        func double(_ name: String, _ range: ClosedRange<Double>) throws -> Double {
            let text = try value(name)
            guard let number = Double(text), range.contains(number) else {
                throw UsageError("\(name) must be a number in \(range.lowerBound)…\(range.upperBound), not \"\(text)\"")
            }
            return number
        }
        while let argument = rest.popFirst() {
            switch argument {
            case "--councils": options.councils = try int(argument, 1...500); sized.insert(argument)
            case "--committees": options.committees = try int(argument, 1...30); sized.insert(argument)
            case "--meetings": options.meetings = try int(argument, 1...30); sized.insert(argument)
            case "--seed":
                let text = try value(argument)
                guard let seed = UInt64(text) else { throw UsageError("--seed must be a non-negative whole number") }
                options.seed = seed
            case "--skip-extraction": options.skipExtraction = true
            case "--skip-sync": options.skipSync = true
            case "--skip-delivery": options.skipDelivery = true
            case "--skip-soak": options.skipSoak = true
            case "--soak-cycles": options.soakCycles = try int(argument, 300...20_000)
            case "--notices": options.notices = try int(argument, 100...20_000)
            case "--keep": options.keep = try value(argument)
            case "--fixtures": options.fixtures = try value(argument)
            case "--agenda-sync": options.agendaSync = try value(argument)
            case "--seconds": options.seconds = try double(argument, 0.2...30)
            case "--unchanged": options.unchanged = try int(argument, 1...9)
            case "--timeout": options.timeout = try double(argument, 10...3600)
            case "--retention-cycles": options.retentionCycles = try int(argument, 0...1_000)
            case "--child-prefix":
                options.childPrefix = try value(argument).split(separator: " ").map(String.init)
            case "--urlwatch": options.urlwatch = try value(argument)
            case "--national": options.national = true
            case "--rounds": options.rounds = try int(argument, 2...10)
            case "--interval": options.nationalInterval = Double(try int(argument, 30...3600))
            case "--spacing": options.nationalSpacingMS = try int(argument, 1...10_000)
            case "--concurrent": options.nationalConcurrentCycles = try int(argument, 1...1_000)
            case "-h", "--help": throw UsageError(nil)
            default: throw UsageError("unknown option \(argument)")
            }
        }
        if options.national {
            // The national corpus unless sized on the command line: ≈ 10,400 URLs on 400 hosts.
            if !sized.contains("--councils") { options.councils = 400 }
            if !sized.contains("--committees") { options.committees = 5 }
            if !sized.contains("--meetings") { options.meetings = 5 }
        } else if options.councils > 50 {
            throw UsageError("--councils above 50 is for --national (the sync cycles keep the whole corpus in one process)")
        }
        return options
    }
}

struct UsageError: Error {
    var message: String?
    init(_ message: String?) { self.message = message }
}
