/// Decodes and validates the `[daemon]` keys that keep agenda-sync gentle with councils
/// (docs/architecture.md, rule 4): connections per host, spacing, robots.txt caching and error backoff.
enum PolitenessDecoder {
    static let maxConnectionsPerHostLimit = 4

    struct Values {
        var maxConnectionsPerHost = DaemonConfiguration.defaultMaxConnectionsPerHost
        var requestSpacing = DaemonConfiguration.defaultRequestSpacing
        var robotsCache = DaemonConfiguration.defaultRobotsCache
        var backoffBase = DaemonConfiguration.defaultBackoffBase
        var backoffCap = DaemonConfiguration.defaultBackoffCap
    }

    static func decode(_ table: TableReader, _ diagnostics: inout Diagnostics) -> Values {
        var values = Values()
        if let connections = table.integer("max_connections_per_host", &diagnostics) {
            if !(1...maxConnectionsPerHostLimit).contains(connections) {
                diagnostics.report(table.path.appending("max_connections_per_host"),
                                   "\(connections) is out of range; use 1 to \(maxConnectionsPerHostLimit) "
                                   + "(the default, 1, is what a council's web team expects of a polite crawler)")
            }
            values.maxConnectionsPerHost = connections
        }
        values.requestSpacing = table.duration("request_spacing", .requestSpacing, &diagnostics) ?? values.requestSpacing
        values.robotsCache = table.duration("robots_cache", .robotsCache, &diagnostics) ?? values.robotsCache

        let base = table.duration("backoff_base", .backoff, &diagnostics)
        let cap = table.duration("backoff_cap", .backoff, &diagnostics)
        values.backoffBase = base ?? values.backoffBase
        values.backoffCap = cap ?? values.backoffCap
        if base != nil || cap != nil, values.backoffCap < values.backoffBase {
            let key = cap != nil ? "backoff_cap" : "backoff_base"
            diagnostics.report(table.path.appending(key),
                               "backoff_cap (\"\(values.backoffCap)\") must not be shorter than backoff_base (\"\(values.backoffBase)\")")
        }
        return values
    }
}
