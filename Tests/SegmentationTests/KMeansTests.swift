import Segmentation
import Testing

@Suite("KMeans")
struct KMeansTests {
    let uci = UCIFixture.shared

    /// 0.1%: a different random generator finds different local optima; sklearn's best of 10 is the bar.
    @Test func inertiaNoWorseThanSklearn() throws {
        for k in 2...8 {
            let model = try KMeans(k: k, seed: 42).fit(uci.scaled, threads: 2)
            let sk = uci.fit("kmeans", k).inertia!
            #expect(model.inertia <= sk * 1.001, "k=\(k): \(model.inertia) vs sklearn \(sk)")
        }
    }

    @Test func nothingIsCloserThanOwnCentroid() throws {
        let model = try KMeans(k: 5, seed: 1).fit(uci.scaled)
        let c = model.centroids
        for i in 0..<uci.scaled.rows {
            let p = uci.scaled.row(i)
            func d2(_ q: [Double]) -> Double { zip(p, q).map { ($0 - $1) * ($0 - $1) }.reduce(0, +) }
            let own = d2(c[model.labels[i]])
            for other in c { #expect(own <= d2(other)) }
        }
        #expect(try model.assign(uci.scaled) == model.labels)
    }

    @Test func inertiaEqualsSumOfSquaredDistances() throws {
        let model = try KMeans(k: 4, seed: 3).fit(uci.scaled)
        var s = 0.0
        for i in 0..<uci.scaled.rows {
            let p = uci.scaled.row(i)
            let q = model.centroids[model.labels[i]]
            s += zip(p, q).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        }
        #expect(relativelyClose(s, model.inertia, 1e-12))
    }

    @Test func sameSeedSameResultAnyThreads() throws {
        let a = try KMeans(k: 6, seed: 42).fit(uci.scaled, threads: 1)
        let b = try KMeans(k: 6, seed: 42).fit(uci.scaled, threads: 2)
        let c = try KMeans(k: 6, seed: 42).fit(uci.scaled, threads: 2)
        #expect(a == b)
        #expect(b == c)
    }

    @Test func differentSeedStillValid() throws {
        let a = try KMeans(k: 3, seed: 42).fit(uci.scaled)
        let b = try KMeans(k: 3, seed: 4242).fit(uci.scaled)
        #expect(relativelyClose(a.inertia, b.inertia, 0.01))
        #expect(Set(b.labels).count == 3)
    }

    @Test func recoversSeparatedBlobs() throws {
        let x = try blobs(perBlob: 100, centres: [[0, 0, 0], [10, 0, 0], [0, 10, 0]])
        let model = try KMeans(k: 3, seed: 9).fit(x)
        let truth = (0..<300).map { $0 / 100 }
        #expect(samePartition(model.labels, truth))
    }
}
