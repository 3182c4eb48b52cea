/// SplitMix64 (Steele, Lea & Flood 2014): a tiny seeded generator, the same on every platform.
struct SplitMix64: Sendable {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in 0..<1 from the top 53 bits.
    mutating func unit() -> Double { Double(next() >> 11) * 0x1.0p-53 }
}

/// Picks `k` of `n` indices uniformly without replacement, in increasing order (Knuth's Algorithm S), from a seed.
func deterministicSample(count n: Int, keep k: Int, seed: UInt64) -> [Int] {
    guard k < n else { return Array(0..<n) }
    var rng = SplitMix64(seed: seed)
    var out: [Int] = []
    out.reserveCapacity(k)
    for i in 0..<n where out.count < k {
        if Double(n - i) * rng.unit() < Double(k - out.count) { out.append(i) }
    }
    return out
}
