import Foundation

/// Weights, means and full covariances of a Gaussian mixture, with the precision Cholesky factors
/// used to evaluate log densities (scikit-learn `_estimate_log_gaussian_prob`, full covariance).
public struct GaussianMixtureParameters: Sendable, Equatable, Codable {
    /// Number of features.
    public let columns: Int
    /// Mixing weights (sum to 1).
    public let weights: [Double]
    /// Row-major k × d means.
    public let means: [Double]
    /// k row-major d × d covariance matrices, concatenated.
    public let covariances: [Double]
    /// k upper-triangular d × d factors P with precision = P·Pᵀ, concatenated.
    public let precisionCholesky: [Double]

    /// Number of components.
    public var components: Int { weights.count }

    /// Creates the parameters and the precision factors; throws if a covariance is not positive definite.
    public init(weights: [Double], means: [Double], covariances: [Double], columns d: Int) throws {
        let k = weights.count
        guard means.count == k * d, covariances.count == k * d * d else {
            throw SegmentationError.dimensionMismatch(expected: k * d * d, found: covariances.count)
        }
        var prec = [Double]()
        prec.reserveCapacity(k * d * d)
        for c in 0..<k {
            let cov = Array(covariances[(c * d * d)..<((c + 1) * d * d)])
            guard let l = SmallMatrixAlgebra.cholesky(cov, d) else {
                throw SegmentationError.illDefinedCovariance(component: c)
            }
            prec.append(contentsOf: SmallMatrixAlgebra.precisionCholesky(fromLower: l, d))
        }
        self.columns = d
        self.weights = weights
        self.means = means
        self.covariances = covariances
        self.precisionCholesky = prec
    }

