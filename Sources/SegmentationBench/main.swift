import Foundation
import RFMPrimitives
import Segmentation

// Usage (from the repository root, after `swift build -c release`):
//   .build/release/SegmentationBench uci [threads]          all 21 fits + metrics + PCA + holdout on UCI
//   .build/release/SegmentationBench synthetic N [threads]  the same on N seeded synthetic customers
//   .build/release/SegmentationBench ward N                 one exact Ward tree on N synthetic customers
//   .build/release/SegmentationBench wardcompare N          exact vs approximate Ward (adjusted Rand index)
//   .build/release/SegmentationBench gmm|kmeans N K         one GMM start / one KMeans fit (1 thread)

func seconds(_ start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
}

func loadUCI() throws -> FeatureMatrix {
    let csv = try String(contentsOfFile: "Tests/SegmentationTests/Fixtures/uci_rfm.csv", encoding: .utf8)
    var rows = [[Double]]()
    for line in csv.split(separator: "\n") where !line.hasPrefix("#") && !line.hasPrefix("CustomerID") {
        let f = line.split(separator: ",")
        guard f.count == 4, let r = Double(f[1]), let q = Double(f[2]), let m = Double(f[3]) else { continue }
        rows.append([r, q, m])
    }
    return try FeatureMatrix(rows)
}

