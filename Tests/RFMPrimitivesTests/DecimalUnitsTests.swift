import Foundation
import RFMPrimitives
import Testing

@Suite struct DecimalUnitsTests {
    @Test func recoversTheShortDecimalADoubleWasReadFrom() {
        #expect(DecimalUnits.recover(2.55)! == (255, 2))
        #expect(DecimalUnits.recover(6)! == (6, 0))
        #expect(DecimalUnits.recover(0.001)! == (1, 3))
        #expect(DecimalUnits.recover(-12.5)! == (-125, 1))
        #expect(DecimalUnits.recover(0.1 + 0.2) == nil, "0.30000000000000004 is no short decimal")
        #expect(DecimalUnits.recover(1e-10) == nil)
        #expect(DecimalUnits.recover(.infinity) == nil && DecimalUnits.recover(.nan) == nil)
        #expect(DecimalUnits.recover(1e300) == nil)
    }

    @Test func everyDecimalOfUpToNinePlacesComesBack() {
        var g = SeededGenerator(seed: 11)
        for _ in 0..<20_000 {
            let places = Int.random(in: 0...DecimalUnits.largestScale, using: &g)
            let units = Int64.random(in: -99_999_999...99_999_999, using: &g)
            let text = "\(units)e-\(places)"
            let value = Double(text)!
            let back = DecimalUnits.recover(value)!
            // the same number, perhaps with fewer places (trailing zeros)
            #expect(Double("\(back.units)e-\(back.scale)") == value, "\(text)")
            #expect(back.scale <= places)
        }
    }

    @Test func unitsBecomeTheCorrectlyRoundedDouble() {
        var g = SeededGenerator(seed: 12)
        for _ in 0..<20_000 {
            let hi = Int128(Int64.random(in: -9_000_000_000_000...9_000_000_000_000, using: &g))
            let units = hi * 1_000_003 + Int128(Int64.random(in: 0...999, using: &g))
            let scale = Int.random(in: 0...18, using: &g)
            #expect(DecimalUnits.double(units, scale: scale) == Double("\(units)e-\(scale)"), "\(units) \(scale)")
        }
        #expect(DecimalUnits.double(1530, scale: 2) == 15.3)
    }

    @Test func parsesANumericsText() {
        #expect(DecimalUnits.parse("-12.345", scale: 3) == -12_345)
        #expect(DecimalUnits.parse("7", scale: 2) == 700)
        #expect(DecimalUnits.parse("0.10", scale: 4) == 1000)
        #expect(DecimalUnits.parse("1.234", scale: 2) == nil, "more places than the scale")
        #expect(DecimalUnits.parse("1e5", scale: 0) == nil && DecimalUnits.parse("", scale: 0) == nil)
        #expect(DecimalUnits.parse("1.2.3", scale: 2) == nil)
        #expect(DecimalUnits.parse(Substring(String(repeating: "9", count: 40)), scale: 0) == nil, "past 128 bits")
    }
}
