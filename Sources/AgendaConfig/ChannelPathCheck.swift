/// Refuses channel paths that would make delivery write into a file that is not theirs: a file,
/// calendar or atom channel's `path` or an email `spool` that is (or lies inside) the database, its `-wal` or `-shm`
/// file, this config file, a secret or SMTP credentials file, or another subscription's path or
/// spool (email subscriptions may share one spool, not nest one inside another). The file channel cuts a partial last line before it appends, so pointed at the database it
/// would destroy it while reporting "delivered".
///
/// Paths are compared as written (made absolute and tidied: `//`, `.` and `..` resolved), without
/// looking at the file system: the config names files that need not exist yet. Delivery checks the
/// file it actually opens as well (no symbolic links, regular files only, never the database).
enum ChannelPathCheck {
    /// One subscription's channel path, and where its key is.
    struct ChannelPath {
        var key: ConfigKeyPath
        var subscriptionID: String
        var path: String
        var isSpool: Bool
        /// What the path is, for messages: "the notice file", "the spool", "the calendar file", "the feed file".
        var noun: String
    }

    static func check(daemon: DaemonConfiguration?, configFile: String,
                      subscriptions: [(table: ConfigKeyPath, configuration: SubscriptionConfiguration)],
                      _ diagnostics: inout Diagnostics) {
        var protected: [(path: String, what: String)] = [(configFile, "this config file")]
        if let daemon {
            protected += [(daemon.database, "the database"), (daemon.database + "-wal", "the database's WAL file"),
                          (daemon.database + "-shm", "the database's shared-memory file")]
            if let authFile = daemon.smtp?.authFile { protected.append((authFile, "smtp_auth_file")) }
        }
        var channels: [ChannelPath] = []
        for (table, subscription) in subscriptions {
            // (key, path, noun) of the channel's own file or folder; a webhook has none, only a secret to protect.
            let written: (key: String, path: String, noun: String)
            switch subscription.channel {
            case .file(let settings): written = ("path", settings.path, "the notice file")
            case .email(let settings): written = ("spool", settings.spool, "the spool")
            case .calendar(let settings): written = ("path", settings.path, "the calendar file")
            case .atom(let settings): written = ("path", settings.path, "the feed file")
            case .webhook(let settings):
                protected.append((settings.secretFile, "the secret_file of subscription \"\(subscription.id)\""))
                continue
            }
            channels.append(ChannelPath(key: table.appending(written.key), subscriptionID: subscription.id,
                                        path: written.path, isSpool: written.key == "spool", noun: written.noun))
        }
        for (index, channel) in channels.enumerated() {
            let path = tidied(channel.path)
            let noun = channel.noun
            if let clash = protected.first(where: { contains(tidied($0.path), path) }) {
                let relation = tidied(clash.path) == path ? "is" : "lies inside"
                diagnostics.report(channel.key, "\(noun) \"\(channel.path)\" \(relation) \(clash.what) (\(clash.path)); "
                                   + "notices must go to a \(channel.isSpool ? "folder" : "file") of their own")
                continue
            }
            for earlier in channels[..<index] {
                let other = tidied(earlier.path)
                // Email subscriptions may share a spool (each message is its own file, named by its
                // notice id); a spool inside another one, or a file in or at a spool, is a mix-up.
                let sharedSpool = channel.isSpool && earlier.isSpool && other == path
                guard !sharedSpool, contains(other, path) || contains(path, other) else { continue }
                let line = diagnostics.locations.line(for: earlier.key)
                diagnostics.report(channel.key, "\(noun) \"\(channel.path)\" "
                                   + (other == path ? "is also" : "overlaps") + " the path of subscription "
                                   + "\"\(earlier.subscriptionID)\" (line \(line)); each subscription needs a path of its own")
                break
            }
        }
    }

    /// True when `inner` is `outer` or a path below it.
    static func contains(_ outer: String, _ inner: String) -> Bool {
        inner == outer || inner.hasPrefix(outer.hasSuffix("/") ? outer : outer + "/")
    }

    /// `path` with `//` and `.` removed and `..` applied, without a trailing `/`.
    static func tidied(_ path: String) -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..":
                if let last = parts.last, last != ".." {
                    parts.removeLast()
                } else if !path.hasPrefix("/") {
                    parts.append(part)   // above a relative path's start; "/.." is "/"
                }
            default: parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return path.hasPrefix("/") ? "/" + joined : joined
    }
}
