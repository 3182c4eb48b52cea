/// Dense linear algebra on small d × d row-major matrices (d is the feature count).
enum SmallMatrixAlgebra {
    /// Lower Cholesky factor L with A = L·Lᵀ, or nil when A is not positive definite.
    static func cholesky(_ a: [Double], _ d: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: d * d)
        for i in 0..<d {
            for j in 0...i {
                var s = a[i * d + j]
                for t in 0..<j { s -= l[i * d + t] * l[j * d + t] }
                if i == j {
                    guard s > 0, s.isFinite else { return nil }
                    l[i * d + i] = s.squareRoot()
                } else {
                    l[i * d + j] = s / l[j * d + j]
                }
            }
        }
        return l
    }

    /// (L⁻¹)ᵀ for a lower-triangular L: the upper-triangular precision Cholesky factor of
    /// scikit-learn's `_compute_precision_cholesky` (`solve_triangular(L, I, lower=True).T`).
    static func precisionCholesky(fromLower l: [Double], _ d: Int) -> [Double] {
        var inv = [Double](repeating: 0, count: d * d)  // lower-triangular L⁻¹
        for col in 0..<d {
            for i in col..<d {
                var s = i == col ? 1.0 : 0.0
                for t in col..<i { s -= l[i * d + t] * inv[t * d + col] }
                inv[i * d + col] = s / l[i * d + i]
            }
        }
        var p = [Double](repeating: 0, count: d * d)
        for i in 0..<d { for j in 0..<d { p[i * d + j] = inv[j * d + i] } }
        return p
    }

    /// Symmetric eigen-decomposition by cyclic Jacobi rotations: eigenvalues and the eigenvectors
    /// as rows, unsorted. Converges to machine precision for the small d used here.
    static func symmetricEigen(_ a: [Double], _ d: Int) -> (values: [Double], vectors: [[Double]]) {
        var m = a
        var v = [Double](repeating: 0, count: d * d)
        for i in 0..<d { v[i * d + i] = 1 }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<d { for j in 0..<d where i != j { off += m[i * d + j] * m[i * d + j] } }
            if off == 0 { break }
            for p in 0..<d {
                for q in (p + 1)..<d where m[p * d + q] != 0 {
                    let theta = (m[q * d + q] - m[p * d + p]) / (2 * m[p * d + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot()
                    let s = t * c
                    for k in 0..<d {
                        let mkp = m[k * d + p]
                        let mkq = m[k * d + q]
                        m[k * d + p] = c * mkp - s * mkq
                        m[k * d + q] = s * mkp + c * mkq
                    }
                    for k in 0..<d {
                        let mpk = m[p * d + k]
                        let mqk = m[q * d + k]
                        m[p * d + k] = c * mpk - s * mqk
                        m[q * d + k] = s * mpk + c * mqk
                    }
                    for k in 0..<d {
                        let vkp = v[k * d + p]
                        let vkq = v[k * d + q]
                        v[k * d + p] = c * vkp - s * vkq
                        v[k * d + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let values = (0..<d).map { m[$0 * d + $0] }
        let vectors = (0..<d).map { col in (0..<d).map { v[$0 * d + col] } }
        return (values, vectors)
    }
}
