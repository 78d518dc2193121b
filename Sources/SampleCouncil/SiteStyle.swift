/// The site-wide facts a page shows besides its own content.
public struct SiteStyle: Hashable, Sendable {
    /// Shown in the footer, e.g. "Sample Borough Council".
    public var councilName: String
    /// The install's path on its host, "/" or e.g. "/moderngov/" (always with both slashes).
    public var basePath: String
    /// Democratic services contact shown on meeting pages.
    public var contactName: String
    public var contactEmail: String

    public init(councilName: String, basePath: String = "/", contactName: String = "Democratic Services",
                contactEmail: String = "democratic.services@example.gov.uk") {
        self.councilName = councilName
        self.basePath = SiteStyle.normalisedPath(basePath)
        self.contactName = contactName
        self.contactEmail = contactEmail
    }

    public static let sample = SiteStyle(councilName: "Sample Borough Council", contactName: "Priya Shah",
                                         contactEmail: "committee.services@sample-borough.example")

    static func normalisedPath(_ path: String) -> String {
        var path = path
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        return path
    }
}
