import AgendaCore
import Foundation
import Testing

@Suite("HTTP-dates")
struct HTTPDateTests {
    static let date = Date(timeIntervalSince1970: 784_111_777)   // Sun, 06 Nov 1994 08:49:37 GMT

    @Test func writesIMFFixdate() {
        #expect(HTTPDate.format(Self.date) == "Sun, 06 Nov 1994 08:49:37 GMT")
        #expect(HTTPDate.format(Date(timeIntervalSince1970: 0)) == "Thu, 01 Jan 1970 00:00:00 GMT")
    }

    @Test(arguments: ["Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
                      "  Sun, 06 Nov 1994 08:49:37 GMT "])
    func readsAllThreeForms(text: String) {
        #expect(HTTPDate.parse(text) == Self.date)
    }

    @Test(arguments: ["yesterday", "Sun, 31 Feb 1994 08:49:37 GMT", "Sun, 06 Nov 1994 24:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 UTC",
                      "06 Nov 1994 08:49:37 GMT", "Sun, 06 Nov 1899 08:49:37 GMT", ""])
    func refusesAnythingElse(text: String) {
        #expect(HTTPDate.parse(text) == nil)
    }

    @Test func roundTripsEverySecondOfADayAcrossYears() {
        for seconds in stride(from: -2_208_988_800, through: 4_102_444_800, by: 86_400 * 37 + 3_607) {
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            #expect(HTTPDate.parse(HTTPDate.format(date)) == date)
        }
    }
}
