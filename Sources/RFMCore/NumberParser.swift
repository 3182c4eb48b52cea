import Foundation

/// Parses decimal numbers from bytes: correctly rounded, finite only, no thousands separators.
public enum NumberParser {
    private static let exactPowers: [Double] = (0...22).map { pow(10.0, Double($0)) }

    /// The value of `bytes` (surrounding spaces allowed), or `nil` when it is not a finite decimal number.
    /// Accepts `-12`, `+3.5`, `.5`, `2.`, `1e3`, `1.5E-2`. The fast path (mantissa < 2^53, power of ten ≤ 22)
    /// is exact by Clinger's argument; anything else goes through `strtod`, which is correctly rounded.
    public static func parse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0D { end -= 1 }
        guard start < end else { return nil }
        var i = start
        var negative = false
        if bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var significant = 0
        var fractionDigits = 0
        var sawPoint = false
        var overflow = false
        while i < end {
            let c = bytes[i]
            if c >= 0x30 && c <= 0x39 {
                digits += 1
                if mantissa != 0 || c != 0x30 { significant += 1 }
                if significant > 18 { overflow = true }
                if !overflow { mantissa = mantissa &* 10 &+ UInt64(c - 0x30) }
                if sawPoint { fractionDigits += 1 }
            } else if c == UInt8(ascii: "."), !sawPoint {
                sawPoint = true
            } else {
                break
            }
            i += 1
        }
        guard digits > 0 else { return nil }
        var exponent = 0
        if i < end, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < end, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var expDigits = 0
            while i < end, bytes[i] >= 0x30 && bytes[i] <= 0x39 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(bytes[i] - 0x30) }
                expDigits += 1
                i += 1
            }
            guard expDigits > 0 else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == end else { return nil }
        let power = exponent - fractionDigits
        if !overflow, mantissa < (1 << 53), abs(power) <= 22 {
            var v = Double(mantissa)
            v = power < 0 ? v / exactPowers[-power] : v * exactPowers[power]
            return negative ? -v : v
        }
        return slowParse(UnsafeRawBufferPointer(rebasing: bytes[start..<end]))
    }

    private static func slowParse(_ bytes: UnsafeRawBufferPointer) -> Double? {
        var text = [CChar](repeating: 0, count: bytes.count + 1)
        for (k, b) in bytes.enumerated() { text[k] = CChar(bitPattern: b) }
        let value = strtod(text, nil)
        return value.isFinite ? value : nil
    }

    /// Parses a Swift string (for command-line and test use).
    public static func parse(_ text: String) -> Double? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }
}
