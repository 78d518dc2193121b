import AgendaCore
import Foundation

/// How the connection to the relay is protected.
public enum SMTPTLSMode: String, Sendable, Hashable, CaseIterable {
    /// TLS from the first byte (`smtps://`, usually port 465).
    case implicit
    /// `STARTTLS` is required: a relay that does not offer it is an error, never a plain session
    /// (`CURLOPT_USE_SSL = CURLUSESSL_ALL`).
    case startTLS
    /// `STARTTLS` when the relay offers it, plain text otherwise (`CURLUSESSL_TRY`). Open to
    /// downgrade by anyone on the path: only for a relay on a trusted network.
    case opportunistic
    /// Plain text (e.g. a local MTA on 127.0.0.1:25).
    case none
}

/// Where and how the relay sends mail: an `smtp://` or `smtps://` URL, TLS, credentials and limits.
///
/// Certificate verification is always on; ``caFile`` adds a trust anchor (e.g. a self-signed
/// relay certificate), it never switches verification off.
public struct SMTPSettings: Sendable, Hashable {
    /// `smtp` or `smtps`, lowercased.
    public let scheme: String
    /// The host name or IP address (an IPv6 address without brackets).
    public let host: String
    /// The TCP port: as given, else 25 for `smtp` and 465 for `smtps`.
    public let port: Int
    public let tls: SMTPTLSMode
    public let credentials: SMTPCredentials?
    /// A PEM bundle of trusted CA certificates (`CURLOPT_CAINFO`) instead of the system store.
    public let caFile: String?
    /// The whole session (connect, TLS, authentication, every command) must end within this.
    public let timeout: Duration
    /// Connecting (TCP and TLS handshake) must end within this; at most ``timeout``.
    public let connectTimeout: Duration
    /// The name given in `EHLO`; libcurl uses the local host name when nil.
    public let heloName: String?

    /// Checks and normalises the settings.
    ///
    /// - Parameters:
    ///   - url: `smtp://host[:port]` or `smtps://host[:port]`, optionally ending in `/`. No user
    ///     info (credentials come from the auth file), path, query or fragment.
    ///   - tls: defaults to `.implicit` for `smtps` and `.startTLS` for `smtp`. `smtps` allows only
    ///     `.implicit`; `smtp` allows `.startTLS`, `.opportunistic` and `.none`.
    ///   - credentials: sent with SMTP AUTH. Refused together with `.none` or `.opportunistic`
    ///     unless the host is a loopback address, so a password never crosses a network in clear.
    /// - Throws: ``SMTPSettingsError`` naming what is wrong.
    public init(
        url: String,
        tls: SMTPTLSMode? = nil,
        credentials: SMTPCredentials? = nil,
        caFile: String? = nil,
        timeout: Duration = .seconds(60),
        connectTimeout: Duration = .seconds(15),
        heloName: String? = nil
    ) throws(SMTPSettingsError) {
        let parsed = try SMTPSettings.relayURL(url)
        scheme = parsed.scheme
        host = parsed.host
        port = parsed.port

        let mode = tls ?? (parsed.scheme == "smtps" ? .implicit : .startTLS)
        if parsed.scheme == "smtps", mode != .implicit {
            throw .tlsModeMismatch("an smtps:// URL always uses implicit TLS; tls \(mode.rawValue) needs an smtp:// URL")
        }
        if parsed.scheme == "smtp", mode == .implicit {
            throw .tlsModeMismatch("implicit TLS needs an smtps:// URL; smtp:// allows startTLS, opportunistic or none")
        }
        self.tls = mode

        if credentials != nil, mode == .none || mode == .opportunistic, !parsed.isLoopback {
            throw .cleartextCredentials(host: parsed.host, tls: mode)
        }
        self.credentials = credentials

        if let caFile {
            guard !caFile.isEmpty else { throw .caFile(path: caFile, reason: "the path is empty") }
            guard access(caFile, R_OK) == 0 else {
                throw .caFile(path: caFile, reason: String(cString: strerror(errno)))
            }
        }
        self.caFile = caFile

        guard timeout > .zero else { throw .invalidTimeout("the timeout must be positive, not \(timeout)") }
        guard connectTimeout > .zero else {
            throw .invalidTimeout("the connect timeout must be positive, not \(connectTimeout)")
        }
        self.timeout = timeout
        self.connectTimeout = min(connectTimeout, timeout)

        if let heloName {
            guard Self.isValidHeloName(heloName) else { throw .invalidHeloName(heloName) }
        }
        self.heloName = heloName
    }

