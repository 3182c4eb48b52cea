import Foundation
import RFMPrimitives

/// Customers drawn from BG/NBD and Gamma-Gamma themselves (seeded), as lifetimes' `beta_geometric_nbd_model`
/// generates them: a purchase rate λ ~ Gamma(r, α) per day and a dropout probability p ~ Beta(a, b) per customer,
/// Poisson purchases until the customer drops out after a purchase (with probability p) or the observation ends
/// (ages uniform over two years, whole days); each spend Gamma(p, ν) with ν ~ Gamma(q, v). For checking that a
/// fit recovers the parameters that made the data, and for timing fits at any size.
public struct BGNBDSimulation: Sendable {
    public var purchases: BGNBDParameters
    public var spend: GammaGammaParameters
    public var seed: UInt64

    public init(purchases: BGNBDParameters, spend: GammaGammaParameters, seed: UInt64) {
        self.purchases = purchases
        self.spend = spend
        self.seed = seed
    }

    public func customers(_ n: Int) -> RepeatPurchases {
        var g = SeededGenerator(seed: seed)
        func unit() -> Double { max(g.nextUnit(), 1e-300) }
        func normal() -> Double { (-2 * log(unit())).squareRoot() * cos(2 * Double.pi * unit()) }
        /// Gamma(shape, 1) by Marsaglia & Tsang (2000).
        func gamma(_ shape: Double) -> Double {
            if shape < 1 { return gamma(shape + 1) * pow(unit(), 1 / shape) }
            let d = shape - 1.0 / 3
            let c = 1 / (9 * d).squareRoot()
            while true {
                let x = normal()
                let v = pow(1 + c * x, 3)
                if v > 0, log(unit()) < 0.5 * x * x + d - d * v + d * log(v) { return d * v }
            }
        }
        var repeats: [Int] = []
        var lasts: [Double] = []
        var ages: [Double] = []
        var spends: [Double] = []
        for _ in 0..<n {
            let rate = gamma(purchases.r) / purchases.alpha
            let x1 = gamma(purchases.a)
            let dropout = x1 / (x1 + gamma(purchases.b))
            let age = Double(Int(unit() * 730))
            var t = 0.0
            var x = 0
            var last = 0.0
            while true {
                t += -log(unit()) / max(rate, 1e-12)
                if t > age { break }
                x += 1
                last = t
                if unit() < dropout { break }
            }
            // the scale of this customer's spends: ν ~ Gamma(q, v), spends Gamma(p, ν)
            let nu = gamma(spend.q) / spend.v
            var total = 0.0
            for _ in 0..<x { total += gamma(spend.p) / nu }
            repeats.append(x)
            lasts.append(last)
            ages.append(age)
            spends.append(x > 0 ? total / Double(x) : 0)
        }
        return RepeatPurchases(repeats: repeats, lastRepeat: lasts, age: ages, meanRepeatSpend: spends)
    }
}
