import Testing

@testable import RFMCore

/// `DuplicateRowFinder` against the obvious set-based loop, and the collector's duplicate rule when the copies lie
/// on both sides of the preview (rows checked while reading and rows checked at the end).
@Suite struct DuplicateRowFinderTests {
    /// Every row flagged when an earlier row has the same two words: the reference the partitioned finder must match.
    static func reference(_ fingerprints: [UInt64]) -> [Bool] {
        struct Key: Hashable { let a: UInt64, b: UInt64 }
        var seen = Set<Key>()
        return (0..<(fingerprints.count / 2)).map {
            !seen.insert(Key(a: fingerprints[2 * $0], b: fingerprints[2 * $0 + 1])).inserted
        }
    }

    @Test(arguments: [0, 1, 2, 3, 100, 2_049, 10_000, 70_000])
    func sameAsASet(rows n: Int) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15 &* UInt64(n + 1)
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return RowFingerprint.fmix(state)
        }
        var fingerprints = [UInt64]()
        for i in 0..<n {
            let r = next()
            if i > 0 && r % 7 == 0 {
                // a copy of an earlier row, near or far
                let j = Int(next() % UInt64(i))
                fingerprints += [fingerprints[2 * j], fingerprints[2 * j + 1]]
            } else if i > 0 && r % 11 == 0 {
                // same first word as an earlier row, different second word: not a duplicate
                let j = Int(next() % UInt64(i))
                fingerprints += [fingerprints[2 * j], next()]
            } else if r % 13 == 0 {
                fingerprints += [0, 0]  // the all-zero fingerprint is an ordinary value
            } else {
                fingerprints += [next(), next()]
            }
        }
        let found = DuplicateRowFinder.laterOccurrences(fingerprints)
        #expect(found == Self.reference(fingerprints))
        if n >= 100 { #expect(found.contains(true) && found.contains(false)) }
    }

    @Test("copies before, across and after the preview: the first occurrence stays, the table and counts match")
    func duplicatesAroundThePreview() throws {
        var rows = [[String]]()
        for i in 0..<400 {
            rows.append(["A\(i)", "2011-01-\(10 + i % 15)", "\(i + 1)", "\(12_000 + i % 50)"])
            if i == 5 { rows.append(rows[2]) }  // a copy while the preview fills (found at once)
            if i == 250 { rows.append(rows[3]) }  // a late copy of an early row (found at the end)
            if i == 300 { rows.append(rows[280]) }  // a late copy of a late row
            if i == 310 { rows.append(rows[280]) }  // and another one
        }
        let t = try collect(header: ["Invoice", "Date", "Amount", "Customer"], rows: rows)
        #expect(t.cleaning.removed[.duplicateRows] == 4)
        #expect(t.count == 400 && t.cleaning.rowsAfter == 400)
        // The kept rows are the 400 distinct ones, in their order.
        #expect(t.amount == (0..<400).map { Double($0 + 1) })
        #expect(t.invoice.map { t.invoices.string($0) } == (0..<400).map { "A\($0)" })
        #expect(t.preview.count == TransactionCollector.previewRows)
        #expect(t.preview.map(\.invoice) == (0..<TransactionCollector.previewRows).map { "A\($0)" })
    }
}
