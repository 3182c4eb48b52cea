import Foundation

/// Fits BG/NBD by maximum likelihood (Fader, Hardie & Lee 2005, section 7, the likelihood lifetimes' BetaGeoFitter
/// maximises): BFGS on the logarithms of r, α, a, b, from r = α = a = b = 1, on times scaled so the longest age is
/// 10 (as lifetimes does; α and the log-likelihood are scaled back).
///
/// x takes integer values, so the Gamma-function terms are sums over i < x (ln Γ(r + x) − ln Γ(r) = Σ ln(r + i)),
/// tabulated once per evaluation up to the largest x; the logarithms of α + T and α + t_x once per distinct T and
/// t_x. One evaluation then costs a few table reads, one exponential and one logarithm per customer.
public struct BGNBDFit: Sendable {
    public struct Result: Sendable, Equatable {
        /// In the unit of the times given.
        public var parameters: BGNBDParameters
        /// The log-likelihood at the parameters, in the unit of the times given.
        public var logLikelihood: Double
        public var iterations: Int
        public var converged: Bool
        /// The largest gradient component of the mean log-likelihood (in log-parameters) at the end.
        public var gradientNorm: Double
        /// Σ x, which the log-likelihood's unit depends on.
        public var repeatPurchases: Int

        /// The log-likelihood with time in units `factor` times as long (days → weeks: 7): rescaling time by c
        /// changes each customer's likelihood by x·ln c (the density of the purchase times).
        public func logLikelihood(inUnitsOf factor: Double) -> Double {
            logLikelihood + Double(repeatPurchases) * log(factor)
        }
    }

    public init() {}

    public func fit(_ data: RepeatPurchases) -> Result {
        let maxAge = data.age.max() ?? 0
        let scale = maxAge > 0 ? 10 / maxAge : 1
        let likelihood = Likelihood(data, scale: scale)
        let minimizer = BFGSMinimizer()
        let outcome = minimizer.minimize(from: [0, 0, 0, 0]) { theta in
            let (value, gradient) = likelihood.evaluate(theta)
            return (-value / likelihood.weight, gradient.map { -$0 / likelihood.weight })
        }
        let e = outcome.point.map { exp($0) }
        let scaled = BGNBDParameters(r: e[0], alpha: e[1], a: e[2], b: e[3])
        let boundary = outcome.point.contains { abs($0) > 30 }
        return Result(
            parameters: BGNBDParameters(r: scaled.r, alpha: scaled.alpha / scale, a: scaled.a, b: scaled.b),
            logLikelihood: -outcome.value * likelihood.weight + likelihood.repeatTotal * log(scale),
            iterations: outcome.iterations, converged: outcome.converged && !boundary && scaled.isUsable,
            gradientNorm: outcome.gradient.map(abs).max() ?? 0, repeatPurchases: data.repeats.reduce(0, +))
    }

    /// The log-likelihood and its gradient in log-parameters, on scaled times.
    struct Likelihood {
        let repeats: [Int]
        let ages: DistinctValues
        let lasts: DistinctValues
        let maxRepeats: Int
        let weight: Double
        let repeatTotal: Double

        init(_ data: RepeatPurchases, scale: Double) {
            repeats = data.repeats
            ages = DistinctValues(data.age.map { $0 * scale })
            lasts = DistinctValues(data.lastRepeat.map { $0 * scale })
            maxRepeats = data.repeats.max() ?? 0
            weight = Double(max(1, data.count))
            repeatTotal = Double(data.repeats.reduce(0, +))
        }

        func evaluate(_ theta: [Double]) -> (Double, [Double]) {
            let r = exp(theta[0])
            let alpha = exp(theta[1])
            let a = exp(theta[2])
            let b = exp(theta[3])
            // Per x: Σ_{i<x} ln(r+i), 1/(r+i), ln(b+i), 1/(b+i), ln(a+b+i), 1/(a+b+i); and ln(b+x−1), 1/(b+x−1).
            let m = maxRepeats + 1
            var lr = [Double](repeating: 0, count: m)
            var ir = lr
            var lb = lr
            var ib = lr
            var lab = lr
            var iab = lr
            for x in 1..<max(m, 1) {
                let i = Double(x - 1)
                lr[x] = lr[x - 1] + log(r + i)
                ir[x] = ir[x - 1] + 1 / (r + i)
                lb[x] = lb[x - 1] + log(b + i)
                ib[x] = ib[x - 1] + 1 / (b + i)
                lab[x] = lab[x - 1] + log(a + b + i)
                iab[x] = iab[x - 1] + 1 / (a + b + i)
            }
            let logAlpha = log(alpha)
            let logA = log(a)
            let logAgeSum = ages.values.map { log(alpha + $0) }
            let inverseAge = ages.values.map { 1 / (alpha + $0) }
            let logLast = lasts.values.map { log(alpha + $0) }
            let inverseLast = lasts.values.map { 1 / (alpha + $0) }
            var total = 0.0
            var gr = 0.0
            var galpha = 0.0
            var ga = 0.0
            var gb = 0.0
            for c in 0..<repeats.count {
                let x = repeats[c]
                let xd = Double(x)
                let ageIndex = Int(ages.index[c])
                let a3 = -(r + xd) * logAgeSum[ageIndex]
                var ll = lr[x] + r * logAlpha + lb[x] - lab[x]
                gr += ir[x] + logAlpha
                galpha += r / alpha
                ga -= iab[x]
                gb += ib[x] - iab[x]
                if x == 0 {
                    ll += a3
                    gr -= logAgeSum[ageIndex]
                    galpha -= (r + xd) * inverseAge[ageIndex]
                } else {
                    let lastIndex = Int(lasts.index[c])
                    let bx = b + xd - 1
                    let a4 = logA - log(bx) - (r + xd) * logLast[lastIndex]
                    let high = max(a3, a4)
                    let d = exp(-abs(a3 - a4))
                    ll += high + log1p(d)
                    // weights of the two terms of the sum: w4 = e^A4 / (e^A3 + e^A4)
                    let w4 = a4 >= a3 ? 1 / (1 + d) : d / (1 + d)
                    let w3 = 1 - w4
                    gr -= w3 * logAgeSum[ageIndex] + w4 * logLast[lastIndex]
                    galpha -= (r + xd) * (w3 * inverseAge[ageIndex] + w4 * inverseLast[lastIndex])
                    ga += w4 / a
                    gb -= w4 / bx
                }
                total += ll
            }
            return (total, [gr * r, galpha * alpha, ga * a, gb * b])
        }
    }
}
