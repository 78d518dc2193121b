import AgendaCore
import AgendaModel
import Foundation

/// The built-in council of `agenda-sync demo`: "Sample Borough Council" (source id "sample"),
/// three committees and seven meetings placed around a reference date (on weekdays), so that the demo's
/// window (past and future days) finds recent and upcoming meetings on any day it runs.
///
/// | meeting | committee | when (moved off weekends) | published |
/// |---|---|---|---|
/// | 2041 | Cabinet | reference −21 days, 7:00 pm | agenda, decisions, minutes |
/// | 2042 | Cabinet | +9 days, 7:00 pm | agenda |
/// | 2043 | Planning Committee | −7 days, 6:30 pm | agenda (minutes not yet out) |
/// | 2044 | Planning Committee | +16 days, 6:30 pm | agenda |
/// | 2045 | Planning Committee | +44 days, 6:30 pm | nothing yet |
/// | 2046 | Children and Families Scrutiny Committee | −35 days, 10:00 am | agenda, minutes |
/// | 2047 | Children and Families Scrutiny Committee | +23 days, 10:00 am | agenda |
public enum SampleCouncilData {
    public static let sourceID = "sample"
    public static let councilName = "Sample Borough Council"

    public static let cabinet = Committee(id: 101, name: "Cabinet")
    public static let planning = Committee(id: 102, name: "Planning Committee")
    public static let scrutiny = Committee(id: 103, name: "Children and Families Scrutiny Committee")
    public static let committees = [cabinet, planning, scrutiny]

    /// The meeting numbers (MId) of the sample council.
    public enum Meetings {
        public static let cabinetPast = 2041
        public static let cabinetNext = 2042
        public static let planningPast = 2043
        public static let planningNext = 2044
        public static let planningLater = 2045
        public static let scrutinyPast = 2046
        public static let scrutinyNext = 2047
        public static let all = [cabinetPast, cabinetNext, planningPast, planningNext, planningLater, scrutinyPast, scrutinyNext]
    }

    static let chamber = "Council Chamber, Town Hall, High Street, Sampleton, SM1 1AA"
    static let committeeRoom1 = "Committee Room 1, Town Hall, High Street, Sampleton, SM1 1AA"
    static let committeeRoom2 = "Committee Room 2, Civic Centre, Sampleton"

    /// The council's content around `reference` (meeting days are counted in London's calendar).
    /// `noiseSeed` nil gives clean pages.
    public static func content(reference: Date, base: String = SiteContent.placeholderBase, noiseSeed: UInt64? = 1) -> SiteContent {
        var content = SiteContent(sourceID: sourceID, councilName: councilName, base: base, committees: committees,
                                  categories: [101: "Executive", 102: "Regulatory", 103: "Overview and Scrutiny"],
                                  meetings: [], noise: noiseSeed.map(PageNoise.init(seed:)) ?? .none)
        let today = LondonDateTime(reference)
        func meeting(_ number: Int, _ committee: Committee, days: Int, hour: Int, minute: Int, venue: String,
                     published: PublishedFlags, items: [AgendaItem], supplements: [MeetingFactory.Supplement] = []) -> Meeting {
            let time = today.adding(days: days).movedOffWeekend().at(hour: hour, minute: minute)
            return Meeting(id: MeetingID(source: sourceID, number: number),
                           url: content.meetingURL(committee: committee.id, meeting: number), committee: committee,
                           title: MeetingFactory.title(committee: committee.name, at: time), start: time, venue: venue,
                           status: .confirmed, published: published,
                           actionDocuments: MeetingFactory.actionDocuments(content: content, packID: number + 9, committee: committee.name,
                                                                           at: time, published: published, supplements: supplements,
                                                                           sizeSeed: number * 37),
                           items: items)
        }
        let all = PublishedFlags(agenda: true, minutes: true, decisions: true)
        let agendaOnly = PublishedFlags(agenda: true, minutes: false, decisions: false)
        let agendaMinutes = PublishedFlags(agenda: true, minutes: true, decisions: false)
        let nothing = PublishedFlags(agenda: false, minutes: false, decisions: false)

        content.meetings = [
            meeting(Meetings.cabinetPast, cabinet, days: -21, hour: 19, minute: 0, venue: chamber, published: all,
                    items: AgendaItemSpec.build(cabinetPastItems, content: content, firstNumber: 41, firstItemID: 60410, firstDocumentID: 120410)),
            meeting(Meetings.cabinetNext, cabinet, days: 9, hour: 19, minute: 0, venue: chamber, published: agendaOnly,
                    items: AgendaItemSpec.build(cabinetNextItems, content: content, firstNumber: 49, firstItemID: 60420, firstDocumentID: 120420),
                    supplements: [.init(id: 24411, title: "Supplement: Agenda Item 55 - Consultation Responses", size: "PDF 2 MB")]),
            meeting(Meetings.planningPast, planning, days: -7, hour: 18, minute: 30, venue: committeeRoom1, published: agendaOnly,
                    items: AgendaItemSpec.build(planningPastItems, content: content, firstNumber: 21, firstItemID: 60430, firstDocumentID: 120430),
                    supplements: [.init(id: 24431, title: "Late Representations", size: "PDF 412 KB")]),
            meeting(Meetings.planningNext, planning, days: 16, hour: 18, minute: 30, venue: committeeRoom1, published: agendaOnly,
                    items: AgendaItemSpec.build(planningNextItems, content: content, firstNumber: 28, firstItemID: 60440, firstDocumentID: 120440)),
            meeting(Meetings.planningLater, planning, days: 44, hour: 18, minute: 30, venue: committeeRoom1, published: nothing, items: []),
            meeting(Meetings.scrutinyPast, scrutiny, days: -35, hour: 10, minute: 0, venue: committeeRoom2, published: agendaMinutes,
                    items: AgendaItemSpec.build(scrutinyPastItems, content: content, firstNumber: 11, firstItemID: 60460, firstDocumentID: 120460)),
            meeting(Meetings.scrutinyNext, scrutiny, days: 23, hour: 10, minute: 0, venue: committeeRoom2, published: agendaOnly,
                    items: AgendaItemSpec.build(scrutinyNextItems, content: content, firstNumber: 18, firstItemID: 60470, firstDocumentID: 120470)),
        ]
        return content
    }

