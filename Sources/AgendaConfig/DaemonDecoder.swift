/// Decodes and validates `[daemon]`.
enum DaemonDecoder {
    static let keys = ["database", "user_agent", "mail_from", "interval", "window", "max_page_bytes", "proxy",
                       "max_connections_per_host", "request_spacing", "robots_cache", "backoff_base", "backoff_cap",
                       "smtp_url", "smtp_auth_file", "smtp_tls", "calendar_duration",
                       "log_retention", "outbox_retention", "page_retention", "http_listen", "max_concurrent_cycles"]
    static let windowKeys = ["past", "future"]
    static let minimumPageBytes = 64 * 1024
    static let maxConcurrentCyclesLimit = 1_000

    /// Nil when anything in the table is invalid (each problem has been reported).
    static func decode(_ table: TableReader, configFile: String, _ diagnostics: inout Diagnostics) -> DaemonConfiguration? {
        let start = diagnostics.mark
        table.rejectUnknownKeys(allowed: keys, &diagnostics)

        var database = DaemonConfiguration.defaultDatabase
        if let text = table.string("database", &diagnostics) {
            switch FilePath.resolve(text, configFile: configFile) {
            case .success(let path): database = path
            case .failure(let problem): diagnostics.report(table.path.appending("database"), problem.text)
            }
        }

        let userAgent = table.string("user_agent", required: true, &diagnostics)
        if let userAgent, let problem = userAgentProblem(userAgent) {
            diagnostics.report(table.path.appending("user_agent"), problem)
        }

        let mailFrom = table.string("mail_from", &diagnostics)
        if let mailFrom, let problem = EmailAddress.mailboxProblem(mailFrom) {
            diagnostics.report(table.path.appending("mail_from"), problem)
        }

        let interval = table.duration("interval", .interval, &diagnostics) ?? DaemonConfiguration.defaultInterval

        var window = RecheckWindow.default
        if let windowTable = table.table("window", section: "window", &diagnostics) {
            windowTable.rejectUnknownKeys(allowed: windowKeys, &diagnostics)
            window.past = windowTable.duration("past", .window, &diagnostics) ?? window.past
            window.future = windowTable.duration("future", .window, &diagnostics) ?? window.future
        }

        var maxPageBytes = DaemonConfiguration.defaultMaxPageBytes
        if let bytes = table.integer("max_page_bytes", &diagnostics) {
            if bytes < minimumPageBytes {
                diagnostics.report(table.path.appending("max_page_bytes"),
                                   "\(bytes) bytes is too small for a ModernGov page; use at least \(minimumPageBytes) "
                                   + "(the default is \(DaemonConfiguration.defaultMaxPageBytes), 8 MiB)")
            }
            maxPageBytes = bytes
        }

        let proxy = table.string("proxy", &diagnostics)
        if let proxy, let problem = URLSetting.proxyProblem(proxy) {
            diagnostics.report(table.path.appending("proxy"), problem)
        }

        let calendarDuration = table.duration("calendar_duration", .calendarDuration, &diagnostics)
            ?? DaemonConfiguration.defaultCalendarDuration
        let logRetention = table.duration("log_retention", .retention, &diagnostics) ?? DaemonConfiguration.defaultLogRetention
        let outboxRetention = table.duration("outbox_retention", .retention, &diagnostics)
            ?? DaemonConfiguration.defaultOutboxRetention
        let pageRetention = table.duration("page_retention", .retention, &diagnostics)
        let politeness = PolitenessDecoder.decode(table, &diagnostics)
        let smtp = smtpRelay(table, configFile: configFile, &diagnostics)
        var httpListen: HTTPListenAddress?
        if let text = table.string("http_listen", &diagnostics) {
            switch HTTPListenAddress.parse(text) {
            case .success(let address): httpListen = address
            case .failure(let problem): diagnostics.report(table.path.appending("http_listen"), problem.text)
            }
        }

        var maxConcurrentCycles = DaemonConfiguration.defaultMaxConcurrentCycles
        if let cycles = table.integer("max_concurrent_cycles", &diagnostics) {
            if !(1...maxConcurrentCyclesLimit).contains(cycles) {
                diagnostics.report(table.path.appending("max_concurrent_cycles"),
                                   "\(cycles) is out of range; use 1 to \(maxConcurrentCyclesLimit) (the default is "
                                   + "\(DaemonConfiguration.defaultMaxConcurrentCycles))")
            }
            maxConcurrentCycles = cycles
        }

        guard diagnostics.isClean(since: start), let userAgent else { return nil }
        return DaemonConfiguration(database: database, userAgent: userAgent, mailFrom: mailFrom, interval: interval,
                                   window: window, maxPageBytes: maxPageBytes, proxy: proxy,
                                   maxConnectionsPerHost: politeness.maxConnectionsPerHost,
                                   requestSpacing: politeness.requestSpacing, robotsCache: politeness.robotsCache,
                                   backoffBase: politeness.backoffBase, backoffCap: politeness.backoffCap,
                                   calendarDuration: calendarDuration, smtp: smtp, logRetention: logRetention,
                                   outboxRetention: outboxRetention, pageRetention: pageRetention, httpListen: httpListen,
                                   maxConcurrentCycles: maxConcurrentCycles)
    }

    /// `smtp_url`, `smtp_auth_file`, `smtp_tls`; the last two are errors without the first.
    private static func smtpRelay(_ table: TableReader, configFile: String,
                                  _ diagnostics: inout Diagnostics) -> SMTPRelayConfiguration? {
        let url = table.string("smtp_url", &diagnostics)
        if let url, let problem = URLSetting.smtpProblem(url) {
            diagnostics.report(table.path.appending("smtp_url"), problem)
        }
        var authFile: String?
        if let text = table.string("smtp_auth_file", &diagnostics) {
            switch FilePath.resolve(text, configFile: configFile) {
            case .success(let path): authFile = path
            case .failure(let problem): diagnostics.report(table.path.appending("smtp_auth_file"), problem.text)
            }
        }
        var tls = SMTPRelayConfiguration.TLSMode.startTLS
        if let text = table.string("smtp_tls", &diagnostics) {
            if let mode = SMTPRelayConfiguration.TLSMode(rawValue: text) {
                tls = mode
            } else {
                diagnostics.report(table.path.appending("smtp_tls"),
                                   "\"\(text)\" is not a TLS mode; use \"starttls\" (default) or \"none\" "
                                   + "(for smtps:// URLs TLS is always on)")
            }
        }
        guard let url else {
            for key in ["smtp_auth_file", "smtp_tls"] where table.contains(key) {
                diagnostics.report(table.path.appending(key), "is only used with `smtp_url`; set `smtp_url` or remove it")
            }
            return nil
        }
        return SMTPRelayConfiguration(url: url, authFile: authFile, tls: tls)
    }

    /// Councils' web teams need a way to reach whoever runs a crawler before they block it
    /// (docs/architecture.md, rule 4), and the value goes into an HTTP header.
    static func userAgentProblem(_ userAgent: String) -> String? {
        if PlainText.hasControlCharacters(userAgent) {
            return "must not contain line breaks or other control characters (it is sent as an HTTP header)"
        }
        if !EmailAddress.containsContact(userAgent) {
            return "must include a contact, a URL or an email address, e.g. "
                + "\"agenda-sync/1.0 (+mailto:admin@example.org)\", so that a council's web team can reach you "
                + "instead of blocking the crawler"
        }
        return nil
    }
}
