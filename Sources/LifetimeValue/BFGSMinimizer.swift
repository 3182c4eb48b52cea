/// Unconstrained minimisation of a smooth function of a few variables by BFGS (the quasi-Newton method
/// scipy.optimize.minimize uses when no method is named, as lifetimes calls it), with a backtracking line search
/// that treats a non-finite value as too far.
struct BFGSMinimizer {
    /// The function's value and gradient at a point; a non-finite value means "outside the domain".
    typealias Objective = ([Double]) -> (value: Double, gradient: [Double])

    /// Stop when every gradient component is at most this (scipy's `gtol`, lifetimes' `tol` = 1e-7; smaller here
    /// so parameters agree to more digits than the tests ask).
    var gradientTolerance = 1e-8
    /// Also stop, converged, when a step changes the value by no more than this relative amount while the gradient
    /// is below 1e-6: the sums' rounding then hides the remaining gradient.
    var valueTolerance = 1e-15
    var maxIterations = 1_000
    /// The longest step in any coordinate (parameters are logarithms: e^8 is a factor of 3,000).
    var maxStep = 8.0

    struct Result {
        var point: [Double]
        var value: Double
        var gradient: [Double]
        var iterations: Int
        var converged: Bool
    }

    func minimize(from start: [Double], _ f: Objective) -> Result {
        let n = start.count
        var x = start
        var (fx, g) = f(x)
        guard fx.isFinite else { return Result(point: x, value: fx, gradient: g, iterations: 0, converged: false) }
        var h = identity(n)
        var iteration = 0
        while iteration < maxIterations {
            if g.allSatisfy({ abs($0) <= gradientTolerance }) {
                return Result(point: x, value: fx, gradient: g, iterations: iteration, converged: true)
            }
            iteration += 1
            var p = (0..<n).map { i in -(0..<n).reduce(0) { $0 + h[i][$1] * g[$1] } }
            var slope = zip(p, g).reduce(0) { $0 + $1.0 * $1.1 }
            if !(slope < 0) {
                h = identity(n)
                p = g.map { -$0 }
                slope = -g.reduce(0) { $0 + $1 * $1 }
            }
            let longest = p.map(abs).max() ?? 0
            var step = longest > maxStep ? maxStep / longest : 1
            var accepted: (x: [Double], f: Double, g: [Double])?
            for _ in 0..<60 {
                let trial = (0..<n).map { x[$0] + step * p[$0] }
                let (ft, gt) = f(trial)
                if ft.isFinite, ft <= fx + 1e-4 * step * slope, gt.allSatisfy(\.isFinite) {
                    accepted = (trial, ft, gt)
                    break
                }
                step *= 0.5
            }
            guard let next = accepted else {
                // No decrease along the direction: at the precision's floor if the gradient is already tiny.
                let small = g.allSatisfy { abs($0) <= gradientTolerance * 1e3 }
                return Result(point: x, value: fx, gradient: g, iterations: iteration, converged: small)
            }
            let stalled = abs(fx - next.f) <= valueTolerance * abs(fx) && next.g.allSatisfy { abs($0) <= 1e-6 }
            if stalled {
                return Result(point: next.x, value: next.f, gradient: next.g, iterations: iteration, converged: true)
            }
            let s = (0..<n).map { next.x[$0] - x[$0] }
            let y = (0..<n).map { next.g[$0] - g[$0] }
            let sy = zip(s, y).reduce(0) { $0 + $1.0 * $1.1 }
            if sy > 1e-16 {
                // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ
                let rho = 1 / sy
                let hy = (0..<n).map { i in (0..<n).reduce(0) { $0 + h[i][$1] * y[$1] } }
                let yhy = zip(y, hy).reduce(0) { $0 + $1.0 * $1.1 }
                for i in 0..<n {
                    for j in 0..<n {
                        h[i][j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j]
                    }
                }
            }
            x = next.x
            fx = next.f
            g = next.g
        }
        return Result(point: x, value: fx, gradient: g, iterations: iteration, converged: false)
    }

    private func identity(_ n: Int) -> [[Double]] {
        (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
    }
}
