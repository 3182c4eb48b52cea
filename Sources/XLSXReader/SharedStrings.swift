/// Parses the shared-string table (`sst`) into an array of decoded strings, once per workbook.
enum SharedStrings {
    /// The strings of the `<si>` items in order.
    static func parse(_ bytes: [UInt8], limits: XLSXLimits) throws(ScanFailure) -> [String] {
        var result: [String] = []
        var raw: [UInt8] = []
        var scratch: [UInt8] = []
        try bytes.withUnsafeBufferPointer { (buf) throws(ScanFailure) in
            let x = XMLByteScanner(buf, limits: limits)
            var i = 0
            while let lt = x.nextLT(i) {
                let t: XMLTag
                do throws(ScanFailure) { t = try x.tag(at: lt) } catch .needMore {
                    throw .malformed(at: lt, expected: "a complete tag", found: "the end of the part")
                }
                i = t.end
                if t.kind == .start && x.isNamed(t, "sst"),
                    let (s, e) = try x.attributeValue(t, "uniqueCount"),
                    let n = Int(String(decoding: UnsafeBufferPointer(start: x.base + s, count: e - s), as: UTF8.self))
                {
                    result.reserveCapacity(min(max(n, 0), limits.maxSharedStrings, 1 << 22))
                }
                guard x.isNamed(t, "si"), t.kind == .start || t.kind == .empty else { continue }
                if result.count >= limits.maxSharedStrings {
                    throw .limit(what: "shared strings", limit: limits.maxSharedStrings)
                }
                if t.kind == .empty {
                    result.append("")
                    continue
                }
                do throws(ScanFailure) {
                    let (s, next) = try x.stringItem(
                        from: t.end, endName: "si", maxBytes: limits.maxCellBytes,
                        raw: &raw, scratch: &scratch)
                    result.append(s)
                    i = next
                } catch .needMore {
                    throw .malformed(at: lt, expected: "a complete <si> string item", found: "the end of the part")
                }
            }
        }
        return result
    }
}
