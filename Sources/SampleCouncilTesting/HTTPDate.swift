import Foundation
import SampleCouncil

/// IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") for Last-Modified / If-Modified-Since.
enum HTTPDate {
    static func format(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let days = seconds.floorDiv(86_400)
        let (y, m, d) = LondonTime.civil(fromDays: days)
        let rest = seconds - days * 86_400
        let weekday = String(LondonTime.weekdayNames[(days + 4).floorMod(7)].prefix(3))
        let month = String(LondonTime.monthNames[m - 1].prefix(3))
        return "\(weekday), \(pad(d)) \(month) \(pad(y, 4)) \(pad(rest / 3600)):\(pad(rest % 3600 / 60)):\(pad(rest % 60)) GMT"
    }

    static func parse(_ text: String) -> Date? {
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", let day = Int(parts[1]), let year = Int(parts[3]),
              let month = LondonTime.monthNames.firstIndex(where: { $0.hasPrefix(parts[2]) }) else { return nil }
        let clock = parts[4].split(separator: ":").compactMap { Int($0) }
        guard clock.count == 3 else { return nil }
        let seconds = LondonTime.days(year: year, month: month + 1, day: day) * 86_400 + clock[0] * 3600 + clock[1] * 60 + clock[2]
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}
