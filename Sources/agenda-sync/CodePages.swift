#if os(Linux)
import Glibc
#endif

/// Keeps the pages of this binary's code that a run maps to the ones it touches (README "Benchmarks",
/// memory), for the commands that run cycles (`sync`, `run`).
///
/// On a fault in a file mapping whose pages are cached, Linux maps up to 16 cached pages around the
/// one touched (fault-around: 64 KB, never past the VMA). The code a cycle runs is scattered over the
/// binary's ~23 MB of text (the Swift runtime, Foundation and the packages are linked in), so a sync
/// touched 1,366 of its pages (5.3 MB) and had 15.8 MB of them mapped. Advising every other page
/// `MADV_RANDOM` splits the text into one-page VMAs (neighbours whose flags differ never merge), so
/// each fault maps the one page. `MADV_RANDOM` is only the flag that differs: it turns off readahead
/// for those pages, which matters only when the binary is not in the page cache; on its own it does
/// not stop fault-around (Linux 6.18). Nor do `MADV_NOHUGEPAGE` or `MADV_SEQUENTIAL`.
///
/// The cost, measured (docs/performance.md): ~2,900 `madvise` calls at start-up (~18 ms of CPU on the
/// benchmark's machine), one minor fault per code page touched instead of one per 64 KB, and ~5,700
/// VMAs. The pages are the page cache's either way: what changes is how many of them count in this
/// process's resident set.
enum CodePages {
    /// Splits the executable mappings of this binary into one-page VMAs; returns how many pages were
    /// advised. Does nothing (0) where /proc is not readable: the run is the same, only more resident.
    @discardableResult
    static func mapOnlyTouchedPages() -> Int {
        #if os(Linux)
        guard let executable = readLink("/proc/self/exe"), let maps = readProcFile("/proc/self/maps") else { return 0 }
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
        let fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let pages = Int(end - start) / pageSize
        var entries = [UInt64](repeating: 0, count: pages)
        let expected = pages * MemoryLayout<UInt64>.size
        let count = entries.withUnsafeMutableBytes { pread(fd, $0.baseAddress, expected, off_t(start / UInt(pageSize)) * 8) }
        guard count == expected else { return false }
        return entries.allSatisfy { $0 & (1 << 63) == 0 || $0 & (1 << 61) != 0 }
    }

    private static func readLink(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A /proc file whole: they report a size of 0, so read until read(2) returns 0.
    private static func readProcFile(_ path: String) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }
    #endif
}
