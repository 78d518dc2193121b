/// The config's checks of single values, for commands that take such a value on the command line
/// (`--user-agent`, a council's URL) or write one for the config (`committees --toml`): the same
/// rules and words as the error lines of `check-config`.
public enum SettingCheck {
    /// Why `id` cannot be a source or subscription id; nil when it can.
    public static func idProblem(_ id: String) -> String? {
        Identifier.problem(id)
    }

    /// Why `userAgent` cannot be `[daemon]`'s `user_agent` (it must carry a contact); nil when it can.
    public static func userAgentProblem(_ userAgent: String) -> String? {
        DaemonDecoder.userAgentProblem(userAgent)
    }

    /// `text` as a source's `base_url` is stored (canonical, ending in "/"), or why it cannot be one.
    public static func baseURL(_ text: String) -> Result<String, BaseURLProblem> {
        URLSetting.normalisedBase(text).mapError { BaseURLProblem(description: $0.text) }
    }
}

/// Why a text cannot be a source's `base_url`, worded as in `check-config`'s error lines.
public struct BaseURLProblem: Error, CustomStringConvertible {
    public var description: String
}