/// Seeded synthetic R/F/M: four customer types with log-normal recency, frequency and monetary value.
func synthetic(_ n: Int) throws -> FeatureMatrix {
    var rng = SeededGenerator(seed: 2024)
    func normal() -> Double {
        let u = max(rng.nextUnit(), 1e-300)
        let v = rng.nextUnit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
    // (weight, log recency mean/sd, log frequency mean/sd, log monetary mean/sd)
    let types: [(Double, Double, Double, Double, Double, Double, Double)] = [
        (0.35, 4.8, 0.6, 0.2, 0.3, 5.5, 0.7), (0.30, 3.0, 0.7, 1.2, 0.5, 6.6, 0.6),
        (0.25, 2.0, 0.6, 2.2, 0.5, 7.6, 0.6), (0.10, 1.2, 0.5, 3.3, 0.5, 8.8, 0.7),
    ]
    var values = [Double]()
    values.reserveCapacity(3 * n)
    for _ in 0..<n {
        var u = rng.nextUnit()
        var t = 0
        while t < types.count - 1 && u >= types[t].0 {
            u -= types[t].0
            t += 1
        }
        let p = types[t]
        values.append(max(1, exp(p.1 + p.2 * normal()).rounded()))
        values.append(max(1, exp(p.3 + p.4 * normal()).rounded()))
        values.append(exp(p.5 + p.6 * normal()))
    }
    return try FeatureMatrix(rows: n, columns: 3, values: values)
}

func features(_ raw: FeatureMatrix) throws -> FeatureMatrix {
    let logged = FeatureTransform.log1p.apply(raw)
    return try RobustScaler().fit(logged).transform(logged)
}

func runGrid(_ raw: FeatureMatrix, threads: Int, label: String) throws {
    let start = DispatchTime.now()
    let x = try features(raw)
    let scaleSeconds = seconds(start)
    let gridStart = DispatchTime.now()
    let result = try ModelSelection(seed: 42, threads: threads).run(x)
    let gridSeconds = seconds(gridStart)
    let pcaStart = DispatchTime.now()
    let pca = try PCA(components: 2).fit(x)
    _ = try pca.transform(x)
    let pcaSeconds = seconds(pcaStart)
    let t = result.timings
    print("\(label): n=\(x.rows) threads=\(threads)")
    print(
        String(
            format:
                "  scale %.3f s | grid %.3f s (KMeans %.3f, Ward tree %.3f, GMM %.3f [summed over items], silhouette %.3f, DB+CH %.3f) | PCA %.4f s | total %.3f s",
            scaleSeconds, gridSeconds, t.kmeansSeconds, t.wardTreeSeconds, t.gaussianMixtureSeconds,
            t.silhouetteSeconds, t.otherMetricsSeconds, pcaSeconds, scaleSeconds + gridSeconds + pcaSeconds))
    for f in result.fits {
        print(
            String(
                format: "  %-15@ k=%d sil=%.6f db=%.6f ch=%.3f %@ fit %.3f s", f.algorithm.rawValue as NSString, f.k,
                f.silhouette ?? .nan, f.daviesBouldin ?? .nan, f.calinskiHarabasz ?? .nan,
                (f.inertia.map { String(format: "inertia=%.4f", $0) } ?? f.meanLogLikelihood.map {
                    String(format: "ll=%.5f it=%d", $0, f.iterations ?? 0)
                } ?? "\(f.wardMethod!)") as NSString,
                f.fitSeconds))
    }
    if let best = result.best {
        print(
            "  best: \(best.algorithm) k=\(best.k) silhouette \(best.silhouette!) (\(best.silhouetteMethod)) sizes \(best.sizes)"
        )
        let hStart = DispatchTime.now()
        let h = try HoldoutCheck(seed: 42, threads: threads).run(x, algorithm: best.algorithm, k: best.k)
        print(
            String(
                format: "  holdout silhouette %.6f on %d points (%.3f s)", h.silhouette ?? .nan, h.testIndices.count,
                seconds(hStart)))
    }
}

/// Adjusted Rand index of two labellings (Hubert & Arabie, 1985).
func adjustedRandIndex(_ a: [Int], _ b: [Int]) -> Double {
    func pairs(_ m: Int) -> Double { Double(m) * Double(m - 1) / 2 }
    var table = [Int: Int]()
    var rowSums = [Int: Int]()
    var colSums = [Int: Int]()
    for (x, y) in zip(a, b) {
        table[x * 1_000 + y, default: 0] += 1
        rowSums[x, default: 0] += 1
        colSums[y, default: 0] += 1
    }
    let index = table.values.map(pairs).reduce(0, +)
    let ra = rowSums.values.map(pairs).reduce(0, +)
    let cb = colSums.values.map(pairs).reduce(0, +)
    let expected = ra * cb / pairs(a.count)
    return (index - expected) / ((ra + cb) / 2 - expected)
}

let args = CommandLine.arguments
let mode = args.count > 1 ? args[1] : "uci"
switch mode {
case "uci":
    let threads = args.count > 2 ? Int(args[2]) ?? 2 : 2
    try runGrid(try loadUCI(), threads: threads, label: "UCI")
case "synthetic":
    let n = args.count > 2 ? Int(args[2]) ?? 1_000_000 : 1_000_000
    let threads = args.count > 3 ? Int(args[3]) ?? 2 : 2
    let genStart = DispatchTime.now()
    let raw = try synthetic(n)
    print(String(format: "generated %d customers in %.3f s", n, seconds(genStart)))
    try runGrid(raw, threads: threads, label: "synthetic")
case "ward":
    let n = args.count > 2 ? Int(args[2]) ?? 30_000 : 30_000
    let x = try features(try synthetic(n))
    let start = DispatchTime.now()
    let model = try WardClustering(exactLimit: n).fit(x)
    let treeSeconds = seconds(start)
    let cutStart = DispatchTime.now()
    var sizes = [Int]()
    for k in 2...8 { sizes.append(Set(try model.labels(k: k)).count) }
    print(
        String(
            format: "exact Ward n=%d: tree %.2f s, 7 cuts %.3f s, method %@, clusters %@", n, treeSeconds,
            seconds(cutStart),
            "\(model.method)" as NSString, "\(sizes)" as NSString))
case "wardcompare":
    let n = args.count > 2 ? Int(args[2]) ?? 20_000 : 20_000
    let x = try features(try synthetic(n))
    let exact = try WardClustering(exactLimit: n).fit(x)
    let approx = try WardClustering(exactLimit: 0).fit(x)
    var line = "Ward n=\(n), \(approx.method) vs exact, adjusted Rand index k=2..8:"
    for k in 2...8 {
        line += String(format: " %.3f", adjustedRandIndex(try exact.labels(k: k), try approx.labels(k: k)))
    }
    print(line)
case "gmm", "kmeans":
    let n = args.count > 2 ? Int(args[2]) ?? 1_000_000 : 1_000_000
    let k = args.count > 3 ? Int(args[3]) ?? 8 : 8
    let x = try features(try synthetic(n))
    let start = DispatchTime.now()
    if mode == "gmm" {
        let m = try GaussianMixture(k: k, seed: 42).fit(x, start: 0)
        print(
            String(
                format: "GMM n=%d k=%d: %.3f s, %d iterations, ll %.5f", n, k, seconds(start), m.iterations,
                m.meanLogLikelihood))
    } else {
        let m = try KMeans(k: k, seed: 42).fit(x, threads: 1)
        print(
            String(
                format: "KMeans n=%d k=%d (10 inits, 1 thread): %.3f s, inertia %.4f", n, k, seconds(start), m.inertia))
    }
default:
    print("usage: SegmentationBench uci [threads] | synthetic N [threads] | ward N")
}
