import AgendaDiff
import AgendaFetch
import AgendaStore
import Foundation

/// What came back for one page.
enum PageResult: Sendable {
    /// A 200 whose body differs from the last good one: parse it, then remember `validators`
    /// once it has been processed successfully.
    case fresh(body: [UInt8], validators: PageValidators)
    /// 304, or a body identical to the last good one: nothing to parse.
    case same
    /// A non-2xx status or a transfer error (already classified in the log entry).
    case failed
}

/// Fetches one page for a cycle and classifies the result for the sync log.
struct PageFetcher: Sendable {
    let client: HTTPClient
    let store: AgendaStore
    let now: @Sendable () -> Date

    /// `conditional`: send the stored validators and skip identical bodies (meeting pages whose
    /// last good version is stored). Lists are always fetched whole: their entries are needed.
    func fetch(_ url: String, conditional: Bool) async -> (PageResult, FetchLogEntry) {
        let known = conditional ? (try? store.validators(for: url)) ?? nil : nil
        let request = FetchRequest(url: url, etag: known?.etag, lastModified: known?.lastModified)
        let sentValidators = [known?.etag.map { _ in "etag" }, known?.lastModified.map { _ in "last-modified" }]
            .compactMap { $0 }.joined(separator: ",")
        let startedAt = now()
        func entry(status: Int?, bytes: Int, milliseconds: Int, outcome: FetchOutcome, error: String?) -> FetchLogEntry {
            FetchLogEntry(at: startedAt, url: url, status: status, bytes: bytes, milliseconds: milliseconds,
                          validators: sentValidators.isEmpty ? nil : sentValidators, outcome: outcome, error: error)
        }
        let response: FetchResponse
        do {
            response = try await client.fetch(request)
        } catch {
            let elapsed = Int(now().timeIntervalSince(startedAt) * 1000)
            return (.failed, entry(status: nil, bytes: 0, milliseconds: elapsed, outcome: .transportError,
                                   error: "\(error)"))
        }
        let milliseconds = response.elapsedMilliseconds
        if response.status == 304 {
            return (.same, entry(status: 304, bytes: 0, milliseconds: milliseconds, outcome: .notModified, error: nil))
        }
        guard (200..<300).contains(response.status) else {
            return (.failed, entry(status: response.status, bytes: response.body.count, milliseconds: milliseconds,
                                   outcome: .httpError, error: "HTTP \(response.status)"))
        }
        let digest = SHA256Digest.hex(of: response.body)
        if conditional, let known, known.bodyDigest == digest {
            return (.same, entry(status: response.status, bytes: response.body.count, milliseconds: milliseconds,
                                 outcome: .unchanged, error: nil))
        }
        let validators = PageValidators(etag: response.etag, lastModified: response.lastModified, bodyDigest: digest)
        return (.fresh(body: response.body, validators: validators),
                entry(status: response.status, bytes: response.body.count, milliseconds: milliseconds, outcome: .ok,
                      error: nil))
    }
}
