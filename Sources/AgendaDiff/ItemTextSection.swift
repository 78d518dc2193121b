import AgendaModel

/// Which text of an agenda item an `item.text_changed` change is about.
///
/// Convention: an `item.text_changed` change carries the section's raw value in `title`
/// ("agenda", "minutes" or "decision"), the item's number in `item`, and the whole old and
/// new text in `before` / `after` (either absent when the section was absent).
public enum ItemTextSection: String, CaseIterable, Sendable {
    /// The agenda text under the item's title.
    case agenda
    /// The item's "Minutes:" section.
    case minutes
    /// The item's "Decision:" section.
    case decision

    /// Reads the section's text from an item; an empty text counts as absent.
    func text(of item: AgendaItem) -> String? {
        let text: String? = switch self {
        case .agenda: item.text
        case .minutes: item.minutes?.text
        case .decision: item.decision?.text
        }
        guard let text, !text.isEmpty else { return nil }
        return text
    }
}
