@testable import AgendaFetch
import Testing

/// How the collector turns libcurl's header lines (one call per line, CRLF included) into fields.
/// Real servers are exercised by the other fetch tests; these are the line shapes they rarely send.
struct ResponseHeaderTests {
    private func collect(_ lines: [[UInt8]], maxBodyBytes: Int = 1 << 20) -> ResponseCollector {
        let collector = ResponseCollector(maxBodyBytes: maxBodyBytes)
        for line in lines {
            line.withUnsafeBufferPointer { collector.addHeaderLine($0) }
        }
        return collector
    }

    private func fields(_ collector: ResponseCollector) -> [String] {
        collector.headers.map { "\($0.name)=\($0.value)" }
    }

    @Test func fieldsAreSplitAtTheFirstColonAndTrimmedOfSpacesAndTabs() {
        let collector = collect([
            Array("HTTP/1.1 200 OK\r\n".utf8),
            Array("Content-Type: \t text/html; charset=utf-8 \t\r\n".utf8),
            Array("Location:http://127.0.0.1:8080/a?b=c:d\r\n".utf8),
            Array("X-Empty:\r\n".utf8),
            Array("Name-Then-Space \t: v\n".utf8),
            Array("no colon here\r\n".utf8),
            Array("\r\n".utf8),
        ])
        #expect(fields(collector) == [
            "Content-Type=text/html; charset=utf-8",
            "Location=http://127.0.0.1:8080/a?b=c:d",
            "X-Empty=",
            "Name-Then-Space=v",
        ])
    }

    @Test func aFoldedLineContinuesThePreviousField() {
        let collector = collect([
            Array("HTTP/1.1 200 OK\r\n".utf8),
            Array("X-Long: first\r\n".utf8),
            Array(" \t second part \r\n".utf8),
            Array("X-Blank:\r\n".utf8),
            Array("\tafter blank\r\n".utf8),
        ])
        #expect(fields(collector) == ["X-Long=first second part", "X-Blank=after blank"])
    }

    @Test func aFoldedLineBeforeAnyFieldIsDropped() {
        let collector = collect([Array("HTTP/1.1 200 OK\r\n".utf8), Array(" orphan\r\n".utf8)])
        #expect(collector.headers.isEmpty)
    }

    @Test func bytesThatAreNotUTF8BecomeReplacementCharacters() {
        let collector = collect([Array("HTTP/1.1 200 OK\r\n".utf8), Array("X-Name: caf".utf8) + [0xE9] + Array("\r\n".utf8)])
        #expect(fields(collector) == ["X-Name=caf\u{FFFD}"])
    }

    @Test func aNewStatusLineStartsANewResponse() {
        let collector = collect([
            Array("HTTP/1.1 301 Moved Permanently\r\n".utf8),
            Array("Location: /next\r\n".utf8),
            Array("\r\n".utf8),
            Array("HTTP/1.1 200 OK\r\n".utf8),
            Array("ETag: \"v2\"\r\n".utf8),
        ])
        #expect(fields(collector) == ["ETag=\"v2\""])
    }

    @Test func aDeclaredLengthSizesTheBodyOnceWithinTheLimit() {
        let sized = collect([Array("HTTP/1.1 200 OK\r\n".utf8), Array("content-LENGTH: 40000\r\n".utf8)])
        #expect(sized.body.capacity >= 40_000)
        let capped = collect([Array("HTTP/1.1 200 OK\r\n".utf8), Array("Content-Length: 999999999\r\n".utf8)], maxBodyBytes: 1_000)
        #expect(capped.body.capacity < 100_000)
        let nonsense = collect([Array("HTTP/1.1 200 OK\r\n".utf8), Array("Content-Length: -5\r\n".utf8)])
        #expect(nonsense.body.capacity == 0)
    }
}
