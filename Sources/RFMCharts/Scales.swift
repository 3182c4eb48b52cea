import Foundation

/// Equal bands for categories along one axis; `padding` is the share of each step left empty.
struct BandScale: Sendable, Equatable {
    let count: Int
    let start: Double
    let step: Double
    let padding: Double

    init(count: Int, from a: Double, to b: Double, padding: Double) {
        self.count = count
        self.start = a
        self.step = count > 0 ? (b - a) / Double(count) : 0
        self.padding = padding
    }

    var bandWidth: Double { step * (1 - padding) }
    func bandStart(_ i: Int) -> Double { start + Double(i) * step + step * padding / 2 }
    func center(_ i: Int) -> Double { start + (Double(i) + 0.5) * step }
}

/// Maps values lo…hi to pixels p0…p1, linearly or in log10.
struct ValueScale: Sendable, Equatable {
    let lo: Double
    let hi: Double
    let log: Bool
    let p0: Double
    let p1: Double

    /// Pixel position of `v` (clamped to the scale's domain for log values ≤ 0).
    func position(_ v: Double) -> Double {
        let t: Double
        if log {
            let lv = Foundation.log10(max(v, lo * 1e-6))
            let a = Foundation.log10(lo)
            let b = Foundation.log10(hi)
            t = b > a ? (lv - a) / (b - a) : 0.5
        } else {
            t = hi > lo ? (v - lo) / (hi - lo) : 0.5
        }
        return p0 + t * (p1 - p0)
    }

    func contains(_ v: Double) -> Bool { v >= lo - abs(hi - lo) * 1e-9 && v <= hi + abs(hi - lo) * 1e-9 }
}

/// The scale placed on one axis.
enum PositionScale: Sendable, Equatable {
    case bands(BandScale)
    case values(ValueScale)

    var bands: BandScale? { if case .bands(let b) = self { b } else { nil } }
    var values: ValueScale? { if case .values(let v) = self { v } else { nil } }
}

/// A numeric axis as a layout input: the data extent and how to turn it into ticks.
struct NumericAxisInput: Sendable {
    var lo: Double
    var hi: Double
    var axis: ValueAxis
    /// The domain is exactly lo…hi (histogram bin edges) instead of being widened to nice ticks.
    var exact = false
    /// Ticks to use as given (e.g. k = 2…8).
    var fixedTicks: [Double]? = nil

    /// Domain and ticks with at most `maxTicks` ticks (linear) — log and fixed ticks ignore the count.
    func ticks(maxTicks: Int) -> (lo: Double, hi: Double, ticks: [Double]) {
        if let fixed = fixedTicks, let first = fixed.first, let last = fixed.last {
            let pad = last > first ? (last - first) * 0.04 : 0.5
            return (first - pad, last + pad, fixed)
        }
        var a = lo
        var b = hi
        if axis.scale == .log10 {
            if !(a > 0) || !a.isFinite { a = 1 }
            if !(b >= a) || !b.isFinite { b = a }
            if exact {
                let t = NiceTicks.log(a, b).filter { $0 >= a * (1 - 1e-9) && $0 <= b * (1 + 1e-9) }
                return (a, b, t)
            }
            var da = NiceTicks.value(10, exponent: Int((Foundation.log10(a) + 1e-9).rounded(.down)) - 1)
            var db = NiceTicks.value(10, exponent: Int((Foundation.log10(b) - 1e-9).rounded(.up)) - 1)
            if db <= da { db = da * 10 }
            if da <= 0 { da = 1 }
            return (da, db, NiceTicks.log(da, db))
        }
        if !a.isFinite || !b.isFinite { (a, b) = (0, 1) }
        if axis.includesZero {
            a = min(a, 0)
            b = max(b, 0)
        }
        if b <= a {
            if a == 0 {
                b = 1
            } else {
                let d = max(abs(a) * 0.1, 1e-9)
                a -= d
                b += d
            }
        }
        let integerOnly = axis.format == .integer
        let t = NiceTicks.linear(a, b, maxTicks: maxTicks, integerOnly: integerOnly)
        if exact {
            return (a, b, t.filter { $0 >= a - (b - a) * 1e-9 && $0 <= b + (b - a) * 1e-9 })
        }
        return (t.first ?? a, t.last ?? b, t)
    }
}

/// One axis of a plot: categories in bands, or numbers.
enum AxisInput: Sendable {
    case bands([String])
    case values(NumericAxisInput)
}
