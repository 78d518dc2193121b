/// `[daemon]` `smtp_url`, `smtp_auth_file`, `smtp_tls`: where `agenda-sync mail relay` (and the
/// daemon, when `smtp_url` is set) sends the email spools.
public struct SMTPRelayConfiguration: Hashable, Sendable {
    /// `smtp://host[:port]` or `smtps://host[:port]` (TLS from the first byte).
    public var url: String
    /// A file holding the user name on its first line and the password on its second; nil: no AUTH.
    public var authFile: String?
    /// For `smtp://`: `"starttls"` (default; the relay must offer STARTTLS) or `"none"` (plain text,
    /// e.g. a relay on localhost). Ignored for `smtps://`.
    public var tls: TLSMode

    public init(url: String, authFile: String? = nil, tls: TLSMode = .startTLS) {
        self.url = url
        self.authFile = authFile
        self.tls = tls
    }

    /// `smtp_tls`.
    public enum TLSMode: String, Hashable, Sendable, CaseIterable {
        case startTLS = "starttls"
        case none
    }
}