    /// The URL given to libcurl; its path is the `EHLO` name.
    var curlURL: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart):\(port)/\(heloName ?? "")"
    }

    /// The URL without the EHLO name, for messages.
    public var displayURL: String {
        let hostPart = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(hostPart):\(port)"
    }

    /// A domain name or an address literal such as `[192.0.2.1]`: letters, digits, `-`, `.`,
    /// and for literals `[`, `]`, `:`. Anything else would change the URL libcurl parses.
    private static func isValidHeloName(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 255 else { return false }
        if name.hasPrefix("[") {
            return name.hasSuffix("]") && name.utf8.count > 2 && name.utf8.dropFirst().dropLast().allSatisfy {
                $0.isSMTPAlphanumeric || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":")
            }
        }
        return name.utf8.allSatisfy { $0.isSMTPAlphanumeric || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
            && !name.hasPrefix(".") && !name.hasPrefix("-")
    }
}

/// Why ``SMTPSettings`` or ``SMTPCredentials`` could not be made.
public enum SMTPSettingsError: Error, Sendable, Hashable, CustomStringConvertible {
    case invalidURL(url: String, reason: String)
    case tlsModeMismatch(String)
    case cleartextCredentials(host: String, tls: SMTPTLSMode)
    case caFile(path: String, reason: String)
    case invalidTimeout(String)
    case invalidHeloName(String)
    case authFile(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let reason):
            "invalid SMTP relay URL \(String(reflecting: url)): \(reason)"
        case .tlsModeMismatch(let why):
            why
        case .cleartextCredentials(let host, let tls):
            "refusing to send SMTP credentials to \(host) without required TLS (tls \(tls.rawValue)); "
                + "use smtps:// or tls startTLS (plain text is allowed only to a loopback address)"
        case .caFile(let path, let reason):
            "SMTP CA file \(path): \(reason)"
        case .invalidTimeout(let why):
            why
        case .invalidHeloName(let name):
            "invalid EHLO name \(String(reflecting: name)): use a domain name or an address literal like [192.0.2.1]"
        case .authFile(let path, let reason):
            "SMTP auth file \(path): \(reason)"
        }
    }
}

extension SMTPSettings {
    /// Reads `smtp[s]://host[:port][/]` (``SMTPRelayURL``), wording each problem for the relay's errors.
    static func relayURL(_ url: String) throws(SMTPSettingsError) -> SMTPRelayURL {
        do {
            return try SMTPRelayURL(url)
        } catch {
            let reason = switch error {
            case .scheme(let scheme): "the scheme must be smtp or smtps, not \(String(reflecting: scheme))"
            case .userInfo: "no user name or password in the URL; put them in the auth file"
            case .pathQueryOrFragment: "no path, query or fragment is allowed (set the EHLO name separately)"
            case .hostCharacters, .notAURL(.invalidHost): "the host may hold only letters, digits, '-' and '.'"
            case .notAURL(.empty), .notAURL(.noScheme), .notAURL(.noAuthority): "expected smtp://host:port or smtps://host:port"
            case .notAURL(.whitespaceOrControl), .notAURL(.invalidCharacter):
                "the host and port must be printable ASCII without spaces"
            case .notAURL(.emptyHost): "the host is empty"
            case .notAURL(.unclosedBracket): "unclosed [ in an IPv6 host"
            case .notAURL(.notIPv6(let literal)): "\(String(reflecting: literal)) is not an IPv6 address"
            case .notAURL(.textAfterIPv6): "unexpected text after the IPv6 host"
            case .notAURL(.invalidPort): "the port must be a number from 1 to 65535"
            }
            throw .invalidURL(url: url, reason: reason)
        }
    }
}

extension UInt8 {
    fileprivate var isSMTPAlphanumeric: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A)
    }
}
