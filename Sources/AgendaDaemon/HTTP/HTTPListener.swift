import AgendaConfig
import FlyingFox
import FlyingSocks
import Foundation
import Logging
import ServiceLifecycle

/// `[daemon] http_listen`: the daemon's HTTP listener as a service of its service group. It binds
/// at start (a bind that fails — the port taken, the address not this machine's — stops the daemon
/// with status 1, as the admin asked for a listener), logs `http.listening` with the address it got,
/// and closes the socket and its connections on SIGTERM/SIGINT. FlyingFox serves it: already
/// the sample council's server, so the listener adds no server stack to the build.
final class HTTPListener: Service, Sendable {
    let address: HTTPListenAddress
    let routes: DaemonRoutes
    let logger: Logger

    init(address: HTTPListenAddress, routes: DaemonRoutes, logger: Logger) {
        self.address = address
        self.routes = routes
        self.logger = logger
    }

    func run() async throws {
        let socketAddress: any SocketAddress = address.address.isIPv4
            ? try sockaddr_in.inet(ip4: "\(address.address)", port: address.port)
            : try sockaddr_in6.inet6(ip6: "\(address.address)", port: address.port)
        // The handler timeout bounds one request's work; a client cannot hold a handler longer.
        let server = HTTPServer(config: HTTPServer.Configuration(address: socketAddress, timeout: 15, logger: .disabled),
                                handler: routes)
        do {
            try await withGracefulShutdownHandler {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask { try await server.run() }
                    // A bind that fails ends run() first, and its error is the one thrown.
                    group.addTask { [logger] in
                        try await server.waitUntilListening(timeout: 30)
                        let bound = Self.describe(await server.listeningAddress)
                        logger.notice("http.listening", metadata: ["address": "\(bound)"])
                    }
                    try await group.next()
                    try await group.next()
                }
            } onGracefulShutdown: {
                Task { await server.stop(timeout: 0) }
            }
        } catch where Task.isShuttingDownGracefully {
            // stop() closed the socket under run(): that is how it ends.
        } catch {
            logger.error("http.failed", metadata: ["address": "\(address)", "error": "\(error)"])
            throw error
        }
        logger.info("http.stopped")
    }

    private static func describe(_ address: Socket.Address?) -> String {
        switch address {
        case .ip4(let host, let port)?: "\(host):\(port)"
        case .ip6(let host, let port)?: "[\(host)]:\(port)"
        default: "?"
        }
    }
}
