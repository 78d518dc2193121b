import AgendaCore

/// `[daemon] http_listen`: the numeric address and TCP port the daemon's HTTP listener binds
/// (`"127.0.0.1:9465"`, `"[::1]:9465"`). Only numeric addresses: a host name could resolve to an
/// address the admin did not mean to expose. Port 0 asks the kernel for a free port (the daemon
/// logs the one it got as `http.listening`).
public struct HTTPListenAddress: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16

    public init(address: IPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// Reads `HOST:PORT`, with an IPv6 host in brackets; the reason when it is not one.
    public static func parse(_ text: String) -> Result<HTTPListenAddress, ListenAddressProblem> {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[text.index(after: close)...].hasPrefix(":") else {
                return .failure(ListenAddressProblem("\"\(text)\" is not HOST:PORT; write an IPv6 address as \"[::1]:9465\""))
            }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
        } else {
            guard let colon = text.lastIndex(of: ":"), !text[..<colon].contains(":") else {
                return .failure(ListenAddressProblem("\"\(text)\" is not HOST:PORT, e.g. \"127.0.0.1:9465\" "
                                                     + "(an IPv6 address in brackets: \"[::1]:9465\")"))
            }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard let address = IPAddress(String(host)), address.isIPv4 == !text.hasPrefix("[") else {
            return .failure(ListenAddressProblem("\"\(host)\" is not a numeric IP address; the listener binds an address, "
                                                 + "not a host name (\"127.0.0.1\" for this machine only)"))
        }
        guard portText.allSatisfy(\.isASCIIDigit), let port = UInt16(portText) else {
            return .failure(ListenAddressProblem("\"\(portText)\" is not a TCP port (0–65535)"))
        }
        return .success(HTTPListenAddress(address: address, port: port))
    }

    /// As written in the config: `127.0.0.1:9465`, `[::1]:9465`.
    public var description: String {
        address.isIPv4 ? "\(address):\(port)" : "[\(address)]:\(port)"
    }
}

/// Why an `http_listen` value was refused.
public struct ListenAddressProblem: Error, Sendable {
    public var text: String
    init(_ text: String) { self.text = text }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
