import Foundation
import RFMPrimitives
import Segmentation

/// The 4,338 UCI customers and scikit-learn's results on them (see Fixtures/make_fixtures.py).
struct UCIFixture: Sendable {
    struct Fit: Decodable, Sendable {
        let algorithm: String
        let k: Int
        let labels: String?
        let silhouette: Double?
        let davies_bouldin: Double?
        let calinski_harabasz: Double?
        let inertia: Double?
        let lower_bound: Double?

        var labelArray: [Int] { (labels ?? "").map { Int(String($0))! } }
    }

    struct Scaler: Decodable, Sendable {
        let center: [Double]
        let scale: [Double]
    }
    struct PCAValues: Decodable, Sendable {
        let mean: [Double]
        let components: [[Double]]
        let explained_variance_ratio: [Double]
    }

    struct Golden: Decodable, Sendable {
        let n: Int
        let scaler_log1p: Scaler
        let pca: PCAValues
        let fits: [Fit]
    }

    /// log1p of Recency, Frequency, Monetary.
    let logFeatures: FeatureMatrix
    /// `logFeatures` robust-scaled with this package's scaler.
    let scaled: FeatureMatrix
    let golden: Golden

    func fit(_ algorithm: String, _ k: Int) -> Fit {
        golden.fits.first { $0.algorithm == algorithm && $0.k == k }!
    }

    static let shared: UCIFixture = {
        do { return try load() } catch { preconditionFailure("cannot load fixtures: \(error)") }
    }()

    static func load() throws -> UCIFixture {
        let dir = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
        let csv = try String(contentsOf: dir.appendingPathComponent("uci_rfm.csv"), encoding: .utf8)
        var rows = [[Double]]()
        for line in csv.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("CustomerID") {
            let f = line.split(separator: ",")
            rows.append([Double(f[1])!, Double(f[2])!, Double(f[3])!])
        }
        let raw = try FeatureMatrix(rows)
        let logFeatures = FeatureTransform.log1p.apply(raw)
        let scaled = try RobustScaler().fit(logFeatures).transform(logFeatures)
        let golden = try JSONDecoder().decode(
            Golden.self, from: Data(contentsOf: dir.appendingPathComponent("uci_sklearn.json")))
        return UCIFixture(logFeatures: logFeatures, scaled: scaled, golden: golden)
    }
}

/// |a − b| <= tolerance · max(|a|, |b|).
func relativelyClose(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool {
    abs(a - b) <= tolerance * max(abs(a), abs(b))
}

/// Whether two labellings are the same partition (equal up to renaming).
func samePartition(_ a: [Int], _ b: [Int]) -> Bool {
    guard a.count == b.count else { return false }
    var ab = [Int: Int]()
    var ba = [Int: Int]()
    for (x, y) in zip(a, b) {
        if let m = ab[x], m != y { return false }
        if let m = ba[y], m != x { return false }
        ab[x] = y
        ba[y] = x
    }
    return true
}

/// A seeded blob data set: `centres.count` Gaussian blobs of `perBlob` points in 3-D.
func blobs(perBlob: Int, centres: [[Double]], spread: Double = 0.3, seed: UInt64 = 7) throws -> FeatureMatrix {
    var rng = SeededGenerator(seed: seed)
    var rows = [[Double]]()
    for c in centres {
        for _ in 0..<perBlob {
            rows.append(c.map { $0 + spread * gaussian(&rng) })
        }
    }
    return try FeatureMatrix(rows)
}

/// A standard normal draw (Box-Muller).
func gaussian(_ rng: inout SeededGenerator) -> Double {
    let u = max(rng.nextUnit(), 1e-300)
    let v = rng.nextUnit()
    return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
}
