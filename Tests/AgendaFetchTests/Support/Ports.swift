import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A port on 127.0.0.1 with nothing listening (bound, then closed).
func closedPort() throws -> UInt16 {
    let server = try RawServer { _ in }
    let port = server.port
    server.stop()
    // The accept thread closes the socket; wait (bounded) until connecting is refused.
    try waitUntil(timeout: 5) { !canConnect(port: port) }
    return port
}

func canConnect(host: String = "127.0.0.1", port: UInt16) -> Bool {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    inet_pton(AF_INET, host, &address.sin_addr)
    return withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
}