    // MARK: agenda texts

    package static let apologiesText = "To receive any apologies for absence and notification of substitute members."
    package static let interestsText = "Members are asked to declare any disclosable pecuniary interests or any other registrable or non-registrable interests relevant to items on this agenda.\nShould members require any advice on declarations of interest, please contact the relevant Democratic Services Officer in advance of the meeting."
    package static let previousMinutesText = "To confirm as a correct record the minutes of the previous meeting."
    package static let publicQuestionsText = "A period of up to 30 minutes during which any resident of the Borough may ask a question on matters relevant to the Committee.\nQuestions must be submitted in writing to Democratic Services by 10am on the third working day before the meeting."

    static let cabinetPastItems: [AgendaItemSpec] = [
        .init("Apologies for Absence", text: apologiesText,
              minutes: "Apologies for absence were received from Councillor Farah Malik."),
        .init("Declarations of Interest", text: interestsText, minutes: "There were no declarations of interest."),
        .init("Minutes of the Previous Meeting", text: previousMinutesText,
              documents: [("", "Minutes of Previous Meeting.pdf", "PDF 142 KB")],
              minutes: "The minutes of the previous meeting were agreed as a correct record and signed by the Chair."),
        .init("Public Questions", text: publicQuestionsText,
              minutes: "Two questions had been received from residents.\nThe Leader of the Council responded to a question about the condition of the footway on Station Road, and the Cabinet Member for Environment responded to a question about the introduction of charges for garden waste collection."),
        .init("Revenue Budget Monitoring 2026/27 – Quarter 1",
              text: "To note the forecast revenue outturn position at the end of the first quarter and to approve the proposed budget virements.",
              documents: [("", "Revenue Budget Monitoring Q1 Report.pdf", "PDF 311 KB"),
                          ("Appendix A - Directorate Forecasts", "Appendix A - Directorate Forecasts.pdf", "PDF 188 KB"),
                          ("Appendix B - Savings Tracker", "Appendix B - Savings Tracker.pdf", "PDF 96 KB")],
              minutes: "The Cabinet Member for Finance introduced the report, which set out a forecast overspend of £2.4 million against the net revenue budget, mainly arising from demand pressures in children’s social care placements and home to school transport.\nMembers noted that the forecast had been prepared before the outcome of the national pay award was known, and that a further pressure of up to £0.6 million could arise if the award exceeded the budgeted assumption of 3 per cent.\nIn response to questions, the Director of Finance confirmed that recovery plans had been requested from each directorate and that progress would be reported at Quarter 2. The Leader emphasised the importance of protecting frontline services while the Council’s reserves remained below the level recommended by the Section 151 Officer",
              minutesTruncated: true,
              decision: "RESOLVED that:\n1. the forecast revenue overspend of £2.4 million at the end of Quarter 1 be noted; and\n2. the budget virements set out in Appendix A be approved."),
        .init("Local Cycling and Walking Infrastructure Plan",
              text: "To approve the Local Cycling and Walking Infrastructure Plan for public consultation.",
              documents: [("", "LCWIP Cabinet Report.pdf", "PDF 254 KB"),
                          ("Appendix 1 - Draft LCWIP", "Appendix 1 - Draft LCWIP.pdf", "PDF 6 MB"),
                          ("Appendix 2 - Equality Impact Assessment", "Appendix 2 - Equality Impact Assessment.pdf", "PDF 121 KB")],
              minutes: "The Cabinet Member for Transport presented the draft plan, which identified twelve priority cycling routes and six core walking zones across the Borough.\nMembers welcomed the plan and asked that the consultation include targeted engagement with schools and with disabled residents’ groups.",
              decision: "RESOLVED that the draft Local Cycling and Walking Infrastructure Plan be approved for an eight week public consultation."),
        .init("Sampleton Town Centre Regeneration: Compulsory Purchase Order",
              text: "To seek authority to make a Compulsory Purchase Order to assemble the land required for the Sampleton Town Centre regeneration scheme.",
              documents: [("", "Town Centre CPO Report.pdf", "PDF 402 KB"),
                          ("Appendix 1 - Order Map", "Appendix 1 - Order Map.pdf", "PDF 2 MB")],
              minutes: "The Cabinet considered a report seeking authority to make a Compulsory Purchase Order for land at Market Square and Bridge Street.\nThe Director of Place advised that negotiations with landowners would continue in parallel and that the Order would only be used as a last resort.",
              decision: "RESOLVED that the Director of Place be authorised to make the Sample Borough Council (Sampleton Town Centre) Compulsory Purchase Order 2026."),
        .init("Exclusion of the Press and Public",
              text: "To consider whether to exclude the press and public from the meeting during consideration of the following item, on the grounds that it involves the likely disclosure of exempt information as defined in paragraph 3 of Part 1 of Schedule 12A to the Local Government Act 1972.",
              minutes: "RESOLVED that the press and public be excluded from the meeting for the following item of business."),
    ]

