import Foundation

/// Keeps the pages of this binary's code that a run maps to the ones it touches (README "Benchmarks",
/// memory), for the commands that run cycles (`sync`, `run`).
///
/// On a fault in a file mapping whose pages are cached, Linux maps up to 16 cached pages around the
/// one touched (fault-around: 64 KB, never past the VMA). The code a cycle runs is scattered over the
/// binary's ~23 MB of text (the Swift runtime, Foundation and the packages are linked in), so a sync
/// touched 1,366 of its pages (5.3 MB) and had 15.8 MB of them mapped. Advising every other page
/// `MADV_RANDOM` splits the text into one-page VMAs (neighbours whose flags differ never merge), so
/// each fault maps the one page. `MADV_RANDOM` is only the flag that differs (a readahead hint, which
/// changes nothing while the binary is in the page cache); on its own, on the whole mapping, it does
/// not stop fault-around (Linux 6.18), nor do `MADV_NOHUGEPAGE` or `MADV_SEQUENTIAL`.
///
/// The cost, measured (docs/performance.md): ~2,850 `madvise` calls at start-up (~18 ms of CPU on the
/// benchmark's machine), one minor fault per code page touched instead of one per 64 KB, and ~5,700
/// VMAs. The pages are the page cache's either way: what changes is how many of them count in this
/// process's resident set.
enum CodePages {
    /// Splits the executable mappings of this binary into one-page VMAs; returns how many pages were
    /// advised. Does nothing (0) where /proc is not readable: the run is the same, only more resident.
    @discardableResult
    static func mapOnlyTouchedPages() -> Int {
        #if os(Linux)
        guard let executable = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe"),
              let data = try? FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps")).readToEnd() else { return 0 }
        let maps = String(decoding: data, as: UTF8.self)
        let pageSize = sysconf(Int32(_SC_PAGESIZE))
        var advised = 0
        for line in maps.split(separator: "\n") {
            // start-end perms offset dev inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1].contains("x"),
                  fields[5].drop(while: { $0 == " " }) == executable[...] else { continue }
            let bounds = fields[0].split(separator: "-").compactMap { UInt(String($0), radix: 16) }
            guard bounds.count == 2 else { continue }
            let (start, end) = (bounds[0], bounds[1])
            var page = start + UInt(pageSize)
            while page + UInt(pageSize) <= end {
                if madvise(UnsafeMutableRawPointer(bitPattern: page), pageSize, MADV_RANDOM) == 0 { advised += 1 }
                page += 2 * UInt(pageSize)
            }
            // What start-up ran before this (the Swift runtime, parsing the arguments) was mapped 64 KB
            // at a time: unmap it, and what runs again comes back a page at a time. Only when every
            // page is still the file's: a debugger's breakpoint or a uprobe is a private copy, which
            // MADV_DONTNEED would discard.
            if onlyFilePages(from: start, to: end, pageSize: pageSize) {
                madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_DONTNEED)
            }
        }
        return advised
        #else
        return 0
        #endif
    }

    #if os(Linux)
    /// Whether every page of [start, end) that is present is a page of the file (/proc/self/pagemap:
    /// bit 63 present, bit 61 file-page or shared), none a private copy.
    private static func onlyFilePages(from start: UInt, to end: UInt, pageSize: Int) -> Bool {
        guard let pagemap = FileHandle(forReadingAtPath: "/proc/self/pagemap") else { return false }
        defer { try? pagemap.close() }
        let pages = Int(end - start) / pageSize
        guard (try? pagemap.seek(toOffset: UInt64(start / UInt(pageSize)) * 8)) != nil,
              let data = try? pagemap.read(upToCount: pages * 8), data.count == pages * 8 else { return false }
        return (0..<pages).allSatisfy { index in
            let entry = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) }
            return entry & (1 << 63) == 0 || entry & (1 << 61) != 0
        }
    }
    #endif
}
