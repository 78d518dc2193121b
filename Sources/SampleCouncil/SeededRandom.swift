/// A small deterministic random number generator (SplitMix64) and the stable hash
/// (FNV-1a) that seeds it. The standard library's `Hasher` is seeded per process and
/// its `random(in:using:)` algorithms are not promised to stay fixed, so everything the
/// sample site derives from a seed goes through these instead: the same seed gives the
/// same pages on every run and every machine.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator seeded from several values at once, e.g. a corpus seed and a meeting number.
    package init(_ parts: UInt64...) {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        for part in parts { seed = SeededRandom.mix(seed ^ part) }
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededRandom.mix(state)
    }

    package static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniformly chosen integer in `range`.
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) &+ 1
        guard width != 0 else { return Int(truncatingIfNeeded: next()) }
        return range.lowerBound + Int(next().multipliedFullWidth(by: width).high)
    }

    /// True with probability `p`.
    package mutating func chance(_ p: Double) -> Bool {
        Double(next() >> 11) / Double(1 << 53) < p
    }

    package mutating func pick<T>(_ items: [T]) -> T {
        items[int(0...(items.count - 1))]
    }

    /// Fisher–Yates, written out so the order never depends on the standard library's algorithm.
    package mutating func shuffle<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) {
            items.swapAt(i, int(0...i))
        }
    }

    /// `count` lowercase letters and digits.
    package mutating func token(_ count: Int, alphabet: String = "abcdefghijklmnopqrstuvwxyz012345") -> String {
        let letters = Array(alphabet)
        return String((0..<count).map { _ in letters[int(0...(letters.count - 1))] })
    }
}

/// FNV-1a, 64 bit: a stable hash for ETags and seeds.
package enum StableHash {
    package static func fnv1a<S: Sequence<UInt8>>(_ bytes: S) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }

    package static func fnv1a(_ text: String) -> UInt64 {
        fnv1a(text.utf8)
    }
}
