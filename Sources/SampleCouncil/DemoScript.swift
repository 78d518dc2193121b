import AgendaModel

/// One scripted change the demo applies to the sample council after the baseline sync.
public struct DemoStep: Sendable {
    /// A short id, e.g. "document-added".
    public var name: String
    /// One line for the demo's output, e.g. "Cabinet (+9 days): Appendix C added to item 53".
    public var description: String
    /// The meeting the step changes (MId), nil when it changes none.
    public var meeting: Int?
    /// The change kinds a correct sync reports for the step (empty: no notice at all).
    public var expected: [ChangeKind]
    public var apply: @Sendable (inout SiteContent) -> Void
}

/// The demo's script, in order: (a) a document added to an item, (b) minutes published for a
/// past meeting, (c) a meeting cancelled, (d) a noise-only change. Each step is also available
/// as a function on `SiteContent`.
public enum DemoScript {
    public static let steps: [DemoStep] = [
        DemoStep(name: "document-added",
                 description: "Cabinet (upcoming): \"Appendix C - Savings Tracker\" added to item 53, Revenue Budget Monitoring",
                 meeting: SampleCouncilData.Meetings.cabinetNext, expected: [.documentAdded],
                 apply: { $0.demoAddDocument() }),
        DemoStep(name: "minutes-published",
                 description: "Planning Committee (last week): minutes published",
                 meeting: SampleCouncilData.Meetings.planningPast, expected: [.minutesPublished],
                 apply: { $0.demoPublishMinutes() }),
        DemoStep(name: "meeting-cancelled",
                 description: "Planning Committee (in six weeks): meeting cancelled",
                 meeting: SampleCouncilData.Meetings.planningLater, expected: [.meetingCancelled],
                 apply: { $0.demoCancelMeeting() }),
        DemoStep(name: "noise-only",
                 description: "Every page re-rendered with new session tokens, view-state, dates and whitespace (no real change)",
                 meeting: nil, expected: [],
                 apply: { $0.demoChangeNoise() }),
    ]
}

extension SiteContent {
    /// Step (a): "Appendix C - Savings Tracker" joins the additional documents of item 53 of meeting 2042.
    public mutating func demoAddDocument() {
        let url = documentURL("s120428", "Appendix C - Savings Tracker Q2.pdf")
        updateMeeting(SampleCouncilData.Meetings.cabinetNext) { meeting in
            guard let index = meeting.items.firstIndex(where: { $0.number == "53" }),
                  !meeting.items[index].documents.contains(where: { $0.url == url }) else { return }
            meeting.items[index].documents.append(Document(title: "Appendix C - Savings Tracker", url: url, size: "PDF 73 KB"))
        }
    }

    /// Step (b): meeting 2043 gets printed minutes, a Minutes section on every item, and the
    /// main title "Agenda and minutes".
    public mutating func demoPublishMinutes() {
        let content = self
        updateMeeting(SampleCouncilData.Meetings.planningPast) { meeting in
            meeting.published.minutes = true
            MeetingFactory.insertPrintedMinutes(&meeting, content: content, sizeSeed: meeting.id.number * 37)
            for index in meeting.items.indices {
                if let text = SampleCouncilData.planningPastMinutes[meeting.items[index].id] {
                    meeting.items[index].minutes = ItemSection(text: text, truncated: false)
                }
            }
        }
    }

    /// Step (c): meeting 2045 is cancelled (", CANCELLED" in its title line, "Proposed venue:").
    public mutating func demoCancelMeeting() {
        updateMeeting(SampleCouncilData.Meetings.planningLater) { $0.status = .cancelled }
    }

    /// Step (d): a new noise seed on every page; nothing a subscriber cares about changes.
    public mutating func demoChangeNoise() {
        noise = PageNoise(seed: (noise.seed ?? 0) &+ 7919)
    }
}