    static let cabinetNextItems: [AgendaItemSpec] = [
        .init("Apologies for Absence", text: apologiesText),
        .init("Declarations of Interest", text: interestsText),
        .init("Minutes of the Previous Meeting", text: previousMinutesText,
              documents: [("", "Minutes of Previous Meeting.pdf", "PDF 156 KB")]),
        .init("Public Questions", text: publicQuestionsText),
        .init("Revenue Budget Monitoring 2026/27 – Quarter 2",
              text: "To note the forecast revenue outturn position at the end of the second quarter and progress against the savings programme.",
              documents: [("", "Revenue Budget Monitoring Q2 Report.pdf", "PDF 298 KB"),
                          ("Appendix A - Directorate Forecasts", "Appendix A - Directorate Forecasts Q2.pdf", "PDF 201 KB"),
                          ("Appendix B - Capital Programme", "Appendix B - Capital Programme Q2.pdf", "PDF 144 KB")]),
        .init("Medium Term Financial Strategy 2027/28 to 2030/31",
              text: "To consider the updated Medium Term Financial Strategy and the budget gap for 2027/28 before public consultation on the budget proposals.",
              documents: [("", "MTFS Cabinet Report.pdf", "PDF 366 KB"),
                          ("Appendix 1 - Budget Consultation Proposals", "Appendix 1 - Budget Consultation Proposals.pdf", "PDF 233 KB")]),
        .init("Home to School Transport Policy",
              text: "To approve a revised Home to School Transport Policy for the 2027/28 academic year, following consultation with parents, schools and the Parent Carer Forum.",
              documents: [("", "Home to School Transport Policy Report.pdf", "PDF 219 KB"),
                          ("Appendix 1 - Equality Impact Assessment", "Appendix 1 - HTST Equality Impact Assessment.pdf", "PDF 98 KB")]),
    ]

