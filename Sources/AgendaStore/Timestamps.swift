import AgendaCore
import Foundation
import GRDB

// The one place where the store turns its TEXT timestamp columns into `Date`s and back: RFC 3339
// UTC text (`Timestamp`, "2026-11-29T07:00:00Z"), sortable and readable in sqlite3. Never GRDB's
// own `Date` conversion, which writes another format.

extension Row {
    /// The `Date` in a nullable timestamp column; nil when it is NULL.
    func timestamp(_ column: String) throws(StoreError) -> Date? {
        guard let text: String = self[column] else { return nil }
        guard let date = Timestamp.date(text) else { throw .corruptRecord("\(column) is not a timestamp: \(text)") }
        return date
    }

    /// The `Date` in a NOT NULL timestamp column.
    func requiredTimestamp(_ column: String) throws(StoreError) -> Date {
        guard let date = try timestamp(column) else { throw .corruptRecord("\(column) is NULL") }
        return date
    }

    /// The `Date` in the nullable timestamp column at `index` (named `column` in errors).
    func timestamp(at index: Int, _ column: String) throws(StoreError) -> Date? {
        guard let text: String = self[index] else { return nil }
        guard let date = Timestamp.date(text) else { throw .corruptRecord("\(column) is not a timestamp: \(text)") }
        return date
    }

    /// The `Date` in the NOT NULL timestamp column at `index` (named `column` in errors).
    func requiredTimestamp(at index: Int, _ column: String) throws(StoreError) -> Date {
        guard let date = try timestamp(at: index, column) else { throw .corruptRecord("\(column) is NULL") }
        return date
    }
}