    /// The E-step: mean over rows of log Σ_c w_c N(x | μ_c, Σ_c), the n × k responsibilities
    /// (posterior probabilities) when asked for, and the most probable component of every row.
    ///
    /// log N = −½(d·log 2π + ‖(x − μ)ᵀP‖²) + Σ log diag(P); the row normaliser is a logsumexp
    /// (sklearn `_estimate_log_prob_resp`); labels are the argmax of the weighted log densities.
    func eStep(_ x: FeatureMatrix, responsibilities wanted: Bool = true) -> (
        meanLogLikelihood: Double, responsibilities: [Double], labels: [Int32]
    ) {
        let n = x.rows
        let d = columns
        let k = components
        var resp = [Double](repeating: 0, count: wanted ? n * k : 0)
        var labels = [Int32](repeating: 0, count: n)
        // Per component: the mean, the upper triangle of P and the constant term.
        var constant = [Double](repeating: 0, count: k)
        for c in 0..<k {
            var logDet = 0.0
            for j in 0..<d { logDet += Foundation.log(precisionCholesky[c * d * d + j * d + j]) }
            constant[c] = -0.5 * Double(d) * Foundation.log(2 * Double.pi) + logDet + Foundation.log(weights[c])
        }
        var total = 0.0
        x.values.withUnsafeBufferPointer { xp in
            precisionCholesky.withUnsafeBufferPointer { pp in
                means.withUnsafeBufferPointer { mp in
                    constant.withUnsafeBufferPointer { cp in
                        resp.withUnsafeMutableBufferPointer { rp in
                            labels.withUnsafeMutableBufferPointer { lp in
                                withUnsafeTemporaryAllocation(of: Double.self, capacity: 5 * k + d) { buffer in
                                    let lr = UnsafeMutableBufferPointer(rebasing: buffer[0..<k])
                                    let diff = UnsafeMutableBufferPointer(rebasing: buffer[k..<(k + d)])
                                    let block = UnsafeMutableBufferPointer(rebasing: buffer[(k + d)..<(5 * k + d)])
                                    /// The log-sum-exp, label and responsibilities of row i from its weighted log densities in `lr`.
                                    func finish(_ i: Int, _ maxValue: Double, _ best: Int) {
                                        lp[i] = Int32(best)
                                        var sum = 0.0
                                        for c in 0..<k {
                                            // exp underflows to exactly 0 below −745.2; skip glibc's slow underflow path. The
                                            // largest term (t = 0) is exp(0) = 1 exactly, without a call.
                                            let t = lr[c] - maxValue
                                            let e = t < -746 ? 0 : t == 0 ? 1 : Foundation.exp(t)
                                            lr[c] = e
                                            sum += e
                                        }
                                        total += maxValue.isFinite ? maxValue + Foundation.log(sum) : maxValue
                                        if wanted {
                                            let inv = 1 / sum
                                            for c in 0..<k { rp[i * k + c] = lr[c] * inv }
                                        }
                                    }
                                    var i = 0
                                    if d == 3 {
                                        // Four rows at a time: the same operations in the same order as the row loop below
                                        // (so the same values), the densities of each component for four rows in one pass.
                                        let x = UnsafeRawPointer(xp.baseAddress!)
                                        while i + 4 <= n {
                                            let (px, py, pz) = FourRows.columns(x, row: i)
                                            var maxValue = SIMD4<Double>(repeating: -.infinity)
                                            var best = SIMD4<Int64>(repeating: 0)
                                            for c in 0..<k {
                                                let base = 9 &* c
                                                let d0 = px - SIMD4(repeating: mp[3 &* c])
                                                let d1 = py - SIMD4(repeating: mp[3 &* c &+ 1])
                                                let d2 = pz - SIMD4(repeating: mp[3 &* c &+ 2])
                                                let y0 = d0 * pp[base]
                                                let y1 = d0 * pp[base &+ 1] + d1 * pp[base &+ 4]
                                                let y2 = d0 * pp[base &+ 2] + d1 * pp[base &+ 5] + d2 * pp[base &+ 8]
                                                let q = y0 * y0 + y1 * y1 + y2 * y2
                                                let v = SIMD4(repeating: cp[c]) - 0.5 * q
                                                for lane in 0..<4 { block[4 &* c &+ lane] = v[lane] }
                                                let greater = v .> maxValue
                                                maxValue.replace(with: v, where: greater)
                                                best.replace(with: SIMD4(repeating: Int64(c)), where: greater)
                                            }
                                            for lane in 0..<4 {
                                                for c in 0..<k { lr[c] = block[4 &* c &+ lane] }
                                                finish(i &+ lane, maxValue[lane], Int(best[lane]))
                                            }
                                            i &+= 4
                                        }
                                    }
                                    while i < n {
                                        var maxValue = -Double.infinity
                                        var best = 0
                                        for c in 0..<k {
                                            let base = c * d * d
                                            var q = 0.0
                                            if d == 3 {
                                                let d0 = xp[3 * i] - mp[3 * c]
                                                let d1 = xp[3 * i + 1] - mp[3 * c + 1]
                                                let d2 = xp[3 * i + 2] - mp[3 * c + 2]
                                                let y0 = d0 * pp[base]
                                                let y1 = d0 * pp[base + 1] + d1 * pp[base + 4]
                                                let y2 = d0 * pp[base + 2] + d1 * pp[base + 5] + d2 * pp[base + 8]
                                                q = y0 * y0 + y1 * y1 + y2 * y2
                                            } else {
                                                for j in 0..<d { diff[j] = xp[i * d + j] - mp[c * d + j] }
                                                for j in 0..<d {
                                                    var y = 0.0
                                                    for a in 0...j { y += diff[a] * pp[base + a * d + j] }
                                                    q += y * y
                                                }
                                            }
                                            let v = cp[c] - 0.5 * q
                                            lr[c] = v
                                            if v > maxValue {
                                                maxValue = v
                                                best = c
                                            }
                                        }
                                        finish(i, maxValue, best)
                                        i += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return (total / Double(n), resp, labels)
    }
}
