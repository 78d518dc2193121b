/// How a source's meetings are read (`[[source]] via`): from the council's HTML pages, or from
/// ModernGov's own XML web service (`mgWebService.asmx`). Both give the same typed `Meeting`;
/// the web service's has no document sizes and no meeting-level documents.
public enum SourceReading: String, Hashable, Codable, Sendable, CaseIterable {
    case html
    case webservice
}
