/// Reads a string item (`<si>` in shared strings, `<is>` in an inline-string cell): the text of its `<t>`
/// elements, including rich-text runs `<r><t>`, with phonetic runs `<rPh>` ignored.
extension XMLByteScanner {
    /// Collects the text of the item whose start tag ended at `j`, up to the end tag named `endName`;
    /// returns the decoded text and the index after the end tag.
    func stringItem(
        from j: Int, endName: StaticString, maxBytes: Int,
        raw: inout [UInt8], scratch: inout [UInt8]
    ) throws(ScanFailure) -> (String, Int) {
        raw.removeAll(keepingCapacity: true)
        var phonetic = 0
        var i = j
        var single: (Int, Int)? = nil  // a lone plain <t> run, decoded without copying
        var runs = 0
        while true {
            guard let lt = nextLT(i) else { throw .needMore }
            let t = try tag(at: lt)
            i = t.end
            switch t.kind {
            case .end:
                if isNamed(t, "rPh") {
                    phonetic -= 1
                } else if phonetic == 0 && isNamed(t, endName) {
                    if runs == 1, let (s, e) = single {
                        return (XMLTextDecoder.string(base + s, e - s, scratch: &scratch), t.end)
                    }
                    if raw.count > maxBytes { throw .limit(what: "bytes in one string", limit: maxBytes) }
                    return (XMLTextDecoder.string(raw, scratch: &scratch), t.end)
                }
            case .start:
                if isNamed(t, "rPh") {
                    phonetic += 1
                } else if isNamed(t, "t") {
                    let before = raw.count
                    let close = try rawText(from: t.end, into: &raw, maxBytes: maxBytes, what: "bytes in one string")
                    let u = try tag(at: close)
                    guard u.kind == .end, isNamed(u, "t") else {
                        throw .malformed(at: close, expected: "</t>", found: describe(close))
                    }
                    if phonetic > 0 {
                        raw.removeSubrange(before...)
                    } else {
                        runs += 1
                        // A run without CDATA or comments is the plain byte range.
                        single = (raw.count - before == close - t.end) ? (t.end, close) : nil
                    }
                    if raw.count > maxBytes { throw .limit(what: "bytes in one string", limit: maxBytes) }
                    i = u.end
                }
            case .empty, .other:
                break
            }
        }
    }
}
