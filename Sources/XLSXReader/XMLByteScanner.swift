#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Low-level, allocation-free XML scanning primitives over a byte buffer.
///
/// Every scan is linear in the bytes it looks at, and `tag(at:)` looks at no more than the limit of the markup
/// it scans (`maxTagBytes` for a tag with its attributes, `maxMarkupBytes` for a comment, processing instruction,
/// CDATA section or declaration): it throws `ScanFailure.limit` once that many bytes are there without the end,
/// and `needMore` only while fewer are. A caller that rescans a growing buffer from the same `<` therefore
/// rescans at most the limit each time.
struct XMLByteScanner {
    let base: UnsafePointer<UInt8>
    let count: Int
    /// Largest tag, from `<` to `>` (see `XLSXLimits.maxTagBytes`).
    let maxTagBytes: Int
    /// Largest comment, processing instruction, CDATA section or `<!...>` declaration (`XLSXLimits.maxMarkupBytes`).
    let maxMarkupBytes: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, limits: XLSXLimits = .default) {
        // A non-empty dummy keeps `base` non-optional for empty buffers.
        base = buffer.baseAddress ?? XMLByteScanner.emptyByte
        count = buffer.count
        maxTagBytes = max(limits.maxTagBytes, 16)
        maxMarkupBytes = max(limits.maxMarkupBytes, 16)
    }

    /// What the limit error of each kind of markup says was exceeded.
    static let tagLimitName = "bytes in one tag with its attributes"
    static let commentLimitName = "bytes in one comment <!-- -->"
    static let cdataLimitName = "bytes in one CDATA section <![CDATA[ ]]>"
    static let declarationLimitName = "bytes in one declaration <!...> such as a DOCTYPE"
    static let instructionLimitName = "bytes in one processing instruction <? ?>"

    nonisolated(unsafe) private static let emptyByte: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: 1)
        p.initialize(to: 0)
        return UnsafePointer(p)
    }()

    /// Index of the next `<` at or after `i`, or nil. In sheet XML the next `<` is usually a few bytes away,
    /// so the first bytes are checked inline before calling `memchr`.
    @inline(__always)
    func nextLT(_ i: Int) -> Int? {
        var j = i
        let near = min(count, i &+ 24)
        while j < near {
            if base[j] == 0x3C { return j }
            j &+= 1
        }
        guard j < count, let p = memchr(base + j, 0x3C, count - j) else { return nil }
        return UnsafeRawPointer(p) - UnsafeRawPointer(base)
    }

    /// Index of the first occurrence of `pattern` at or after `i` that ends by `end` (default: the buffer's
    /// end), or nil. Linear: each byte is looked at by `memchr` once and by at most one `memcmp` of the pattern.
    func find(_ pattern: StaticString, from i: Int, end: Int? = nil) -> Int? {
        let plen = pattern.utf8CodeUnitCount
        let pp = pattern.utf8Start
        let limit = min(end ?? count, count)
        var j = i
        while j + plen <= limit {
            guard let p = memchr(base + j, Int32(pp[0]), limit - j) else { return nil }
            let k = UnsafeRawPointer(p) - UnsafeRawPointer(base)
            if k + plen > limit { return nil }
            if memcmp(base + k, pp, plen) == 0 { return k }
            j = k + 1
        }
        return nil
    }

    /// The end of markup that starts at `i` and closes with `pattern` (searched from `from`): the index after
    /// the pattern. Throws `limit` when `maxLength` bytes from `i` hold no end, `needMore` when fewer are there.
    @inline(__always)
    func markupEnd(
        _ pattern: StaticString, start i: Int, from: Int, maxLength: Int,
        what: String
    ) throws(ScanFailure) -> Int {
        let windowEnd = count - i > maxLength ? i + maxLength : count
        if let k = find(pattern, from: from, end: windowEnd) { return k + pattern.utf8CodeUnitCount }
        if windowEnd < count || count - i == maxLength { throw .limit(what: what, limit: maxLength) }
        throw .needMore
    }

    /// True when the bytes at `i` start with `pattern` (false if the buffer is too short).
    @inline(__always)
    func hasPrefix(_ pattern: StaticString, at i: Int) -> Bool {
        let plen = pattern.utf8CodeUnitCount
        return i + plen <= count && memcmp(base + i, pattern.utf8Start, plen) == 0
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// Parses the markup that starts with the `<` at `i`, looking at no more bytes than its limit.
    func tag(at i: Int) throws(ScanFailure) -> XMLTag {
        guard i + 1 < count else { throw .needMore }
        let c = base[i + 1]
        if c == 0x21 {  // '!'
            if count - i < 9 { throw .needMore }
            let close: Int
            if hasPrefix("<!--", at: i) {
                close = try markupEnd(
                    "-->", start: i, from: i + 4, maxLength: maxMarkupBytes,
                    what: Self.commentLimitName)
            } else if hasPrefix("<![CDATA[", at: i) {
                close = try markupEnd(
                    "]]>", start: i, from: i + 9, maxLength: maxMarkupBytes,
                    what: Self.cdataLimitName)
            } else {
                close = try markupEnd(
                    ">", start: i, from: i + 2, maxLength: maxMarkupBytes,
                    what: Self.declarationLimitName)
            }
            return XMLTag(kind: .other, localStart: i, nameEnd: i, attrStart: i, attrEnd: i, end: close)
        }
        if c == 0x3F {  // '?'
            let close = try markupEnd(
                "?>", start: i, from: i + 2, maxLength: maxMarkupBytes,
                what: Self.instructionLimitName)
            return XMLTag(kind: .other, localStart: i, nameEnd: i, attrStart: i, attrEnd: i, end: close)
        }
        // A start, end or empty-element tag: at most `maxTagBytes` from `<` to `>`.
        let end = count - i > maxTagBytes ? i + maxTagBytes : count
        var kind = XMLTagKind.start
        var j = i + 1
        if c == 0x2F {
            kind = .end
            j += 1
        }
        let nameStart = j
        var local = j
        while j < end {
            let b = base[j]
            if b == 0x3E || b == 0x2F || XMLByteScanner.isSpace(b) { break }
            if b == 0x3A { local = j + 1 }
            if b == 0x3C || b == 0x22 || b == 0x27 || b == 0x3D {
                throw .malformed(at: j, expected: "a tag name", found: describe(j))
            }
            j += 1
        }
        guard j < end else { throw tagCut(end) }
        if j == nameStart || local == j { throw .malformed(at: j, expected: "a tag name", found: describe(j)) }
        let nameEnd = j
        var quote: UInt8 = 0
        while j < end {
            let b = base[j]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E {
                break
            } else if b == 0x3C {
                throw .malformed(at: j, expected: "'>' closing the tag", found: "'<'")
            }
            j += 1
        }
        guard j < end else { throw tagCut(end) }
        var attrEnd = j
        if kind == .start && base[j - 1] == 0x2F && j - 1 >= nameEnd {
            kind = .empty
            attrEnd = j - 1
        }
        return XMLTag(kind: kind, localStart: local, nameEnd: nameEnd, attrStart: nameEnd, attrEnd: attrEnd, end: j + 1)
    }

    /// Why a tag scanned up to `end` without its `>` cannot be parsed: the buffer ends (`needMore`), or the
    /// tag's limit was reached first.
    @inline(__always)
    func tagCut(_ end: Int) -> ScanFailure {
        end < count ? .limit(what: Self.tagLimitName, limit: maxTagBytes) : .needMore
    }

    /// The markup at `i`, or nil when the buffer ends inside it.
    @inline(__always)
    func completeTag(at i: Int) throws(ScanFailure) -> XMLTag? {
        do throws(ScanFailure) {
            return try tag(at: i)
        } catch {
            if case .needMore = error { return nil }
            throw error
        }
    }

    /// True when the tag's local name equals `name`.
    @inline(__always)
    func isNamed(_ t: XMLTag, _ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        return t.nameEnd - t.localStart == n && memcmp(base + t.localStart, name.utf8Start, n) == 0
    }

    /// True when the byte range equals `name`.
    @inline(__always)
    func equals(_ s: Int, _ e: Int, _ name: StaticString) -> Bool {
        let n = name.utf8CodeUnitCount
        return e - s == n && memcmp(base + s, name.utf8Start, n) == 0
    }

    /// One attribute: local-name range, whether it had a prefix, and the raw value range.
    struct Attribute {
        var localStart: Int
        var nameEnd: Int
        var prefixed: Bool
        var valueStart: Int
        var valueEnd: Int
    }

    /// Parses the attribute starting at or after `j` and before `end`; returns nil when none is left.
    @inline(__always)
    func attribute(from j: inout Int, end: Int) throws(ScanFailure) -> Attribute? {
        var i = j
        while i < end && XMLByteScanner.isSpace(base[i]) { i += 1 }
        if i >= end {
            j = i
            return nil
        }
        let nameStart = i
        var local = i
        while i < end {
            let b = base[i]
            if b == 0x3D || XMLByteScanner.isSpace(b) { break }
            if b == 0x3A { local = i + 1 }
            i += 1
        }
        let nameEnd = i
        while i < end && XMLByteScanner.isSpace(base[i]) { i += 1 }
        guard i < end, base[i] == 0x3D, nameEnd > nameStart else {
            throw .malformed(at: i, expected: "an attribute name=\"value\"", found: describe(min(i, count - 1)))
        }
        i += 1
        while i < end && XMLByteScanner.isSpace(base[i]) { i += 1 }
        guard i < end, base[i] == 0x22 || base[i] == 0x27 else {
            throw .malformed(at: i, expected: "a quoted attribute value", found: describe(min(i, count - 1)))
        }
        let q = base[i]
        let vs = i + 1
        var k = vs
        while k < end && base[k] != q { k += 1 }
        guard k < end else { throw .malformed(at: vs, expected: "a closing quote", found: "the end of the tag") }
        j = k + 1
        return Attribute(localStart: local, nameEnd: nameEnd, prefixed: local != nameStart, valueStart: vs, valueEnd: k)
    }

    /// The raw value of the unprefixed attribute with local name `name`, or nil.
    func attributeValue(_ t: XMLTag, _ name: StaticString, prefixed: Bool = false) throws(ScanFailure) -> (Int, Int)? {
        var j = t.attrStart
        while let a = try attribute(from: &j, end: t.attrEnd) {
            if a.prefixed == prefixed && equals(a.localStart, a.nameEnd, name) { return (a.valueStart, a.valueEnd) }
        }
        return nil
    }

    /// Skips the element whose start tag is `t` (nested content included); returns the index after it.
    func skipElement(_ t: XMLTag) throws(ScanFailure) -> Int {
        if t.kind != .start { return t.end }
        var depth = 1
        var j = t.end
        while depth > 0 {
            guard let lt = nextLT(j) else { throw .needMore }
            let u = try tag(at: lt)
            switch u.kind {
            case .start: depth += 1
            case .end: depth -= 1
            case .empty, .other: break
            }
            j = u.end
        }
        return j
    }

    /// Appends the character data from `j` up to the next tag to `out` (CDATA sections included, comments
    /// skipped, entities not decoded); returns the index of the `<` of the next element tag. Throws
    /// `limit(what, maxBytes)` as soon as `out` would hold more than `maxBytes` bytes, even before the text ends.
    func rawText(
        from j: Int, into out: inout [UInt8], maxBytes: Int = .max,
        what: String = "bytes in one cell"
    ) throws(ScanFailure) -> Int {
        var i = j
        while true {
            guard let lt = nextLT(i) else {
                if count - i > maxBytes - min(out.count, maxBytes) { throw .limit(what: what, limit: maxBytes) }
                throw .needMore
            }
            out.append(contentsOf: UnsafeBufferPointer(start: base + i, count: lt - i))
            if out.count > maxBytes { throw .limit(what: what, limit: maxBytes) }
            if lt + 1 < count && base[lt + 1] == 0x21 {
                let t = try tag(at: lt)
                if hasPrefix("<![CDATA[", at: lt) {
                    // Mark CDATA content so the decoder leaves '&' alone: escape it as "&amp;".
                    for k in (lt + 9)..<(t.end - 3) {
                        let b = base[k]
                        if b == 0x26 { out.append(contentsOf: [0x26, 0x61, 0x6D, 0x70, 0x3B]) } else { out.append(b) }
                    }
                    if out.count > maxBytes { throw .limit(what: what, limit: maxBytes) }
                }
                i = t.end
                continue
            }
            if lt + 1 >= count { throw .needMore }
            return lt
        }
    }

    /// A short printable description of the bytes at `i` for error messages.
    func describe(_ i: Int) -> String {
        guard i >= 0 && i < count else { return "the end of the data" }
        let n = min(24, count - i)
        let s = String(decoding: UnsafeBufferPointer(start: base + i, count: n), as: UTF8.self)
        return "'" + s.replacingNewlines() + (n == 24 ? "...'" : "'")
    }
}

extension String {
    /// The string with line breaks shown as spaces (for one-line error messages).
    func replacingNewlines() -> String {
        String(self.map { $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
