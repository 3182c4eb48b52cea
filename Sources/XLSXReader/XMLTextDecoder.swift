/// Turns raw XML character data into a String: entities, numeric character references, `_xHHHH_` escapes
/// (ECMA-376 Part 1, 22.9.2.19) and CR/CRLF line-end normalisation.
enum XMLTextDecoder {
    /// Decodes `count` raw bytes at `p`, using `scratch` as working space when decoding is needed.
    static func string(_ p: UnsafePointer<UInt8>, _ count: Int, scratch: inout [UInt8]) -> String {
        var needs = false
        for k in 0..<count {
            let b = p[k]
            if b == 0x26 || b == 0x0D || (b == 0x5F && k + 1 < count && p[k + 1] == 0x78) {
                needs = true
                break
            }
        }
        if !needs { return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self) }
        scratch.removeAll(keepingCapacity: true)
        decode(p, count, into: &scratch)
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Decodes the bytes of an array (used after CDATA-aware text collection).
    static func string(_ bytes: [UInt8], scratch: inout [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { b in
            guard let p = b.baseAddress else { return "" }
            return string(p, b.count, scratch: &scratch)
        }
    }

    /// Appends the decoded bytes to `out`; runs of plain bytes are copied whole.
    static func decode(_ p: UnsafePointer<UInt8>, _ count: Int, into out: inout [UInt8]) {
        var k = 0
        var plain = 0
        while k < count {
            let b = p[k]
            if b != 0x26 && b != 0x0D && b != 0x5F {
                k += 1
                continue
            }
            if k > plain { out.append(contentsOf: UnsafeBufferPointer(start: p + plain, count: k - plain)) }
            if b == 0x26, let (scalar, len) = entity(p + k, count - k) {
                appendUTF8(scalar, to: &out)
                k += len
            } else if b == 0x0D {
                out.append(0x0A)
                k += (k + 1 < count && p[k + 1] == 0x0A) ? 2 : 1
            } else if b == 0x5F, let (scalar, len) = underscoreEscape(p + k, count - k) {
                appendUTF8(scalar, to: &out)
                k += len
            } else {
                out.append(b)
                k += 1
            }
            plain = k
        }
        if count > plain { out.append(contentsOf: UnsafeBufferPointer(start: p + plain, count: count - plain)) }
    }

    /// Parses `&name;` or `&#N;` / `&#xH;` at `p`; returns the scalar and the length consumed.
    static func entity(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UInt32, Int)? {
        var e = 1
        while e < n && e < 12 && p[e] != 0x3B { e += 1 }
        guard e < n && p[e] == 0x3B else { return nil }
        let body = UnsafeBufferPointer(start: p + 1, count: e - 1)
        if body.count >= 2 && body[0] == 0x23 {  // '#'
            var v: UInt32 = 0
            if body[1] == 0x78 || body[1] == 0x58 {
                guard body.count > 2 else { return nil }
                for d in body[2...] {
                    guard let h = hex(d) else { return nil }
                    v = v &* 16 &+ h
                }
            } else {
                for d in body[1...] {
                    guard d >= 0x30 && d <= 0x39 else { return nil }
                    v = v &* 10 &+ UInt32(d - 0x30)
                }
            }
            guard Unicode.Scalar(v) != nil else { return nil }
            return (v, e + 1)
        }
        switch Array(body) {
        case [0x61, 0x6D, 0x70]: return (0x26, e + 1)  // amp
        case [0x6C, 0x74]: return (0x3C, e + 1)  // lt
        case [0x67, 0x74]: return (0x3E, e + 1)  // gt
        case [0x71, 0x75, 0x6F, 0x74]: return (0x22, e + 1)  // quot
        case [0x61, 0x70, 0x6F, 0x73]: return (0x27, e + 1)  // apos
        default: return nil
        }
    }

    /// Parses `_xHHHH_` (and a surrogate pair of two such escapes) at `p`.
    static func underscoreEscape(_ p: UnsafePointer<UInt8>, _ n: Int) -> (UInt32, Int)? {
        func unit(_ q: UnsafePointer<UInt8>, _ m: Int) -> UInt32? {
            guard m >= 7, q[0] == 0x5F, q[1] == 0x78 || q[1] == 0x58, q[6] == 0x5F else { return nil }
            var v: UInt32 = 0
            for k in 2..<6 {
                guard let h = hex(q[k]) else { return nil }
                v = v * 16 + h
            }
            return v
        }
        guard let u = unit(p, n) else { return nil }
        if u >= 0xD800 && u < 0xDC00, let lo = unit(p + 7, n - 7), lo >= 0xDC00 && lo < 0xE000 {
            return (0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00), 14)
        }
        guard Unicode.Scalar(u) != nil else { return nil }
        return (u, 7)
    }

    @inline(__always)
    static func hex(_ d: UInt8) -> UInt32? {
        switch d {
        case 0x30...0x39: return UInt32(d - 0x30)
        case 0x41...0x46: return UInt32(d - 0x41 + 10)
        case 0x61...0x66: return UInt32(d - 0x61 + 10)
        default: return nil
        }
    }

    /// Appends the UTF-8 encoding of a scalar value.
    static func appendUTF8(_ v: UInt32, to out: inout [UInt8]) {
        switch v {
        case 0..<0x80:
            out.append(UInt8(v))
        case 0x80..<0x800:
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        case 0x800..<0x10000:
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        default:
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }
}
