import Foundation
import Segmentation

/// The checks of a loaded `model.json`: every field in its valid domain, so that scoring and reporting with the
/// model cannot trap, divide by zero, produce non-finite features or fail only when the charts are drawn.
extension SavedModel {
    public typealias Problem = RulesFileLoader.Problem

    /// The first field out of its domain, or nil when the whole model is valid.
    public func check() -> Problem? {
        func problem(_ path: String, _ message: String) -> Problem { Problem(path: path, message: message) }
        func text(_ value: String, _ path: String, _ limit: Int) -> Problem? {
            if value.unicodeScalars.count > limit { return problem(path, "longer than \(limit) characters") }
            if let bad = value.unicodeScalars.first(where: { !TerminalText.isPrintable($0) }) {
                return problem(path, "has a control or invisible character (\(TerminalText.escape(String(bad))))")
            }
            return nil
        }
        /// Finite, at most `Limits.magnitude`.
        func numbers(_ values: [Double], _ path: String, count: Int) -> Problem? {
            guard values.count == count else { return problem(path, "expected \(count) values, found \(values.count)") }
            for (i, v) in values.enumerated() {
                guard v.isFinite else { return problem("\(path)[\(i)]", "not a finite number") }
                guard abs(v) <= Limits.magnitude else {
                    return problem("\(path)[\(i)]", "\(v) is out of range (at most 1e100 in magnitude)")
                }
            }
            return nil
        }
        func matrix(_ rows: [[Double]], _ path: String, rows count: Int, columns: Int) -> Problem? {
            guard rows.count == count else { return problem(path, "expected \(count) rows, found \(rows.count)") }
            for (i, row) in rows.enumerated() {
                if let p = numbers(row, "\(path)[\(i)]", count: columns) { return p }
            }
            return nil
        }

        if let p = text(tool, "tool", Limits.textLength) { return p }
        if let p = text(snapshotRule, "snapshot_rule", Limits.textLength) { return p }
        guard trainedSnapshot.utf8.count == 10, CivilDate(iso: trainedSnapshot) != nil else {
            return problem(
                "trained_snapshot",
                "expected a date YYYY-MM-DD, found \"\(String(trainedSnapshot.unicodeScalars.prefix(40)))\"")
        }
        guard customers >= 0 else { return problem("customers", "\(customers) is negative") }
        guard FeatureTransform(rawValue: transform) != nil else {
            return problem("transform", "\"\(String(transform.unicodeScalars.prefix(40)))\" is not log1p or none")
        }
        guard features == ["recency_days", "frequency", "monetary"] else {
            return problem("features", "expected [\"recency_days\", \"frequency\", \"monetary\"]")
        }
        for (name, list) in [
            ("recency", scoreBoundaries.recency), ("frequency", scoreBoundaries.frequency),
            ("monetary", scoreBoundaries.monetary),
        ] {
            let here = "score_boundaries.\(name)"
            guard list.count == 3 else { return problem(here, "expected 3 boundaries, found \(list.count)") }
            for (i, b) in list.enumerated() {
                guard b.value.isFinite else { return problem("\(here)[\(i)].value", "not a finite number") }
                if let p = text(b.customerID, "\(here)[\(i)].customer_id", Limits.textLength) { return p }
                if i > 0 {
                    let a = list[i - 1]
                    guard
                        a.value < b.value
                            || (a.value == b.value && !scoreBoundaries.idComesAfter(a.customerID, b.customerID))
                    else {
                        return problem("\(here)[\(i)]", "the boundaries are not in ascending order")
                    }
                }
            }
        }
        if let p = RulesFileLoader.check(rules: rules, fallback: fallback, rulesPath: "rules", fallbackPath: "fallback")
        {
            return p
        }

        guard let c = clustering else {
            guard pca == nil else { return problem("pca", "given without a clustering") }
            guard scaler.center.isEmpty, scaler.scale.isEmpty else {
                return problem("scaler", "given without a clustering")
            }
            return nil
        }
        if let p = numbers(scaler.center, "scaler.center", count: 3) { return p }
        if let p = numbers(scaler.scale, "scaler.scale", count: 3) { return p }
        for (i, s) in scaler.scale.enumerated() where !(s >= Limits.smallestScale) {
            return problem(
                "scaler.scale[\(i)]",
                "\(s) is not a valid scale (at least 10·ε = 2.2e-15; a zero interquartile range is saved as 1)")
        }
        guard let algorithm = ClusteringAlgorithm(rawValue: c.algorithm) else {
            return problem(
                "clustering.algorithm",
                "\"\(String(c.algorithm.unicodeScalars.prefix(40)))\" is not kmeans, ward or gaussianMixture")
        }
        guard (1...Limits.clusters).contains(c.k) else {
            return problem("clustering.k", "\(c.k) is outside 1-\(Limits.clusters)")
        }
        if let p = matrix(c.centres, "clustering.centres", rows: c.k, columns: 3) { return p }
        guard c.clusterNumbers.count == c.k else {
            return problem(
                "clustering.cluster_numbers", "expected \(c.k) cluster numbers (k), found \(c.clusterNumbers.count)")
        }
        var seen = Set<Int>()
        for (i, number) in c.clusterNumbers.enumerated() {
            guard (1...c.k).contains(number) else {
                return problem("clustering.cluster_numbers[\(i)]", "\(number) is outside 1-\(c.k)")
            }
            guard seen.insert(number).inserted else {
                return problem("clustering.cluster_numbers[\(i)]", "\(number) is used twice")
            }
        }
        if let names = c.names {
            guard names.count == c.k else {
                return problem("clustering.names", "expected \(c.k) names (k), found \(names.count)")
            }
            var used = Set<String>()
            for (i, name) in names.enumerated() {
                if let p = text(name, "clustering.names[\(i)]", Limits.textLength) { return p }
                guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                    return problem("clustering.names[\(i)]", "empty")
                }
                guard used.insert(name).inserted else {
                    return problem(
                        "clustering.names[\(i)]", "\"\(String(name.unicodeScalars.prefix(40)))\" is used twice")
                }
            }
        }
        if algorithm == .gaussianMixture {
            guard let w = c.weights else {
                return problem("clustering.weights", "missing; a Gaussian mixture needs k weights")
            }
            if let p = numbers(w, "clustering.weights", count: c.k) { return p }
            for (i, x) in w.enumerated() where !(x > 0 && x <= 1) {
                return problem("clustering.weights[\(i)]", "\(x) is not a weight in (0, 1]")
            }
            let total = w.reduce(0, +)
            guard abs(total - 1) <= 1e-6 else {
                return problem("clustering.weights", "the weights add up to \(total), not 1")
            }
            guard let cov = c.covariances else {
                return problem("clustering.covariances", "missing; a Gaussian mixture needs k covariances")
            }
            if let p = matrix(cov, "clustering.covariances", rows: c.k, columns: 9) { return p }
            for (j, m) in cov.enumerated() {
                let here = "clustering.covariances[\(j)]"
                for d in 0..<3 where !(m[d * 4] >= Limits.smallestVariance) {
                    return problem("\(here)[\(d * 4)]", "the variance \(m[d * 4]) is below \(Limits.smallestVariance)")
                }
                for r in 0..<3 {
                    for s in (r + 1)..<3 where abs(m[r * 3 + s] - m[s * 3 + r]) > 1e-9 * max(1, abs(m[r * 3 + s])) {
                        return problem(here, "not symmetric")
                    }
                }
                guard
                    (try? GaussianMixtureParameters(weights: [1], means: c.centres[j], covariances: m, columns: 3))
                        != nil
                else {
                    return problem(here, "not positive definite")
                }
            }
        } else {
            guard c.weights == nil else { return problem("clustering.weights", "only a Gaussian mixture has weights") }
            guard c.covariances == nil else {
                return problem("clustering.covariances", "only a Gaussian mixture has covariances")
            }
        }
        guard let p = pca else { return problem("pca", "missing; a model with a clustering needs its projection") }
        if let e = numbers(p.mean, "pca.mean", count: 3) { return e }
        if let e = matrix(p.components, "pca.components", rows: 2, columns: 3) { return e }
        for (i, v) in p.components.enumerated() {
            let norm = (v[0] * v[0] + v[1] * v[1] + v[2] * v[2]).squareRoot()
            guard abs(norm - 1) <= 1e-6 else {
                return problem("pca.components[\(i)]", "not a unit vector (length \(norm))")
            }
        }
        guard p.explainedVarianceRatio.count == 2 else {
            return problem("pca.explained_variance_ratio", "expected 2 values, found \(p.explainedVarianceRatio.count)")
        }
        for (i, r) in p.explainedVarianceRatio.enumerated() where !(r >= 0 && r <= 1) {
            return problem("pca.explained_variance_ratio[\(i)]", "\(r) is not a share in 0-1")
        }
        guard p.explainedVarianceRatio.reduce(0, +) <= 1 + 1e-9 else {
            return problem("pca.explained_variance_ratio", "the shares add up to more than 1")
        }
        return nil
    }

    /// Scores a few synthetic customers (recent and lapsed, small and large, and extremes) with this model: what
    /// the fuzz target and the tests run on every model that loads, to show that a valid model scores without
    /// trapping and gives every customer a segment, a cluster number in 1...k and finite coordinates.
    public func scoreSyntheticCustomers() throws -> [ScoredCustomer] {
        let day = CivilDate(iso: "2011-12-10")!
        let shapes: [(Int, Int, Double)] = [
            (1, 1, 0), (1, 200, 250_000), (30, 5, 120.5), (373, 1, 3.75), (90, 12, 1_999.99), (2, 2, 0.5),
            (10_000, 1, 1e9), (1, 100_000, 1e12), (180, 3, 0.01), (7, 40, 77_777),
        ]
        let customers = shapes.enumerated().map { k, s in
            CustomerRFM(
                id: "\(12_346 + k)", country: "United Kingdom", recency: s.0, frequency: s.1, monetary: s.2,
                firstPurchase: CivilDate(dayNumber: day.dayNumber - s.0 - 30),
                lastPurchase: CivilDate(dayNumber: day.dayNumber - s.0))
        }
        let table = RFMTable(
            customers: customers, snapshot: day, order: .numeric, rowsUsed: customers.count, rowsAfterCutoff: 0,
            firstTransaction: LocalTimestamp(seconds: 0), lastTransaction: LocalTimestamp(seconds: 0))
        return try ModelScorer(model: self).score(table)
    }
}
