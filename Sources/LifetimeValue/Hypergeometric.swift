import Foundation

/// The Gauss hypergeometric function ₂F₁(a, b; c; z) for 0 ≤ z < 1, as its logarithm.
///
/// BG/NBD's expected purchases need ₂F₁(r + x, b + x; a + b + x − 1; z) with x the repeat purchases; summed as it
/// stands its terms grow like (1 − z)^−x before they shrink, and overflow for a customer with a thousand repeat
/// days. Euler's transformation ₂F₁(a, b; c; z) = (1 − z)^(c−a−b) ₂F₁(c − a, c − b; c; z) turns it into a series
/// whose upper parameters are small (a + b − 1 − r and a − 1 there), which converges like zⁿ from the first term.
enum Hypergeometric {
    /// ln ₂F₁(a, b; c; z), nil when the series does not converge in `maxTerms` terms or the sum is not positive.
    static func log2F1(_ a: Double, _ b: Double, _ c: Double, _ z: Double, maxTerms: Int = 100_000) -> Double? {
        guard z >= 0, z < 1, c > 0 else { return nil }
        if z == 0 { return 0 }
        guard let sum = series(c - a, c - b, c, z, maxTerms: maxTerms), sum > 0 else { return nil }
        return (c - a - b) * log1p(-z) + log(sum)
    }

    /// Σₙ (a)ₙ(b)ₙ / ((c)ₙ n!) zⁿ until a term no longer changes the sum.
    static func series(_ a: Double, _ b: Double, _ c: Double, _ z: Double, maxTerms: Int) -> Double? {
        var term = 1.0
        var sum = 1.0
        for n in 0..<maxTerms {
            let k = Double(n)
            term *= (a + k) * (b + k) / ((c + k) * (k + 1)) * z
            sum += term
            if abs(term) <= 1e-17 * abs(sum) { return sum.isFinite ? sum : nil }
        }
        return nil
    }
}
