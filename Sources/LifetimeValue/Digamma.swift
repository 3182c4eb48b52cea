import Foundation

/// The digamma function ψ(x) = d/dx ln Γ(x) for x > 0: the recurrence ψ(x) = ψ(x + 1) − 1/x up to x ≥ 10, then
/// the asymptotic series to the x⁻¹² term (error below 1e-15 there).
enum Digamma {
    static func value(_ x: Double) -> Double {
        var x = x
        var result = 0.0
        while x < 10 {
            result -= 1 / x
            x += 1
        }
        let f = 1 / (x * x)
        let series =
            f * (1.0 / 12 - f * (1.0 / 120 - f * (1.0 / 252 - f * (1.0 / 240 - f * (1.0 / 132 - f * 691.0 / 32760)))))
        return result + log(x) - 0.5 / x - series
    }
}
