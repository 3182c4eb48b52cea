/// Parses decimal numbers from bytes with results bit-identical to `Double(String)`.
///
/// Fast path (Clinger): an integer mantissa of at most 2^53 scaled by an exact power of ten
/// (10^0...10^22) is correctly rounded by one IEEE multiplication or division; anything else
/// falls back to `Double(String)`.
enum NumberParser {
    private static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The number in `p[0..<n]` (surrounding XML whitespace allowed), or nil when it is not a number.
    @inline(__always)
    static func parse(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        // Fast path: the usual `<v>` of a spreadsheet, up to 19 digits with at most one decimal point (no sign,
        // exponent or whitespace) whose digits make an integer of at most 2^53: one exact conversion and at most
        // one division by an exact power of ten, correctly rounded (Clinger), as below.
        if n >= 1 && n <= 19 && p[0] &- 0x30 < 10 {
            var mantissa: UInt64 = 0
            var point = -1
            var k = 0
            while k < n {
                let d = p[k] &- 0x30
                if d < 10 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                } else if p[k] == 0x2E && point < 0 {
                    point = k
                } else {
                    break
                }
                k += 1
            }
            if k == n && point != n - 1 && mantissa <= 1 << 53 {
                let v = Double(mantissa)
                return point < 0 ? v : v / powers[n - 1 - point]
            }
        }
        return general(p, n)
    }

    /// Any form: whitespace, sign, leading zeros, long mantissas, exponents.
    private static func general(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        var s = 0, e = n
        while s < e && XMLByteScanner.isSpace(p[s]) { s += 1 }
        while e > s && XMLByteScanner.isSpace(p[e - 1]) { e -= 1 }
        guard s < e else { return nil }
        var i = s
        var negative = false
        if p[i] == 0x2D { negative = true; i += 1 } else if p[i] == 0x2B { i += 1 }
        var mantissa: UInt64 = 0
        var significant = 0
        var exp10 = 0
        var digits = 0
        var exact = true
        while i < e, p[i] &- 0x30 < 10 {
            let d = UInt64(p[i] &- 0x30)
            if mantissa != 0 || d != 0 {
                if significant < 19 { mantissa = mantissa * 10 + d; significant += 1 } else { exact = false }
            }
            if !exact { exp10 += 1 }
            digits += 1
            i += 1
        }
        if i < e && p[i] == 0x2E {
            i += 1
            while i < e, p[i] &- 0x30 < 10 {
                let d = UInt64(p[i] &- 0x30)
                if mantissa != 0 || d != 0 {
                    if significant < 19 { mantissa = mantissa * 10 + d; significant += 1; exp10 -= 1 } else { exact = false }
                } else {
                    exp10 -= 1
                }
                digits += 1
                i += 1
            }
        }
        if digits == 0 { return slow(p + s, e - s) }
        if i < e && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            var eneg = false
            if i < e && (p[i] == 0x2D || p[i] == 0x2B) { eneg = p[i] == 0x2D; i += 1 }
            var ev = 0
            var edigits = 0
            while i < e, p[i] &- 0x30 < 10 {
                if ev < 100_000 { ev = ev * 10 + Int(p[i] &- 0x30) }
                edigits += 1
                i += 1
            }
            if edigits == 0 { return slow(p + s, e - s) }
            exp10 += eneg ? -ev : ev
        }
        if i != e { return slow(p + s, e - s) }
        if mantissa == 0 && exact { return negative ? -0.0 : 0.0 }
        if exact && mantissa <= (1 << 53) && exp10 >= -22 && exp10 <= 22 {
            var v = Double(mantissa)
            if exp10 >= 0 { v *= powers[exp10] } else { v /= powers[-exp10] }
            return negative ? -v : v
        }
        return slow(p + s, e - s)
    }

    /// The fallback: the standard library's correctly rounded conversion.
    private static func slow(_ p: UnsafePointer<UInt8>, _ n: Int) -> Double? {
        Double(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self))
    }
}
