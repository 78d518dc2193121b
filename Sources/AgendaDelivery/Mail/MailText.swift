import AgendaCore
import AgendaDiff

extension MailText {
    /// One line of at most `limit` characters: cut at a word boundary when one is near, ending in "…".
    static func oneLine(_ text: String, limit: Int) -> String {
        shortened(oneLine(text), to: limit)
    }

    static func shortened(_ text: String, to limit: Int) -> String {
        NoticeSummary.shortened(text, to: limit)
    }
}
