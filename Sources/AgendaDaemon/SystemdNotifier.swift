import AgendaCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The service manager's notification protocol (sd_notify(3)) without libsystemd: one datagram
/// per message to the `AF_UNIX` socket named by `$NOTIFY_SOCKET` — a path, or an abstract name
/// written with a leading `@`. Without `$NOTIFY_SOCKET` (run by hand) every message is dropped.
public struct SystemdNotifier: Sendable {
    /// `$NOTIFY_SOCKET`, nil or empty when not run by a service manager.
    public let socketPath: String?

    public init(environment: [String: String]) {
        socketPath = environment["NOTIFY_SOCKET"].flatMap { $0.isEmpty ? nil : $0 }
    }

    public var isEnabled: Bool { socketPath != nil }

    /// Sends `state` (newline-separated `KEY=value` assignments); false when there is no socket
    /// or the datagram could not be sent. Never blocks for long: a datagram socket either takes
    /// the message or fails.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        guard let socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(socketPath.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }   // abstract namespace
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        let length = socklen_t(MemoryLayout<sockaddr_un>.offset(of: \.sun_path)! + bytes.count)
        let message = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                sendto(fd, message, message.count, Int32(MSG_NOSIGNAL), $0, length)
            }
        }
        return sent == message.count
    }

    // MARK: The messages the daemon sends

    /// Start-up (or a reload) is complete: config loaded, database open and migrated.
    public func ready(status: String) { notify("READY=1\nSTATUS=\(Self.oneLine(status))") }

    /// A SIGHUP is being handled; `ready(status:)` follows when it is done.
    public func reloading(monotonicMicroseconds: UInt64) {
        notify("RELOADING=1\nMONOTONIC_USEC=\(monotonicMicroseconds)")
    }

    public func status(_ text: String) { notify("STATUS=\(Self.oneLine(text))") }

    /// Start-up is still under way: systemd's start timeout (`TimeoutStartSec=`) is extended to
    /// at least `duration` from now.
    public func extendStartTimeout(by duration: Duration, status text: String) {
        let microseconds = duration.ceilingMilliseconds.multipliedReportingOverflow(by: 1000)
        notify("EXTEND_TIMEOUT_USEC=\(microseconds.overflow ? Int64.max : microseconds.partialValue)\nSTATUS=\(Self.oneLine(text))")
    }

    public func watchdog() { notify("WATCHDOG=1") }

    public func stopping(status: String) { notify("STOPPING=1\nSTATUS=\(Self.oneLine(status))") }

    /// STATUS= is one line of UTF-8.
    static func oneLine(_ text: String) -> String {
        String(text.map { $0.isNewline ? " " : $0 })
    }
}
