import AgendaCore
import SampleCouncil

/// Deterministic council prose for the benchmark corpus: item titles, agenda text, minutes and
/// decisions in the register of UK committee papers.
struct CorpusText {
    var random: SeededRandom

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    // MARK: titles

    mutating func topic() -> String {
        random.pick(CorpusText.topics)
    }

    mutating func substantiveTitle() -> String {
        let topic = topic()
        switch random.int(0...9) {
        case 0: return "\(topic) – Annual Report"
        case 1: return "\(topic): Update"
        case 2: return "Quarter \(random.int(1...4)) Performance Report"
        case 3: return "\(topic) Strategy 2026–2030"
        case 4: return "Petition: \(random.pick(CorpusText.roads)) Traffic Calming"
        case 5: return "Consultation Response: \(topic)"
        case 6: return "Planning Application 25/0\(random.int(1000...2999))/\(random.pick(["FUL", "OUT", "HOU", "LBC", "RES"])) - \(random.int(2...140)) \(random.pick(CorpusText.roads)), \(random.pick(CorpusText.wards))"
        case 7: return "Fees and Charges 2027/28"
        case 8: return "\(topic) (Key Decision)"
        default: return topic
        }
    }

    // MARK: prose

    mutating func agendaText() -> String {
        var paragraphs = [fill(random.pick(CorpusText.agendaSentences))]
        if random.chance(0.6) { paragraphs.append(paragraph(CorpusText.agendaSentences, sentences: 1...3)) }
        if random.chance(0.2) { paragraphs.append("(For information only)") }
        return paragraphs.joined(separator: "\n")
    }

    /// A paragraph of minutes, 2–5 sentences.
    mutating func minutesParagraph() -> String {
        paragraph(CorpusText.minutesSentences, sentences: 2...5)
    }

    mutating func decision() -> String {
        var lines = ["RESOLVED that:"]
        for number in 1...random.int(1...3) {
            lines.append("\(number). " + fill(random.pick(CorpusText.resolutions)))
        }
        return lines.joined(separator: "\n")
    }

    mutating func paragraph(_ bank: [String], sentences: ClosedRange<Int>) -> String {
        (0..<random.int(sentences)).map { _ in fill(random.pick(bank)) }.joined(separator: " ")
    }

    /// Replaces the {slots} of a template.
    mutating func fill(_ template: String) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            out += value(for: rest[rest.index(after: open)..<close])
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    private mutating func value(for slot: Substring) -> String {
        switch slot {
        case "councillor": return "Councillor " + random.pick(CorpusText.surnames)
        case "role": return random.pick(CorpusText.roles)
        case "ward": return random.pick(CorpusText.wards)
        case "road": return random.pick(CorpusText.roads)
        case "topic": return topic().lowercased()
        case "partner": return random.pick(CorpusText.partners)
        case "month": return random.pick(CivilDate.monthNames)
        case "year": return String(random.int(2019...2027))
        case "amount": return "\(random.int(1...24)).\(random.int(1...9))"
        case "k": return String(random.int(12...950))
        case "n": return String(random.int(3...480))
        case "p": return String(random.int(8...96))
        default: return String(slot)
        }
    }

    // MARK: banks

    static let topics = [
        "Revenue Budget Monitoring", "Capital Programme", "Treasury Management Mid-Year Review", "Corporate Risk Register",
        "Internal Audit Progress Report", "Local Plan Review", "Air Quality Action Plan", "SEND Sufficiency Strategy",
        "School Place Planning", "Homelessness and Rough Sleeping Strategy", "Climate Emergency Action Plan",
        "Highways Maintenance Programme", "Parking Policy Review", "Libraries Transformation", "Adult Social Care Charging Policy",
        "Community Safety Partnership Plan", "Housing Revenue Account Business Plan", "Leisure Centre Procurement",
        "Town Centre Regeneration", "Waste and Recycling Contract", "Corporate Parenting Annual Report",
        "Youth Justice Plan", "Flood Risk Management Strategy", "Council Tax Reduction Scheme", "Digital Strategy",
        "Workforce Strategy", "Safeguarding Adults Board Annual Report", "Public Health Annual Report",
        "Local Cycling and Walking Infrastructure Plan", "Tree and Woodland Strategy", "Empty Homes Strategy",
        "Statement of Licensing Policy", "Gambling Policy Review", "Member Code of Conduct Complaints",
        "Pension Fund Investment Strategy", "Better Care Fund Plan", "Early Help Strategy", "Cost of Living Support",
    ]

