import CUserfaultfd
import Foundation

/// Keeps the code pages a run maps — its own and its shared libraries' — to the ones it touches
/// (README "Benchmarks", memory), for the commands that run cycles (`sync`, `run`).
///
/// On a fault in a file mapping whose pages are cached, Linux maps up to 16 cached pages around the
/// one touched (fault-around, 64 KB). The code a cycle runs is scattered over the binary's ~23 MB of
/// text (the Swift runtime, Foundation and the packages are linked in), so an unchanged sync touched
/// 1,366 of its pages (5.3 MB) and had 15.8 MB of them mapped. Linux skips fault-around in a mapping
/// registered with a userfaultfd for write-protect faults; with `UFFD_FEATURE_WP_ASYNC` (Linux ≥ 6.7)
/// the kernel resolves such faults itself, so the registration is all it takes: nothing is
/// write-protected and no thread waits for faults. The code pages start-up had already mapped, 64 KB
/// at a time, are then unmapped; what runs again comes back a page at a time.
///
/// `MADV_RANDOM`, `MADV_SEQUENTIAL` or `MADV_NOHUGEPAGE` on the mapping do not stop fault-around
/// (Linux 6.18); splitting the text into one-page mappings does, but cost ~18 ms of CPU at every
/// start (docs/performance.md). This costs a few system calls, and a page fault per code page
/// touched instead of one per 64 KB. On an older kernel, or where a seccomp filter refuses
/// userfaultfd, nothing changes: the run is the same, its code mapped 64 KB at a time. The pages are
/// the page cache's either way: what changes is how many of them count in this process's resident set.
enum CodePages {
    /// Registers every executable file mapping of the process (see above) and unmaps its pages mapped
    /// so far; returns how many were registered (0 when the kernel refused the userfaultfd: then
    /// nothing was changed).
    @discardableResult
    static func mapOnlyTouchedPages() -> Int {
        #if os(Linux)
        let mappings = executableFileMappings()
        // The descriptor stays open for the life of the process: closing it would end the registrations.
        let userfaultfd = agenda_userfaultfd_wp_async()
        guard userfaultfd >= 0, !mappings.isEmpty else { return 0 }
        var registered = 0
        for (start, end) in mappings where agenda_userfaultfd_register_wp(userfaultfd, UInt(start), UInt(end - start)) == 0 {
            registered += 1
            // Only when every page is still the file's: a debugger's breakpoint or a uprobe is a
            // private copy, which MADV_DONTNEED would discard.
            if onlyFilePages(from: start, to: end) {
                madvise(UnsafeMutableRawPointer(bitPattern: start), Int(end - start), MADV_DONTNEED)
            }
        }
        return registered
        #else
        return 0
        #endif
    }

    #if os(Linux)
    private static let pageSize = UInt(sysconf(Int32(_SC_PAGESIZE)))

    /// The bounds of the process's executable mappings of files (the binary, the shared libraries),
    /// from /proc/self/maps.
    private static func executableFileMappings() -> [(UInt, UInt)] {
        guard let data = try? FileHandle(forReadingFrom: URL(fileURLWithPath: "/proc/self/maps")).readToEnd() else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            // start-end perms offset dev inode path
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1].contains("x"), fields[5].drop(while: { $0 == " " }).hasPrefix("/") else { return nil }
            let bounds = fields[0].split(separator: "-").compactMap { UInt(String($0), radix: 16) }
            return bounds.count == 2 ? (bounds[0], bounds[1]) : nil
        }
    }

    /// Whether every page of [start, end) that is present is a page of the file (/proc/self/pagemap:
    /// bit 63 present, bit 61 file-page or shared), none a private copy.
    private static func onlyFilePages(from start: UInt, to end: UInt) -> Bool {
        guard let pagemap = FileHandle(forReadingAtPath: "/proc/self/pagemap") else { return false }
        defer { try? pagemap.close() }
        let pages = Int((end - start) / pageSize)
        guard (try? pagemap.seek(toOffset: UInt64(start / pageSize) * 8)) != nil,
              let data = try? pagemap.read(upToCount: pages * 8), data.count == pages * 8 else { return false }
        return (0..<pages).allSatisfy { index in
            let entry = data.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index * 8, as: UInt64.self) }
            return entry & (1 << 63) == 0 || entry & (1 << 61) != 0
        }
    }
    #endif
}