    static let planningPastItems: [AgendaItemSpec] = [
        .init("Apologies for Absence and Substitutions", text: apologiesText),
        .init("Declarations of Interest", text: interestsText),
        .init("Minutes of the Previous Meeting", text: previousMinutesText,
              documents: [("", "Planning Minutes of Previous Meeting.pdf", "PDF 118 KB")]),
        .init("Planning Application 25/01187/FUL - Land at Mill Lane, Sampleton",
              text: "Erection of 48 dwellings (including 14 affordable homes) with associated access from Mill Lane, parking and landscaping.\nRecommendation: Grant permission subject to conditions and a Section 106 agreement.",
              documents: [("", "25-01187-FUL Mill Lane Report.pdf", "PDF 512 KB"),
                          ("Appendix 1 - Site Plan", "25-01187-FUL Appendix 1 - Site Plan.pdf", "PDF 1 MB"),
                          ("Appendix 2 - Consultation Responses", "25-01187-FUL Appendix 2 - Consultation Responses.pdf", "PDF 377 KB")]),
        .init("Planning Application 25/01342/HOU - 14 Orchard Close, Eastgate",
              text: "Two storey side extension and single storey rear extension.\nRecommendation: Grant permission subject to conditions.",
              documents: [("", "25-01342-HOU 14 Orchard Close Report.pdf", "PDF 188 KB")]),
        .init("Listed Building Consent 25/01405/LBC - The Old Rectory, Church Street",
              text: "Internal alterations and replacement of rear timber windows.\nRecommendation: Grant listed building consent subject to conditions.",
              documents: [("", "25-01405-LBC Old Rectory Report.pdf", "PDF 203 KB")]),
        .init("Planning Appeals Update",
              text: "To note the planning appeal decisions received since the last meeting.",
              documents: [("", "Planning Appeals Update.pdf", "PDF 87 KB")]),
    ]

    /// The Minutes sections that `DemoScript.publishMinutes` adds to meeting 2043, by item id.
    static let planningPastMinutes: [String: String] = [
        "AI60430": "Apologies for absence were received from Councillor Daniel Okafor. Councillor Ruth Evans attended as his substitute.",
        "AI60431": "Councillor Evans declared a non-registrable interest in item 24 as she lived on Mill Lane, and left the room during its consideration.",
        "AI60432": "The minutes of the previous meeting were agreed as a correct record.",
        "AI60433": "The Committee considered the report of the Head of Planning on an application for 48 dwellings on land at Mill Lane.\nTwo residents spoke in objection, raising concerns about traffic on Mill Lane and flooding at the southern edge of the site. The agent for the applicant spoke in support.\nIt was proposed, seconded and RESOLVED that planning permission be granted subject to the conditions set out in the report and the completion of a Section 106 agreement securing 14 affordable homes and a contribution of £310,000 towards school places.",
        "AI60434": "RESOLVED that planning permission be granted subject to the conditions set out in the report.",
        "AI60435": "RESOLVED that listed building consent be granted subject to the conditions set out in the report.",
        "AI60436": "The Committee noted the appeal decisions, including the allowed appeal at Victoria Road, and asked officers to circulate the Inspector’s reasoning to all members.",
    ]

    static let planningNextItems: [AgendaItemSpec] = [
        .init("Apologies for Absence and Substitutions", text: apologiesText),
        .init("Declarations of Interest", text: interestsText),
        .init("Minutes of the Previous Meeting", text: previousMinutesText,
              documents: [("", "Planning Minutes of Previous Meeting 2.pdf", "PDF 131 KB")]),
        .init("Planning Application 25/01520/FUL - Former Bus Depot, Station Road",
              text: "Demolition of the existing depot buildings and erection of a part four, part six storey building comprising 96 flats with ground floor commercial space.\nRecommendation: Grant permission subject to conditions and a Section 106 agreement.",
              documents: [("", "25-01520-FUL Former Bus Depot Report.pdf", "PDF 644 KB"),
                          ("Appendix 1 - Plans and Elevations", "25-01520-FUL Appendix 1 - Plans and Elevations.pdf", "PDF 4 MB")]),
        .init("Planning Application 25/01611/OUT - Land North of Hillcrest Farm",
              text: "Outline application for up to 120 dwellings with all matters reserved except access.\nRecommendation: Refuse permission.",
              documents: [("", "25-01611-OUT Hillcrest Farm Report.pdf", "PDF 498 KB")]),
        .init("Planning Enforcement Quarterly Report",
              text: "To note the planning enforcement activity for the quarter to 30 September.",
              documents: [("", "Planning Enforcement Quarterly Report.pdf", "PDF 142 KB")]),
    ]

