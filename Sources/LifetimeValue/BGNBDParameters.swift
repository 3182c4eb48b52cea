import Foundation

/// The BG/NBD model's parameters (Fader, Hardie & Lee 2005): purchases while alive are Poisson with a rate that is
/// Gamma(r, α) across customers; after each purchase a customer drops out with a probability that is Beta(a, b)
/// across customers. α is in the time unit the model was fitted in; r, a and b have none.
public struct BGNBDParameters: Sendable, Equatable, Codable {
    public var r: Double
    public var alpha: Double
    public var a: Double
    public var b: Double

    public init(r: Double, alpha: Double, a: Double, b: Double) {
        self.r = r
        self.alpha = alpha
        self.a = a
        self.b = b
    }

    /// The same model with time measured in units `factor` times as long (days → weeks: 7).
    public func inUnits(of factor: Double) -> BGNBDParameters {
        BGNBDParameters(r: r, alpha: alpha / factor, a: a, b: b)
    }

    public var isUsable: Bool { [r, alpha, a, b].allSatisfy { $0.isFinite && $0 > 0 } && a != 1 }

    /// P(alive) of a customer with x repeat purchases, the last at t_x, observed until T (lifetimes'
    /// `conditional_probability_alive`).
    public func probabilityAlive(repeats x: Int, lastRepeat tx: Double, age T: Double) -> Double {
        guard x > 0 else { return 1 }
        let xd = Double(x)
        let logRatio = (r + xd) * log((alpha + T) / (alpha + tx)) + log(a / (b + xd - 1))
        return 1 / (1 + exp(logRatio))
    }

    /// The expected number of purchases in the next `t` (lifetimes'
    /// `conditional_expected_number_of_purchases_up_to_time`), nil when the hypergeometric series fails.
    public func expectedPurchases(within t: Double, repeats x: Int, lastRepeat tx: Double, age T: Double) -> Double? {
        guard t > 0 else { return 0 }
        let xd = Double(x)
        let hypA = r + xd
        let hypB = b + xd
        let hypC = a + b + xd - 1
        let z = t / (alpha + T + t)
        guard let logHyp = Hypergeometric.log2F1(hypA, hypB, hypC, z) else { return nil }
        let first = (a + b + xd - 1) / (a - 1)
        let second = -expm1(logHyp + (r + xd) * log((alpha + T) / (alpha + t + T)))
        var denominator = 1.0
        if x > 0 { denominator += a / (b + xd - 1) * exp((r + xd) * log((alpha + T) / (alpha + tx))) }
        let value = first * second / denominator
        return value.isFinite ? value : nil
    }
}
