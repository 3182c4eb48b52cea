import RFMPrimitives
import Testing

/// The one decimal parser: its form, and bit-identity with `Double(String)` on it.
@Suite struct DecimalTextTests {
    static func parse(_ text: String) -> Double? { DecimalText.parse(text) }

    @Test(arguments: [
        // Both callers' cases: plain, signs, points at either end, exponents, leading and trailing zeros.
        "0", "-0", "+0", "1", "-1", "+7", "2.55", "-3.25", "+3.25", ".5", "-.5", "5.", "2.", "0.1",
        "0.30000000000000004",
        "40513.35138888889", "-80995", "00012.5000", "0000000000000000001", "0.000001", "1E3", "1e-7", "1.5E-07",
        "1.5E-2", "1e+05", "0e99999", "-0e5", "1e22", "1e23", "1e-22", "1e-23",
        // Past the fast paths: long mantissas, 2^53 and beyond, huge and tiny exponents.
        "9007199254740992", "9007199254740993", "900719925474099.3", "12345678901234567890", "99999999999999999999",
        "1.234567890123457E+19", "123456789012345678901234", "123456789012345678901234567890", "3.141592653589793238",
        "4.2949672950000000001", "17976931348623157e292", "1e308", "1e-320", "4.9406564584124654e-324",
        "1e309", "-1e309", "1e-400", "1e99999999999",
    ])
    func agreesWithDoubleBitForBit(_ text: String) {
        #expect(Self.parse(text)?.bitPattern == Double(text)?.bitPattern, "\(text)")
    }

    @Test func overflowIsInfinityAndUnderflowIsZero() {
        #expect(Self.parse("1e309") == .infinity)
        #expect(Self.parse("-1e400") == -.infinity)
        #expect(Self.parse("1e-400")?.bitPattern == 0.0.bitPattern)
        #expect(Self.parse("-1e-400")?.bitPattern == (-0.0).bitPattern)
        #expect(Self.parse("-0")?.sign == .minus)
    }

    @Test(arguments: [
        "", " ", " 1", "1 ", "1\r", "\t1", "+", "-", ".", "-.", "+-1", "--1", "1.2.3", "1..2", "12abc", "1,234.5",
        "1 234", "1_000", "1e", "1e+", "1E-", "e5", ".e5", "nan", "NaN", "inf", "-inf", "INF", "Infinity",
        "0x1F", "0x1p3", "1d5", "١٢",
    ])
    func rejectsAnythingElse(_ text: String) {
        #expect(Self.parse(text) == nil, "\(text)")
    }

    @Test func randomDecimalsAgreeWithDouble() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...24, using: &rng)
            var s = ["", "-", "+"][Int.random(in: 0..<3, using: &rng)]
            let point = Int.random(in: -1...digits, using: &rng)
            for k in 0..<digits {
                if k == point { s += "." }
                s += String(Int.random(in: 0...9, using: &rng))
            }
            if point == digits { s += "." }
            if Int.random(in: 0..<3, using: &rng) == 0 {
                s +=
                    ["e", "E"][Int.random(in: 0..<2, using: &rng)] + ["", "-", "+"][Int.random(in: 0..<3, using: &rng)]
                    + String(Int.random(in: 0...330, using: &rng))
            }
            #expect(Self.parse(s)?.bitPattern == Double(s)?.bitPattern, "\(s)")
        }
    }

    @Test func readsExactlyTheBytesGiven() {
        let bytes = Array("12.5;7".utf8)
        bytes.withUnsafeBytes { raw in
            #expect(DecimalText.parse(UnsafeRawBufferPointer(rebasing: raw[0..<4])) == 12.5)
            #expect(DecimalText.parse(UnsafeRawBufferPointer(rebasing: raw[5..<6])) == 7)
            #expect(DecimalText.parse(UnsafeRawBufferPointer(rebasing: raw[0..<5])) == nil)
            #expect(DecimalText.parse(UnsafeRawBufferPointer(rebasing: raw[0..<0])) == nil)
        }
    }
}
