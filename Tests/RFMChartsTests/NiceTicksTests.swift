import Foundation
import Testing

@testable import RFMCharts

@Suite struct NiceTicksTests {
    @Test func customersAxis() {
        #expect(NiceTicks.linear(0, 4338, maxTicks: 6) == [0, 1000, 2000, 3000, 4000, 5000])
    }

    @Test func fractionAxis() {
        #expect(NiceTicks.linear(0, 0.43, maxTicks: 6) == [0, 0.1, 0.2, 0.3, 0.4, 0.5])
    }

    @Test func stepsAreNice() {
        for (lo, hi) in [(0.0, 7.3), (-3.2, 18.0), (120.0, 4700.0), (0.001, 0.0093), (0, 2_960_405)] {
            for n in 3...10 {
                let t = NiceTicks.linear(lo, hi, maxTicks: n)
                #expect(t.count <= n)
                #expect(t.first! <= lo && t.last! >= hi)
                let step = t[1] - t[0]
                let mantissa = step / pow10(Int(log10(step).rounded(.down)))
                #expect([1, 2, 2.5, 5, 10].contains { abs($0 - mantissa) < 1e-9 }, "step \(step)")
            }
        }
    }

    @Test func integerAxesHaveWholeSteps() {
        #expect(NiceTicks.linear(0, 3, maxTicks: 10, integerOnly: true) == [0, 1, 2, 3])
    }

    @Test func logTicks() {
        #expect(NiceTicks.log(1, 1000) == [1, 10, 100, 1000])
        #expect(NiceTicks.log(20, 900) == [10, 20, 50, 100, 200, 500, 1000])
        #expect(NiceTicks.log(3, 25_000).filter { [10, 100, 1000, 10_000].contains($0) }.count == 4)
        let labels = NiceTicks.log(1, 10_000).map {
            ValueFormat.integer.tickFormat(for: NiceTicks.log(1, 10_000)).format($0)
        }
        #expect(labels == ["1", "10", "100", "1,000", "10,000"])
        #expect(NiceTicks.log(0.1, 1).contains(0.1))
    }

    private func pow10(_ e: Int) -> Double { e >= 0 ? (0..<e).reduce(1) { r, _ in r * 10 } : 1 / pow10(-e) }
}
