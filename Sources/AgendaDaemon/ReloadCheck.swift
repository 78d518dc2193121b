import AgendaConfig

/// What a SIGHUP can change in a running daemon. Sources, subscriptions, intervals, the date window
/// `mail_from`, the SMTP relay settings and `max_concurrent_cycles` are taken on at once (cycles
/// running past a lowered limit finish). The database, the HTTP client's settings, the
/// HTTP listener's address and the politeness settings belong to objects that live as long as the process (the open store, the
/// client and the per-host state with its pauses and backoff); changing them needs a restart, and
/// a reload that tries is rejected as a whole.
enum ReloadCheck {
    /// The `[daemon]` keys that differ but only a restart can apply; empty when `new` can be applied.
    static func restartOnlyChanges(from old: DaemonConfiguration, to new: DaemonConfiguration) -> [String] {
        var live = old
        live.interval = new.interval
        live.window = new.window
        live.mailFrom = new.mailFrom
        live.smtp = new.smtp
        live.maxConcurrentCycles = new.maxConcurrentCycles
        guard live != new else { return [] }
        var keys: [String] = []
        if old.database != new.database { keys.append("database") }
        if old.userAgent != new.userAgent { keys.append("user_agent") }
        if old.maxPageBytes != new.maxPageBytes { keys.append("max_page_bytes") }
        if old.proxy != new.proxy { keys.append("proxy") }
        if old.maxConnectionsPerHost != new.maxConnectionsPerHost { keys.append("max_connections_per_host") }
        if old.requestSpacing != new.requestSpacing { keys.append("request_spacing") }
        if old.robotsCache != new.robotsCache { keys.append("robots_cache") }
        if old.backoffBase != new.backoffBase { keys.append("backoff_base") }
        if old.backoffCap != new.backoffCap { keys.append("backoff_cap") }
        if old.httpListen != new.httpListen { keys.append("http_listen") }
        return keys.isEmpty ? ["[daemon]"] : keys.map { "daemon.\($0)" }
    }
}
