import Segmentation
import Testing

@Suite("Silhouette, Davies-Bouldin, Calinski-Harabasz")
struct MetricTests {
    let uci = UCIFixture.shared

    /// 1e-9: sklearn computes distances with the ‖x‖² − 2x·y + ‖y‖² expansion (error ~1e-16·‖x‖²
    /// per distance), these with direct differences; the means agree to ~1e-13.
    @Test func metricsOfSklearnLabelsMatchSklearn() throws {
        let fits = uci.golden.fits.filter { $0.labels != nil }
        let sil = try SilhouetteBatch(threads: 2).scores(uci.scaled, labelings: fits.map(\.labelArray))
        for (i, f) in fits.enumerated() {
            let labels = f.labelArray
            #expect(relativelyClose(sil[i]!, f.silhouette!, 1e-9), "silhouette \(f.algorithm) k=\(f.k)")
            #expect(
                relativelyClose(try DaviesBouldinScore.score(uci.scaled, labels: labels)!, f.davies_bouldin!, 1e-9),
                "DB \(f.algorithm) k=\(f.k)")
            #expect(
                relativelyClose(
                    try CalinskiHarabaszScore.score(uci.scaled, labels: labels)!, f.calinski_harabasz!, 1e-9),
                "CH \(f.algorithm) k=\(f.k)")
        }
    }

    @Test func singleSilhouetteEqualsBatch() throws {
        let f = uci.fit("ward", 4)
        let one = try SilhouetteScore.score(uci.scaled, labels: f.labelArray)
        let batch = try SilhouetteBatch().scores(
            uci.scaled, labelings: [uci.fit("kmeans", 3).labelArray, f.labelArray])
        // The batch adds each distance once per atom (points that share their cluster in every labelling),
        // so the other labellings change the order of the additions: equal to the last bits only.
        #expect(relativelyClose(one!, batch[1]!, 1e-13))
    }

    @Test func metricsAreInvariantToRelabelling() throws {
        let labels = uci.fit("kmeans", 5).labelArray
        let renamed = labels.map { [7, 3, 0, 12, 5][$0] }
        let s1 = try SilhouetteScore.score(uci.scaled, labels: labels)!
        let s2 = try SilhouetteScore.score(uci.scaled, labels: renamed)!
        #expect(relativelyClose(s1, s2, 1e-12))
        let db1 = try DaviesBouldinScore.score(uci.scaled, labels: labels)!
        let db2 = try DaviesBouldinScore.score(uci.scaled, labels: renamed)!
        #expect(relativelyClose(db1, db2, 1e-12))
        let ch1 = try CalinskiHarabaszScore.score(uci.scaled, labels: labels)!
        let ch2 = try CalinskiHarabaszScore.score(uci.scaled, labels: renamed)!
        #expect(relativelyClose(ch1, ch2, 1e-12))
    }

    @Test func silhouetteThreadsAreBitIdentical() throws {
        let labelings = uci.golden.fits.filter { $0.labels != nil }.map(\.labelArray)
        let one = try SilhouetteBatch(threads: 1).scores(uci.scaled, labelings: labelings)
        let two = try SilhouetteBatch(threads: 2).scores(uci.scaled, labelings: labelings)
        #expect(one == two)
    }

    @Test func sampledSilhouetteUsesSampleOnly() throws {
        let labels = uci.fit("kmeans", 3).labelArray
        let batch = SilhouetteBatch(exactLimit: 1000, sampleSize: 1000, seed: 5)
        #expect(batch.method(points: uci.scaled.rows) == .sampled(size: 1000))
        let sample = batch.sampleIndices(points: uci.scaled.rows)
        let sampled = try batch.scores(uci.scaled, labelings: [labels])[0]!
        let direct = try SilhouetteScore.score(uci.scaled.selecting(rows: sample), labels: sample.map { labels[$0] })!
        #expect(sampled == direct)
        let exact = uci.fit("kmeans", 3).silhouette!
        #expect(abs(sampled - exact) < 0.05)
    }

    @Test func handComputedSmallCase() throws {
        // Points 0, 1 | 4, 6 on a line: a(0)=1, b(0)=5, s=0.8; a(1)=1, b(1)=4, s=0.75;
        // a(4)=2, b(4)=3.5, s=3/7; a(6)=2, b(6)=5.5, s=7/11.
        let x = try FeatureMatrix([[0], [1], [4], [6]])
        let s = try SilhouetteScore.score(x, labels: [0, 0, 1, 1])!
        let expected = (0.8 + 0.75 + 1.5 / 3.5 + 3.5 / 5.5) / 4
        #expect(abs(s - expected) < 1e-15)
        // CH: between = 2·(0.5−2.75)² + 2·(5−2.75)² = 20.25; within = 0.5 + 2 = 2.5; (20.25/1)/(2.5/2) = 16.2
        #expect(abs(try CalinskiHarabaszScore.score(x, labels: [0, 0, 1, 1])! - 16.2) < 1e-12)
        // DB: s = (0.5, 1), centroid distance 4.5: (1.5 / 4.5) for both clusters.
        #expect(abs(try DaviesBouldinScore.score(x, labels: [0, 0, 1, 1])! - 1.5 / 4.5) < 1e-15)
    }

    @Test func singletonClusterHasZeroSilhouette() throws {
        let x = try FeatureMatrix([[0], [1], [10]])
        // s(0) = (10 − 1)/10 = 0.9, s(1) = (9 − 1)/9, s(2) = 0 (alone).
        let s = try SilhouetteScore.score(x, labels: [0, 0, 1])!
        #expect(abs(s - (0.9 + 8.0 / 9.0) / 3) < 1e-15)
    }

    @Test func oneClusterHasNoMetrics() throws {
        let x = try FeatureMatrix([[0], [1], [10]])
        #expect(try SilhouetteScore.score(x, labels: [2, 2, 2]) == nil)
        #expect(try DaviesBouldinScore.score(x, labels: [2, 2, 2]) == nil)
        #expect(try CalinskiHarabaszScore.score(x, labels: [2, 2, 2]) == nil)
    }
}
