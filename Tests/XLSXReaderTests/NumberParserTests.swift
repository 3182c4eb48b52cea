import Foundation
import Testing

@testable import XLSXReader

@Suite("Number parsing")
struct NumberParserTests {
    func parse(_ s: String) -> Double? {
        var bytes = Array(s.utf8)
        bytes.append(0)
        return bytes.withUnsafeBufferPointer { CellNumber.parse($0.baseAddress!, $0.count - 1) }
    }

    @Test("fixed cases are bit-identical to Double(String)")
    func fixed() {
        let cases = [
            "0", "-0", "1", "-1", "2.55", "40513.35138888889", "1E3", "1e-7", "1.5E-07", "-3.25",
            "12345678901234567890", "1.234567890123457E+19", "9007199254740993", "0.1", "0.30000000000000004",
            "123456789012345678901234567890", "1e308", "1e-320", "4.9406564584124654e-324", "00012.5000",
            ".5", "5.", "+7", "1e22", "1e23", "17976931348623157e292", "9007199254740992",
            "900719925474099.3", "0000000000000000001", "1..2", "12a", "1.", "99999999999999999999",
        ]
        for s in cases {
            #expect(parse(s)?.bitPattern == Double(s)?.bitPattern, "\(s)")
        }
        #expect(parse(" 12 ") == 12)
        #expect(parse("abc") == nil)
        #expect(parse("") == nil)
    }

    @Test("XML whitespace around, and the forms Double(String) reads beyond decimals")
    func cellRules() {
        #expect(parse("\n\t12.5\r\n") == 12.5)
        #expect(parse(" -0 ")?.sign == .minus)
        #expect(parse("1e309") == .infinity)
        #expect(parse(" -1e400") == -.infinity)
        for s in ["INF", "-INF", "inf", "NaN", "0x1p3", " 0x10 "] {
            #expect(parse(s)?.bitPattern == Double(s.trimmingCharacters(in: .whitespaces))?.bitPattern, "\(s)")
        }
        #expect(parse("NaN")?.isNaN == true)
        #expect(parse(" ") == nil)
        #expect(parse("1 2") == nil)
        #expect(parse("1,5") == nil)
    }

    @Test("random decimals are bit-identical to Double(String)")
    func random() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<20_000 {
            let digits = Int.random(in: 1...20, using: &rng)
            var s = Bool.random(using: &rng) ? "-" : ""
            for k in 0..<digits {
                s += String(Int.random(in: 0...9, using: &rng))
                if k == digits / 2 && Bool.random(using: &rng) { s += "." }
            }
            if Int.random(in: 0..<4, using: &rng) == 0 { s += "e\(Int.random(in: -30...30, using: &rng))" }
            #expect(parse(s)?.bitPattern == Double(s)?.bitPattern, "\(s)")
        }
    }
}
