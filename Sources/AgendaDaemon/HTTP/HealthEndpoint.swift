import AgendaConfig
import AgendaCore
import AgendaStore
import AgendaSync
import Foundation

/// `GET /healthz`: every source's health, as `agenda-sync status` computes it (``SourceStatus``).
/// 200 when every source is well (healthy, or new: no cycle yet), 503 naming the others
/// (unhealthy: its cycles fail; held: its changes wait for the admin).
enum HealthEndpoint {
    struct Body: Encodable {
        /// "ok" or "unhealthy".
        var status: String
        /// The sources that are not well, in config order.
        var unhealthy: [String]
        var sources: [Source]
    }

    struct Source: Encodable {
        var source: String
        var health: String
        var lastSuccess: Date?
        var consecutiveFailures: Int
        var lastError: String?

        enum CodingKeys: String, CodingKey {
            case source, health, lastSuccess = "last_success", consecutiveFailures = "consecutive_failures",
                 lastError = "last_error"
        }
    }

    /// The status code and the JSON body.
    static func answer(configuration: AgendaConfiguration, store: AgendaStore, now: Date) throws -> (status: Int, body: Data) {
        let statuses = try SourceStatus.all(configuration, store: store, now: now)
        let unhealthy = statuses.filter { !$0.isWell }.map(\.source)
        let body = Body(status: unhealthy.isEmpty ? "ok" : "unhealthy", unhealthy: unhealthy, sources: statuses.map {
            Source(source: $0.source, health: $0.health, lastSuccess: $0.lastSuccess,
                   consecutiveFailures: $0.consecutiveFailures, lastError: $0.lastError?.message)
        })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .timestamp
        return (unhealthy.isEmpty ? 200 : 503, try encoder.encode(body) + Data("\n".utf8))
    }
}
