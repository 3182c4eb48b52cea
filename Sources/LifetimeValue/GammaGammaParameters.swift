/// The Gamma-Gamma spend model's parameters (Fader, Hardie & Lee 2005, "The Gamma-Gamma Model of Monetary Value"):
/// a customer's spends are Gamma(p, ν) around a mean that varies across customers with ν ~ Gamma(q, v). p and q have
/// no unit; v is in money.
public struct GammaGammaParameters: Sendable, Equatable, Codable {
    public var p: Double
    public var q: Double
    public var v: Double

    public init(p: Double, q: Double, v: Double) {
        self.p = p
        self.q = q
        self.v = v
    }

    /// The mean spend of the population, v·p / (q − 1) (finite only when q > 1).
    public var populationMeanSpend: Double { v * p / (q - 1) }

    public var isUsable: Bool { [p, q, v].allSatisfy { $0.isFinite && $0 > 0 } && q > 1 }

    /// The expected spend of a customer's next purchase (lifetimes' `conditional_expected_average_profit`): the
    /// population mean weighted against the customer's own mean spend of its x repeat purchases. A customer without
    /// a repeat purchase, or whose repeat spend is not positive (outside the model), gets the population mean.
    public func expectedSpend(repeats x: Int, meanSpend m: Double) -> Double {
        guard x > 0, m > 0 else { return populationMeanSpend }
        let px = p * Double(x)
        let weight = px / (px + q - 1)
        return (1 - weight) * populationMeanSpend + weight * m
    }
}
