import AgendaCore
import CCurl
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which addresses a request may connect to.
public enum ConnectPolicy: Sendable, Hashable {
    /// Any address the host name resolves to (council sites, which the admin configured).
    case any
    /// Only public addresses (``IPAddress/isPublic``): for URLs that third parties supply, such as
    /// webhook endpoints. The check is on the address libcurl is about to connect to, after
    /// resolution, so DNS names pointing inside and numeric spellings (`0x7f000001`, `[::1]`)
    /// are caught alike. A refused request throws ``FetchError/addressRefused(address:range:)``:
    /// no connection is opened to that address, and no request goes out over a pooled one. With
    /// a configured proxy the address checked is the proxy's.
    case publicOnly
}

/// Enforces ``ConnectPolicy/publicOnly`` for one transfer, in two libcurl callbacks:
///
/// - `CURLOPT_OPENSOCKETFUNCTION`, for every new connection: a non-public address gets no socket
///   (`CURL_SOCKET_BAD`), so no connect is ever attempted to it.
/// - `CURLOPT_PREREQFUNCTION`, before every request, also on a connection taken from the pool:
///   a connection opened earlier by a request with policy ``ConnectPolicy/any`` would otherwise
///   be reused without the open-socket check.
///
/// Touched only on the loop thread (callbacks, then ``Transfer/error(for:)``).
final class ConnectGuard {
    /// Addresses refused so far, in order, each with the range that refused it.
    private(set) var refusals: [(address: String, range: String)] = []
    /// Addresses let through; when one was, a failed connect is that address's failure.
    private(set) var permitted = 0

    func permits(_ address: IPAddress?, text: @autoclosure () -> String) -> Bool {
        guard let address else {
            refusals.append((text(), "not a recognisable IP address"))
            return false
        }
        guard let range = address.nonPublicRange else {
            permitted += 1
            return true
        }
        refusals.append((address.description, range.description))
        return false
    }

    /// The error for a transfer that ended with `code`, when the guard caused it.
    func error(for code: CURLcode) -> FetchError? {
        guard let first = refusals.first else { return nil }
        switch code {
        case CURLE_ABORTED_BY_CALLBACK:   // only the pre-request check aborts
            return .addressRefused(address: first.address, range: first.range)
        case CURLE_COULDNT_CONNECT where permitted == 0:
            return .addressRefused(address: first.address, range: first.range)
        default:
            return nil
        }
    }
}

/// Creates the socket libcurl asked for, unless the address is not public.
let connectGuardOpenSocketCallback: curl_opensocket_callback = { clientp, _, address in
    guard let clientp, let address else { return CURL_SOCKET_BAD }
    let connectGuard = Unmanaged<ConnectGuard>.fromOpaque(clientp).takeUnretainedValue()
    let family = address.pointee.family
    let socketType = address.pointee.socktype
    let socketProtocol = address.pointee.protocol
    let addressOffset = MemoryLayout<curl_sockaddr>.offset(of: \curl_sockaddr.addr)!
    let ip = IPAddress(socketAddress: UnsafeRawPointer(address) + addressOffset, length: Int(address.pointee.addrlen))
    guard connectGuard.permits(ip, text: "socket address of family \(family)") else { return CURL_SOCKET_BAD }
    // What libcurl would do itself, plus close-on-exec: the daemon may spawn a mailer.
    return socket(family, socketType | Int32(SOCK_CLOEXEC.rawValue), socketProtocol)
}

/// Re-checks the connected address before the request goes out (a reused connection skips
/// the open-socket callback).
let connectGuardPrereqCallback: curl_prereq_callback = { clientp, primaryIP, _, _, _ in
    guard let clientp, let primaryIP else { return Int32(CURL_PREREQFUNC_ABORT) }
    let connectGuard = Unmanaged<ConnectGuard>.fromOpaque(clientp).takeUnretainedValue()
    let text = String(cString: primaryIP)
    return connectGuard.permits(IPAddress(text), text: text) ? Int32(CURL_PREREQFUNC_OK) : Int32(CURL_PREREQFUNC_ABORT)
}
