import Foundation

/// "Nice" tick values: steps of 1, 2, 2.5 or 5 × 10^n, and powers of ten on log axes.
enum NiceTicks {
    /// Mantissas × 10 of the allowed steps (1, 2, 2.5, 5, 10).
    private static let mantissas = [10, 20, 25, 50, 100]

    /// The smallest nice step that covers `range` in at most `intervals` steps.
    static func step(range: Double, intervals: Int, integerOnly: Bool) -> Double {
        guard range > 0, range.isFinite else { return 1 }
        let raw = range / Double(max(1, intervals))
        var e = Int(Foundation.log10(raw).rounded(.down))
        while true {
            for m in mantissas {
                let s = value(m, exponent: e - 1)
                if integerOnly && s < 1 { continue }
                if integerOnly && s.rounded() != s { continue }
                if s >= raw * (1 - 1e-12) { return s }
            }
            e += 1
        }
    }

    /// Ticks covering lo…hi with at most `maxTicks` ticks (the first ≤ lo, the last ≥ hi).
    static func linear(_ lo: Double, _ hi: Double, maxTicks: Int, integerOnly: Bool = false) -> [Double] {
        guard lo.isFinite, hi.isFinite else { return [] }
        if hi <= lo { return [lo] }
        let intervals = max(1, maxTicks - 1)
        var s = step(range: hi - lo, intervals: intervals, integerOnly: integerOnly)
        while true {
            let first = (lo / s + 1e-9).rounded(.down)
            let last = (hi / s - 1e-9).rounded(.up)
            if last - first <= Double(intervals) {
                return stride(from: first, through: last, by: 1).map { clean($0 * s) }
            }
            s = step(range: s * 1.000001, intervals: 1, integerOnly: integerOnly)
        }
    }

    /// Powers of ten covering lo…hi (lo > 0); with fewer than three decades, 2× and 5× are added.
    static func log(_ lo: Double, _ hi: Double) -> [Double] {
        guard lo > 0, hi >= lo, lo.isFinite, hi.isFinite else { return [] }
        let e0 = Int((Foundation.log10(lo) + 1e-9).rounded(.down))
        let e1 = Int((Foundation.log10(hi) - 1e-9).rounded(.up))
        var ticks: [Double] = []
        for e in e0...max(e0, e1) {
            let p = value(10, exponent: e - 1)
            ticks.append(p)
            if e1 - e0 < 3 && e < e1 { ticks += [clean(2 * p), clean(5 * p)] }
        }
        return ticks
    }

    /// m × 10^e computed so that common decimals come out exact (0.1 rather than 0.1000000001).
    static func value(_ m: Int, exponent e: Int) -> Double {
        e >= 0 ? Double(m) * pow(10, Double(e)) : Double(m) / pow(10, Double(-e))
    }

    /// Removes float noise from a tick (12 significant digits).
    static func clean(_ v: Double) -> Double {
        guard v != 0, v.isFinite else { return v == 0 ? 0 : v }
        // Scale by an exact power of ten and divide back, so 0.1 comes out as the double nearest 0.1.
        let e = Foundation.log10(abs(v)).rounded(.down) - 11
        let r = e < 0 ? (v * pow(10, -e)).rounded() / pow(10, -e) : (v / pow(10, e)).rounded() * pow(10, e)
        return r == 0 ? 0 : r
    }
}
