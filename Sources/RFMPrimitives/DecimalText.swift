/// Decimal numbers written as text, read from bytes: the one number parser of rfm, behind the CSV reader's text
/// cells (RFMCore's `NumberParser`) and the workbook reader's number cells (XLSXReader's `CellNumber`). Each caller
/// adds its own rules around it (which whitespace may surround a number, whether infinity is a value).
///
/// The form is `[+|-] digits [. digits] [(e|E) [+|-] digits]`, with at least one digit before or after the point
/// (`12`, `-3.25`, `.5`, `2.`, `1.5E-07`) and nothing else: no whitespace, thousands separators, `inf`, `nan` or
/// hexadecimal. The value is correctly rounded, bit for bit the value of `Double(String)` for the same text.
public enum DecimalText {
    /// Exact powers of ten as doubles (10^22 is the largest one).
    @usableFromInline
    static let powers: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// The value of `bytes` when it is a decimal number of the form above: ±infinity beyond the range of a double,
    /// ±0 or a subnormal below it (as `Double(String)`); nil when it is not of that form.
    ///
    /// Fast path (Clinger): an integer mantissa of at most 2^53 scaled by an exact power of ten (10^0...10^22) is
    /// correctly rounded by one IEEE multiplication or division. Anything else (more than 19 significant digits, a
    /// larger mantissa or exponent) goes to `Double(String)`, which is correctly rounded.
    @inlinable
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        let n = bytes.count
        // The usual cell or field: up to 19 digits with at most one point, not last (no sign, exponent or
        // leading point), whose digits make an integer of at most 2^53: one exact conversion and at most one
        // division by an exact power of ten.
        if n >= 1 && n <= 19 && bytes[0] &- 0x30 < 10 {
            var mantissa: UInt64 = 0
            var point = -1
            var k = 0
            while k < n {
                let d = bytes[k] &- 0x30
                if d < 10 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                } else if bytes[k] == 0x2E && point < 0 {
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
        return general(bytes)
    }

    /// Any length, a sign, leading zeros, long mantissas, exponents.
    @usableFromInline
    static func general(_ p: UnsafeRawBufferPointer) -> Double? {
        let e = p.count
        guard e > 0 else { return nil }
        var i = 0
        var negative = false
        if p[i] == 0x2D {
            negative = true
            i += 1
        } else if p[i] == 0x2B {
            i += 1
        }
        // The first 19 significant digits (leading zeros are not) and the power of ten that scales them.
        var mantissa: UInt64 = 0
        var significant = 0
        var exp10 = 0
        var digits = 0
        var exact = true
        while i < e, p[i] &- 0x30 < 10 {
            let d = UInt64(p[i] &- 0x30)
            if mantissa != 0 || d != 0 {
                if significant < 19 {
                    mantissa = mantissa * 10 + d
                    significant += 1
                } else {
                    exact = false
                }
            }
            digits += 1
            i += 1
        }
        if i < e && p[i] == 0x2E {
            i += 1
            while i < e, p[i] &- 0x30 < 10 {
                let d = UInt64(p[i] &- 0x30)
                if mantissa != 0 || d != 0 {
                    if significant < 19 {
                        mantissa = mantissa * 10 + d
                        significant += 1
                        exp10 -= 1
                    } else {
                        exact = false
                    }
                } else {
                    exp10 -= 1
                }
                digits += 1
                i += 1
            }
        }
        guard digits > 0 else { return nil }
        if i < e && (p[i] == 0x65 || p[i] == 0x45) {
            i += 1
            var negativeExponent = false
            if i < e && (p[i] == 0x2D || p[i] == 0x2B) {
                negativeExponent = p[i] == 0x2D
                i += 1
            }
            var exponent = 0
            var exponentDigits = 0
            while i < e, p[i] &- 0x30 < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- 0x30) }
                exponentDigits += 1
                i += 1
            }
            guard exponentDigits > 0 else { return nil }
            exp10 += negativeExponent ? -exponent : exponent
        }
        guard i == e else { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if exact && mantissa <= 1 << 53 && exp10 >= -22 && exp10 <= 22 {
            var v = Double(mantissa)
            if exp10 >= 0 { v *= powers[exp10] } else { v /= powers[-exp10] }
            return negative ? -v : v
        }
        // The text is of the form above, which `Double(String)` reads (correctly rounded, ±infinity on overflow).
        return Double(String(decoding: p, as: UTF8.self))
    }

    /// The value of `text` when it is a decimal number of the form above (for command-line and test use).
    public static func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
