import AgendaModel

/// Which detailed changes a meeting-level change already says, so a notice does not drown
/// its reader in the parts of one event.
///
/// - A published flag that flips covers its own parts: when minutes are published, the
///   "Minutes:" sections appearing on every item and the printed-minutes document are the
///   publication, not N more changes (likewise decisions ↔ "Decision:" sections and printed
///   decisions; agenda ↔ item agenda texts, frontsheet and reports pack). A flag that falls
///   (true → false) is not announced at all, so its parts vanish silently too.
/// - New agenda items stay listed when the agenda is published: they are what it says.
/// - A cancellation, or an agenda withdrawn, covers items and documents disappearing.
struct Subsumption {
    private let agendaFlipped: Bool
    private let minutesFlipped: Bool
    private let decisionsFlipped: Bool
    /// Item and document removals are part of a cancellation or a withdrawn agenda.
    let removalsAreSilent: Bool

    init(old: Meeting, new: Meeting) {
        agendaFlipped = old.published.agenda != new.published.agenda
        minutesFlipped = old.published.minutes != new.published.minutes
        decisionsFlipped = old.published.decisions != new.published.decisions
        let cancelled = old.status == .confirmed && new.status == .cancelled
        let agendaWithdrawn = old.published.agenda && !new.published.agenda
        removalsAreSilent = cancelled || agendaWithdrawn
    }

    func isSilent(_ section: ItemTextSection) -> Bool {
        switch section {
        case .agenda: agendaFlipped
        case .minutes: minutesFlipped
        case .decision: decisionsFlipped
        }
    }

    /// Whether an action document of this kind appearing or disappearing is already said.
    func isSilentAddedOrRemoved(_ kind: ActionDocumentKind) -> Bool {
        switch kind {
        case .frontsheet, .reportsPack: agendaFlipped
        case .printedMinutes: minutesFlipped
        case .printedDecisions: decisionsFlipped
        case .supplement, .other: false
        }
    }
}
