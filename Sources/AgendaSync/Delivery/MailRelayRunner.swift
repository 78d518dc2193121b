import AgendaConfig
import AgendaDelivery
import AgendaStore
import Foundation

/// One SMTP relay pass over every email subscription's spool, with the settings of `[daemon]`
/// `smtp_url` & co. and the journal in the database. `agenda-sync mail relay` runs one; the daemon
/// runs one after each delivery round when `smtp_url` is set.
public struct MailRelayRunner: Sendable {
    public let configuration: AgendaConfiguration
    public let store: AgendaStore
    public let now: @Sendable () -> Date

    public init(configuration: AgendaConfiguration, store: AgendaStore, now: @escaping @Sendable () -> Date = { Date() }) {
        self.configuration = configuration
        self.store = store
        self.now = now
    }

    /// Why a pass could not start.
    public enum SetupError: Error, CustomStringConvertible, Sendable {
        case notConfigured
        case settings(String)

        public var description: String {
            switch self {
            case .notConfigured: "no SMTP relay configured: set smtp_url in [daemon]"
            case .settings(let why): why
            }
        }
    }

    /// The spools of the email subscriptions, each once.
    public var spools: [String] {
        var seen: Set<String> = []
        return configuration.subscriptions.compactMap { subscription in
            guard case .email(let settings) = subscription.channel, seen.insert(settings.spool).inserted else { return nil }
            return settings.spool
        }
    }

    /// The relay's settings; reads the auth file, so a rotated password is used at the next pass.
    public func settings() throws(SetupError) -> SMTPSettings {
        guard let smtp = configuration.daemon.smtp else { throw .notConfigured }
        do {
            let credentials = try smtp.authFile.map { path throws(SMTPSettingsError) in try SMTPCredentials.load(path: path) }
            let tls: SMTPTLSMode? = smtp.url.lowercased().hasPrefix("smtps:") ? nil : (smtp.tls == .none ? SMTPTLSMode.none : .startTLS)
            return try SMTPSettings(url: smtp.url, tls: tls, credentials: credentials)
        } catch {
            throw .settings("\(error)")
        }
    }

    public func runPass() async throws(SetupError) -> RelayReport {
        let settings = try settings()
        let relay = MailRelay(spools: spools, sender: SMTPSender(settings: settings),
                              journal: StoreRelayJournal(store: store), now: now)
        return await relay.runPass()
    }
}
