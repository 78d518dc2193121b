import AgendaFetch
import CZlib
import FlyingFox
import Foundation
import Testing
import TestSupport

/// FlyingFox also has an `HTTPClient`; this is ours.
typealias Client = AgendaFetch.HTTPClient

let testUserAgent = "agenda-sync-tests/1.0 (+https://example.org/bot; ops@example.org)"

/// Limits that only separate "prompt" from "hung": an in-process server on a loaded 2-core machine
/// can be starved of a thread for many seconds. Tests of the timeouts themselves pass their own.
func testLimits(
    maxBodyBytes: Int = 8 << 20,
    totalTimeout: Duration = .seconds(60),
    lowSpeedLimit: Int = 100,
    lowSpeedTime: Duration = .seconds(40),
    followRedirects: Bool = true,
    maxRedirects: Int = 5
) -> FetchLimits {
    FetchLimits(
        maxBodyBytes: maxBodyBytes, connectTimeout: .seconds(5), totalTimeout: totalTimeout,
        lowSpeedLimitBytesPerSecond: lowSpeedLimit, lowSpeedTime: lowSpeedTime,
        followRedirects: followRedirects, maxRedirects: maxRedirects)
}

func makeClient(limits: FetchLimits = testLimits(), perHost: Int = 1, total: Int = 16) -> Client {
    Client(configuration: FetchConfiguration(
        userAgent: testUserAgent, limits: limits,
        maxConnectionsPerHost: perHost, maxTotalConnections: total))
}

/// Runs `body` with a client that is shut down afterwards, whatever happens.
func withClient<R>(
    limits: FetchLimits = testLimits(), perHost: Int = 1, total: Int = 16,
    _ body: (Client) async throws -> R
) async throws -> R {
    let client = makeClient(limits: limits, perHost: perHost, total: total)
    defer { client.shutdown() }
    return try await body(client)
}

// MARK: FlyingFox server on 127.0.0.x, ephemeral port

/// A FlyingFox server bound to `host` on an ephemeral port, stopped after `body`.
func withHTTPServer<R>(
    host: String = "127.0.0.1",
    routes: (HTTPServer) async -> Void,
    _ body: (_ baseURL: String) async throws -> R
) async throws -> R {
    // 40 s: the bounds only separate "prompt" from "hung" (FlyingFox reads a large body slowly on a loaded machine).
    let server = HTTPServer(address: try .inet(ip4: host, port: 0), timeout: 40, logger: .disabled)
    await routes(server)
    let task = Task { try await server.run() }
    do {
        try await server.waitUntilListening(timeout: 40)
        guard case .ip4(_, let port)? = await server.listeningAddress else {
            throw TestFailure("FlyingFox did not report an IPv4 listening address")
        }
        let result = try await body("http://\(host):\(port)")
        await server.stop(timeout: 0)
        task.cancel()
        return result
    } catch {
        await server.stop(timeout: 0)
        task.cancel()
        throw error
    }
}

/// Runs `body` with a raw server, stopped afterwards.
func withRawServer<R>(
    host: String = "127.0.0.1",
    handler: @escaping @Sendable (RawConnection) -> Void,
    _ body: (RawServer) async throws -> R
) async throws -> R {
    let server = try RawServer(host: host, handler: handler)
    defer { server.stop() }
    return try await body(server)
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Runs `operation` and returns its result with the wall time it took.
func timed<R>(_ operation: () async throws -> R) async rethrows -> (R, Duration) {
    let start = ContinuousClock.now
    let result = try await operation()
    return (result, ContinuousClock.now - start)
}

/// The error a fetch threw, or a test failure if it returned.
func fetchError(_ client: Client, _ request: FetchRequest) async -> (any Error)? {
    do {
        let response = try await client.fetch(request)
        Issue.record("expected an error, got status \(response.status) with \(response.body.count) bytes")
        return nil
    } catch {
        return error
    }
}

// MARK: Shared state


/// Counts requests in flight and remembers the most seen at once.
final class InFlightRecorder: Sendable {
    private let state = Locked((current: 0, peak: 0, total: 0))
    func enter() { state.withLock { $0.current += 1; $0.total += 1; $0.peak = max($0.peak, $0.current) } }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
    var total: Int { state.withLock { $0.total } }
    var current: Int { state.withLock { $0.current } }
}

// MARK: gzip (zlib, gzip wrapper via windowBits 31)

/// gzip-compresses `count` bytes produced in 64 KiB chunks by `chunk`, without holding them all.
func gzip(totalBytes count: Int, chunk: (_ offset: Int, _ length: Int) -> [UInt8]) -> [UInt8] {
    var stream = z_stream()
    let initResult = deflateInit2_(&stream, Z_BEST_COMPRESSION, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY,
                                   ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
    precondition(initResult == Z_OK, "deflateInit2 failed: \(initResult)")
    defer { deflateEnd(&stream) }
    var output: [UInt8] = []
    var outBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    var offset = 0
    repeat {
        let length = min(64 * 1024, count - offset)
        var input = chunk(offset, length)
        offset += length
        let flush = offset >= count ? Z_FINISH : Z_NO_FLUSH
        input.withUnsafeMutableBufferPointer { inPtr in
            stream.next_in = inPtr.baseAddress
            stream.avail_in = uInt(inPtr.count)
            repeat {
                outBuffer.withUnsafeMutableBufferPointer { outPtr in
                    stream.next_out = outPtr.baseAddress
                    stream.avail_out = uInt(outPtr.count)
                    let rc = deflate(&stream, flush)
                    precondition(rc == Z_OK || rc == Z_STREAM_END || rc == Z_BUF_ERROR, "deflate failed: \(rc)")
                }
                output.append(contentsOf: outBuffer[..<(outBuffer.count - Int(stream.avail_out))])
            } while stream.avail_out == 0
        }
    } while offset < count
    return output
}

func gzip(_ bytes: [UInt8]) -> [UInt8] {
    gzip(totalBytes: bytes.count) { offset, length in Array(bytes[offset..<offset + length]) }
}

/// Deterministic, poorly compressible bytes.
func pseudoRandomBytes(_ count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
    var state = seed
    return (0..<count).map { _ in
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return UInt8(truncatingIfNeeded: state)
    }
}
