import CMimalloc

/// The process's memory allocator: mimalloc (Debian's `libmimalloc`), linked into this executable.
///
/// Why not glibc's malloc: a baseline cycle builds and frees a libxml2 tree per page and a few
/// hundred thousand small Swift and SQLite blocks. glibc's malloc spent about 12% of the cycle's
/// instructions (`_int_malloc`, `_int_free`, `malloc_consolidate`: 1.8 G of 15.1 G, callgrind), and
/// its heap grew and shrank with each page. With mimalloc the same cycle takes 10.6% fewer
/// instructions and about a fifth less CPU (docs/performance.md, "Allocator"); an unchanged
/// cycle's peak RSS is 3 MB higher (29 MB, within the 34 MB target). A hand-written arena for
/// libxml2 alone was the alternative: global hooks (`xmlMemSetup`) shared by every thread that
/// parses, for less of the gain.
///
/// Guarantee: nothing but the link line selects it, so a preloaded allocator (heaptrack,
/// valgrind) still takes its place; `name` says which one is in use, and `run` logs it at start.
enum Allocator {
    /// "mimalloc 2.0.9" when malloc is mimalloc's, else "system malloc" (a preloaded allocator).
    static let name: String = {
        guard CMimalloc_ownsMalloc() != 0 else { return "system malloc" }
        let version = Int(mi_version())   // e.g. 209
        return "mimalloc \(version / 100).\(version / 10 % 10).\(version % 10)"
    }()
}
