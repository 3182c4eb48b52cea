/// Finds the rows whose 128-bit fingerprint equals an earlier row's (SPEC §3 rule 5: exact duplicates, the first
/// occurrence kept), over all the rows at once.
///
/// One hash set over every row (as the collector once kept while reading) misses the cache on almost every
/// insert once it outgrows it: 170 ns a row on Online Retail, the largest part of the cleaning thread's time.
/// Here the fingerprints are first split by their top bits into partitions of a few thousand rows (two sequential
/// passes), then each partition goes through a hash table small enough to stay in the cache. Within a partition
/// the rows keep their order, so the first occurrence is the one kept.
public enum DuplicateRowFinder {
    /// Rows per partition aimed at: a partition's hash table (8 KiB-32 KiB) stays in the first-level cache.
    static let partitionTarget = 2048

    /// For every row, whether an earlier row has the same fingerprint. `fingerprints` holds two words per row
    /// (`RowFingerprint.finalised`), rows in order.
    public static func laterOccurrences(_ fingerprints: [UInt64]) -> [Bool] {
        let n = fingerprints.count / 2
        var duplicate = [Bool](repeating: false, count: n)
        if n < 2 { return duplicate }
        var bits = 0
        while bits < 16 && (n >> bits) > partitionTarget { bits += 1 }
        let partitions = 1 << bits
        let shift = UInt64(64 - bits)
        @inline(__always) func partition(_ word: UInt64) -> Int {
            bits == 0 ? 0 : Int(truncatingIfNeeded: word &>> shift)
        }
        // Partition by the top bits of the first word (stable: rows keep their order within a partition).
        let starts = UnsafeMutablePointer<Int>.allocate(capacity: partitions + 1)
        let next = UnsafeMutablePointer<Int>.allocate(capacity: partitions)
        let rows = UnsafeMutablePointer<UInt32>.allocate(capacity: n)
        let keys = UnsafeMutablePointer<UInt64>.allocate(capacity: 2 * n)
        defer {
            starts.deallocate()
            next.deallocate()
            rows.deallocate()
            keys.deallocate()
        }
        starts.initialize(repeating: 0, count: partitions + 1)
        fingerprints.withUnsafeBufferPointer { fp in
            for i in 0..<n { starts[partition(fp[2 &* i]) &+ 1] &+= 1 }
            for p in 0..<partitions { starts[p &+ 1] &+= starts[p] }
            next.initialize(from: starts, count: partitions)
            for i in 0..<n {
                let p = partition(fp[2 &* i])
                let at = next[p]
                rows[at] = UInt32(truncatingIfNeeded: i)
                keys[2 &* at] = fp[2 &* i]
                keys[2 &* at &+ 1] = fp[2 &* i &+ 1]
                next[p] = at &+ 1
            }
        }
        // Each partition through a small open-addressing table of positions in `keys` (0: empty), hashed by the
        // low bits (the top bits are the partition's).
        var largest = 0
        for p in 0..<partitions { largest = max(largest, starts[p &+ 1] &- starts[p]) }
        var size = 16
        while size < 2 * largest { size <<= 1 }
        let table = UnsafeMutablePointer<UInt32>.allocate(capacity: size)
        defer { table.deallocate() }
        duplicate.withUnsafeMutableBufferPointer { dp in
            for p in 0..<partitions {
                let first = starts[p]
                let count = starts[p &+ 1] &- first
                if count < 2 { continue }
                var slots = 16
                while slots < 2 &* count { slots <<= 1 }
                let mask = slots &- 1
                table.initialize(repeating: 0, count: slots)
                for j in first..<first &+ count {
                    let a = keys[2 &* j]
                    let b = keys[2 &* j &+ 1]
                    var s = Int(truncatingIfNeeded: a) & mask
                    while true {
                        let held = table[s]
                        if held == 0 {
                            table[s] = UInt32(truncatingIfNeeded: j &- first &+ 1)
                            break
                        }
                        let other = first &+ Int(held) &- 1
                        if keys[2 &* other] == a && keys[2 &* other &+ 1] == b {
                            dp[Int(rows[j])] = true
                            break
                        }
                        s = (s &+ 1) & mask
                    }
                }
            }
        }
        return duplicate
    }
}