    static let scrutinyPastItems: [AgendaItemSpec] = [
        .init("Apologies for Absence", text: apologiesText, minutes: "Apologies for absence were received from Councillor Tom Bradshaw."),
        .init("Declarations of Interest", text: interestsText,
              minutes: "Councillor Achebe declared that she was a governor of Riverside Primary School."),
        .init("Minutes of the Previous Meeting", text: previousMinutesText,
              documents: [("", "Scrutiny Minutes of Previous Meeting.pdf", "PDF 97 KB")],
              minutes: "The minutes of the previous meeting were agreed as a correct record."),
        .init("SEND Sufficiency Strategy Update",
              text: "To scrutinise progress on the SEND Sufficiency Strategy, including the new specialist resource provision opening in September.",
              documents: [("", "SEND Sufficiency Strategy Update.pdf", "PDF 276 KB"),
                          ("Appendix 1 - Specialist Place Projections", "Appendix 1 - Specialist Place Projections.pdf", "PDF 84 KB")],
              minutes: "The Director of Education presented an update on the SEND Sufficiency Strategy. The number of Education, Health and Care Plans maintained by the Council had risen by 11 per cent in the year, and 62 per cent of new plans had been issued within the statutory 20 week timescale.\nMembers asked about the use of independent specialist placements, which accounted for £9.8 million of high needs spending, and about the waiting times for assessments by the educational psychology service.\nThe Committee welcomed the opening of two new resource provisions and asked for a breakdown of travel times for children placed outside the Borough",
              minutesTruncated: true),
        .init("School Place Planning 2026–2031",
              text: "To consider the forecast demand for primary and secondary school places over the next five years.",
              documents: [("", "School Place Planning 2026-2031.pdf", "PDF 331 KB")],
              minutes: "The Committee noted the forecast fall in reception numbers and the continuing rise in demand for secondary places until 2029.\nMembers asked that the impact of new housing at Mill Lane and Station Road be included in the next forecast."),
        .init("Children’s Social Care Annual Complaints Report",
              text: "To receive the annual report on complaints and compliments about children’s social care services.",
              documents: [("", "Childrens Social Care Complaints Report.pdf", "PDF 158 KB")],
              minutes: "The Committee received the annual complaints report. Members noted that most complaints had been resolved at stage 1 and asked for learning from complaints to be reported to the Corporate Parenting Panel."),
        .init("Work Programme",
              text: "To review the Committee’s work programme for the remainder of the municipal year.",
              documents: [("", "Scrutiny Work Programme.pdf", "PDF 64 KB")],
              minutes: "The work programme was agreed, with the addition of an item on youth services in the next cycle."),
    ]

    static let scrutinyNextItems: [AgendaItemSpec] = [
        .init("Apologies for Absence", text: apologiesText),
        .init("Declarations of Interest", text: interestsText),
        .init("Minutes of the Previous Meeting", text: previousMinutesText,
              documents: [("", "Scrutiny Minutes of Previous Meeting 2.pdf", "PDF 102 KB")]),
        .init("Youth Services Review",
              text: "To scrutinise the findings of the review of youth services and the proposed model of delivery from April 2027.",
              documents: [("", "Youth Services Review.pdf", "PDF 287 KB"),
                          ("Appendix 1 - Young People’s Survey Results", "Appendix 1 - Young Peoples Survey Results.pdf", "PDF 1 MB")]),
        .init("Elective Home Education Annual Report",
              text: "To receive the annual report on children and young people who are electively home educated.",
              documents: [("", "Elective Home Education Annual Report.pdf", "PDF 133 KB")]),
        .init("Work Programme",
              text: "To review the Committee’s work programme for the remainder of the municipal year.",
              documents: [("", "Scrutiny Work Programme 2.pdf", "PDF 66 KB")]),
    ]
}