    static let roles = [
        "Director of Finance", "Head of Planning", "Director of Children’s Services", "Executive Director of Place",
        "Chief Executive", "Monitoring Officer", "Head of Audit and Assurance", "Director of Public Health",
        "Assistant Director for Housing", "Head of Highways", "Director of Adult Social Care", "Head of Regulatory Services",
    ]

    static let wards = [
        "Northfield", "Eastgate", "St Mary’s", "Riverside", "Hillcrest", "Abbey", "Westwood", "Kingsmead", "Old Town",
        "Meadowbank", "Castle", "Priory", "Southfields", "Brook Green",
    ]

    static let roads = [
        "Mill Lane", "Station Road", "Church Street", "High Street", "Victoria Road", "Queens Avenue", "Park Road",
        "London Road", "Manor Way", "Orchard Close", "Bridge Street", "Market Square", "Chapel Lane", "Green Lane",
    ]

    static let surnames = [
        "Patel", "O’Neill", "Hughes", "Okafor", "Evans", "Malik", "Bradshaw", "Achebe", "Nowak", "Fitzgerald",
        "Kaur", "Thompson", "Ahmed", "MacLeod", "Williams", "Osei", "Clarke", "Novak",
    ]

    static let partners = [
        "the Integrated Care Board", "the Police", "the Fire and Rescue Service", "Healthwatch", "the Voluntary Sector Forum",
        "the Environment Agency", "the Local Enterprise Partnership", "the Housing Association",
    ]

    static let agendaSentences = [
        "To consider a report of the {role} on the {topic}.",
        "To note progress against the actions agreed by the Committee in {month} {year}.",
        "To agree the recommendations set out in paragraph {n} of the report.",
        "The report sets out the findings of the consultation held in {month}, which received {n} responses.",
        "Members are asked to comment on the proposed approach before a final decision is taken by the Cabinet.",
        "The report summarises performance against the Council’s key indicators for the quarter.",
        "To receive an update from {partner} on joint work in the {ward} area.",
        "To approve the allocation of £{k},000 from the capital programme for the scheme.",
        "The appended plan sets out the priorities for the next three years and the resources required to deliver them.",
        "To consider the petition received from residents of {road} and the officer response to it.",
    ]

    static let minutesSentences = [
        "The Committee considered a report of the {role} on the {topic}.",
        "{councillor} asked whether the proposals had been discussed with ward councillors in {ward}, and the {role} confirmed that a briefing had been held in {month}.",
        "Members noted that the forecast cost had risen to £{amount} million, mainly as a result of construction inflation.",
        "In response to a question from {councillor}, officers confirmed that the consultation had received {n} responses, {p} per cent of which supported the proposal.",
        "The Chair thanked officers for the report and for the work undertaken with partners across the {ward} area.",
        "It was noted that a further report would be brought to the Committee in {month} {year}.",
        "{councillor} expressed concern about the impact on residents of {road} and asked that the traffic modelling be shared with all members.",
        "Members welcomed the improvement in performance, noting that {p} per cent of cases had been completed within the target timescale.",
        "The {role} explained that the Council’s approach reflected statutory guidance issued in {year}.",
        "Following debate, the recommendation was proposed by {councillor}, seconded by {councillor}, and carried on being put to the vote.",
        "Members asked about the arrangements for monitoring delivery, and were advised that progress would be reported to the Committee quarterly.",
        "The representative of {partner} addressed the Committee and outlined the work being done to reduce waiting times.",
        "A resident of {road} spoke in objection to the proposal, citing concerns about parking, overlooking and the loss of mature trees.",
        "The Committee was informed that the scheme would be funded from existing budgets at a cost of £{k},000.",
        "{councillor} asked how the proposals would affect residents on low incomes, and the {role} undertook to provide a written answer.",
        "It was reported that {n} households in {ward} had been contacted as part of the engagement exercise.",
        "Members stressed the importance of clear communication with residents and businesses before any changes were introduced.",
        "The {role} acknowledged that recruitment to specialist posts remained difficult and set out the steps being taken to address this.",
        "The Committee noted the risks identified in section {n} of the report and the mitigations proposed.",
        "In discussion, members referred to the Council’s Climate Emergency declaration and asked that the carbon impact of the options be assessed.",
    ]

    static let resolutions = [
        "the report be noted;",
        "the recommendations set out in the report be approved;",
        "the {role} be authorised, in consultation with the relevant Cabinet Member, to finalise the detailed arrangements;",
        "a further report be brought to the Committee in {month} {year};",
        "the allocation of £{k},000 from the capital programme be approved;",
        "the comments of the Committee be forwarded to the Cabinet for consideration;",
        "the revised policy be adopted with effect from 1 April.",
    ]
}
