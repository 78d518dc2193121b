import AgendaModel

/// A meeting page's two headings: the main title (`h1.mgMainTitleTxt`, "Agenda and minutes") and
/// the sub-title (`h2.mgSubTitleTxt`, committee, date and time). On a page that uses the class
/// nowhere, the main title is the first `h1`, and the sub-title the first heading that holds a
/// meeting date.
struct MeetingHeadings {
    let mainTitle: HTMLNode?
    let subtitle: HTMLNode?

    init(content: HTMLNode, vocabulary: ClassVocabulary) {
        mainTitle = vocabulary.contains(.mainTitle) ? content.first("h1", class: "mgMainTitleTxt") : content.first("h1")
        if vocabulary.contains(.subTitle) {
            subtitle = content.first("h2", class: "mgSubTitleTxt")
        } else {
            subtitle = content.descendants.first { node in
                (node.is("h1") || node.is("h2") || node.is("h3") || node.is("h4")) && SubTitle(node.text(singleLine: true)).date != nil
            }
        }
    }
}

/// A meeting page read with its structure check: what `check-source` shows of a page.
public struct MeetingPageReading: Sendable {
    public var meeting: Meeting
    /// What the page shows, counted apart from the reading.
    public var evidence: MeetingPageEvidence
    /// The structure check's findings, errors first; no error means `parse` returns `meeting`.
    public var findings: [StructureFinding]
}

/// A committee's meeting list read with its structure check.
public struct MeetingListReading: Sendable {
    public var list: MeetingList
    public var evidence: MeetingListEvidence
    /// The structure check's findings, errors first; no error means `parse` returns `list`.
    public var findings: [StructureFinding]
}
