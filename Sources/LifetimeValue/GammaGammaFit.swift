import Foundation

/// Fits the Gamma-Gamma spend model by maximum likelihood (lifetimes' GammaGammaFitter's likelihood) on the
/// customers with a repeat purchase and a positive mean repeat spend: BFGS on the logarithms of p, q, v, with spends
/// scaled by their mean (v and the log-likelihood scaled back). The Gamma-function terms depend on x only and are
/// computed once per distinct x.
public struct GammaGammaFit: Sendable {
    public struct Result: Sendable, Equatable {
        public var parameters: GammaGammaParameters
        public var logLikelihood: Double
        /// Customers the model was fitted on (x > 0 and a positive mean spend).
        public var customers: Int
        public var iterations: Int
        public var converged: Bool
        public var gradientNorm: Double
    }

    public init() {}

    /// nil when no customer has a repeat purchase with a positive spend.
    public func fit(_ data: RepeatPurchases) -> Result? {
        var xs: [Int] = []
        var ms: [Double] = []
        for c in 0..<data.count where data.repeats[c] > 0 && data.meanRepeatSpend[c] > 0 {
            xs.append(data.repeats[c])
            ms.append(data.meanRepeatSpend[c])
        }
        guard !xs.isEmpty else { return nil }
        let scale = ms.reduce(0, +) / Double(ms.count)
        let likelihood = Likelihood(repeats: xs, spends: ms.map { $0 / scale })
        let n = Double(xs.count)
        let outcome = BFGSMinimizer().minimize(from: [0, log(2), 0]) { theta in
            let (value, gradient) = likelihood.evaluate(theta)
            return (-value / n, gradient.map { -$0 / n })
        }
        let e = outcome.point.map { exp($0) }
        let parameters = GammaGammaParameters(p: e[0], q: e[1], v: e[2] * scale)
        let boundary = outcome.point.contains { abs($0) > 30 }
        return Result(
            parameters: parameters, logLikelihood: -outcome.value * n - n * log(scale), customers: xs.count,
            iterations: outcome.iterations, converged: outcome.converged && !boundary && parameters.isUsable,
            gradientNorm: outcome.gradient.map(abs).max() ?? 0)
    }

    struct Likelihood {
        let repeats: [Int]
        let spends: [Double]
        let logSpends: [Double]
        let logRepeats: [Double]
        /// Distinct x values and each customer's index among them.
        let distinct: DistinctValues

        init(repeats: [Int], spends: [Double]) {
            self.repeats = repeats
            self.spends = spends
            logSpends = spends.map { log($0) }
            logRepeats = repeats.map { log(Double($0)) }
            distinct = DistinctValues(repeats.map(Double.init))
        }

        func evaluate(_ theta: [Double]) -> (Double, [Double]) {
            let p = exp(theta[0])
            let q = exp(theta[1])
            let v = exp(theta[2])
            // per distinct x: lnΓ(px+q) − lnΓ(px), ψ(px+q), ψ(px)
            let gammas = distinct.values.map { x -> (Double, Double, Double) in
                let px = p * x
                return (lgamma(px + q) - lgamma(px), Digamma.value(px + q), Digamma.value(px))
            }
            let constant = -lgamma(q) + q * log(v)
            let psiQ = Digamma.value(q)
            let logV = log(v)
            var total = 0.0
            var gp = 0.0
            var gq = 0.0
            var gv = 0.0
            for c in 0..<repeats.count {
                let x = Double(repeats[c])
                let (lg, psiSum, psiP) = gammas[Int(distinct.index[c])]
                let px = p * x
                let denominator = x * spends[c] + v
                let logDenominator = log(denominator)
                total += lg + constant + (px - 1) * logSpends[c] + px * logRepeats[c] - (px + q) * logDenominator
                gp += x * (psiSum - psiP + logSpends[c] + logRepeats[c] - logDenominator)
                gq += psiSum - psiQ + logV - logDenominator
                gv += q / v - (px + q) / denominator
            }
            return (total, [gp * p, gq * q, gv * v])
        }
    }
}
