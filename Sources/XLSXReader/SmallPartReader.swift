/// Walks the start tags of a small XML part (relationships, workbook) with decoded attributes by local name.
enum SmallPartReader {
    /// Calls `body` with each start or empty tag and its attributes (keys are local names, prefixed
    /// attributes are stored as `prefix-less name` only when no unprefixed attribute of that name exists).
    static func forEachTag(
        _ bytes: [UInt8], limits: XLSXLimits = .default,
        _ body: (XMLByteScanner, XMLTag, [String: String]) throws(ScanFailure) -> Void
    ) throws(ScanFailure) {
        var scratch: [UInt8] = []
        try bytes.withUnsafeBufferPointer { (buf) throws(ScanFailure) in
            let x = XMLByteScanner(buf, limits: limits)
            var i = 0
            var sawElement = false
            while let lt = x.nextLT(i) {
                let t: XMLTag
                do throws(ScanFailure) { t = try x.tag(at: lt) } catch .needMore {
                    throw .malformed(at: lt, expected: "a complete tag", found: "the end of the part")
                }
                i = t.end
                guard t.kind == .start || t.kind == .empty else { continue }
                sawElement = true
                var attrs: [String: String] = [:]
                var j = t.attrStart
                while let a = try x.attribute(from: &j, end: t.attrEnd) {
                    let name = String(
                        decoding: UnsafeBufferPointer(
                            start: x.base + a.localStart,
                            count: a.nameEnd - a.localStart), as: UTF8.self)
                    let value = XMLTextDecoder.string(
                        x.base + a.valueStart, a.valueEnd - a.valueStart, scratch: &scratch)
                    if a.prefixed {
                        attrs["prefixed:" + name] = value
                    } else {
                        attrs[name] = value
                    }
                }
                try body(x, t, attrs)
            }
            if !sawElement {
                throw .malformed(at: 0, expected: "an XML document", found: x.describe(0))
            }
        }
    }
}
