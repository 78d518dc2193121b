import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A minimal blocking HTTP/1.1 client for the tests: it sends exactly the request line and
/// headers given (no URL normalisation, no cache, no redirects) and reads to the end of the
/// response. Each request runs on its own thread, so a slow server never blocks the
/// concurrency pool the server itself runs on.
public struct RawResponse: Sendable {
    public var status: Int
    /// Header names lower-cased.
    public var headers: [String: String]
    public var body: Data
    public var text: String { String(decoding: body, as: UTF8.self) }
}

public enum RawHTTPClientError: Error {
    case connect(Int32)
    case malformed
}

public enum RawHTTPClient {
    public static func request(_ base: URL, _ target: String, method: String = "GET",
                        headers: [String: String] = [:], timeout: Int = 40) async throws -> RawResponse {
        let port = UInt16(base.port ?? 80)
        var request = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        for (name, value) in headers { request += "\(name): \(value)\r\n" }
        request += "\r\n"
        return try await sendRaw(Array(request.utf8), port: port, head: method == "HEAD", timeout: timeout)
    }

    /// Sends `bytes` as they are (a malformed request, say) and reads the answer; throws
    /// ``RawHTTPClientError/malformed`` when the server closes without a response.
    public static func sendRaw(_ bytes: [UInt8], port: UInt16, head: Bool = false, timeout: Int = 40) async throws -> RawResponse {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    try perform(port: port, bytes: bytes, head: head, timeout: timeout)
                })
            }.start()
        }
    }

    /// A blocking TCP connection to 127.0.0.1:`port` whose reads and writes give up after `timeout`
    /// seconds; the caller closes it.
    public static func connect(port: UInt16, timeout: Int = 40) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw RawHTTPClientError.connect(errno) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let error = errno
            close(fd)
            throw RawHTTPClientError.connect(error)
        }
        return fd
    }

    private static func perform(port: UInt16, bytes: [UInt8], head: Bool, timeout: Int) throws -> RawResponse {
        let fd = try connect(port: port, timeout: timeout)
        defer { close(fd) }

        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, 0) }
            guard n > 0 else { throw RawHTTPClientError.connect(errno) }
            sent += n
        }

        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = recv(fd, &buffer, buffer.count, 0)
            if n <= 0 { break }
            received.append(contentsOf: buffer[0..<n])
            if let response = try? parse(received, head: head), response.complete { return response.value }
        }
        guard let response = try? parse(received, head: head) else { throw RawHTTPClientError.malformed }
        return response.value
    }

    private static func parse(_ data: Data, head: Bool) throws -> (value: RawResponse, complete: Bool) {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { throw RawHTTPClientError.malformed }
        let lines = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw RawHTTPClientError.malformed }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        var body = Data(data[end.upperBound...])
        var complete = false
        if head || status == 304 {
            body = Data()
            complete = true
        } else if let length = headers["content-length"].flatMap(Int.init) {
            complete = body.count >= length
            body = body.prefix(length)
        }
        return (RawResponse(status: status, headers: headers, body: body), complete)
    }
}
