import Foundation
import Segmentation
import Testing

@Suite("Model selection and holdout")
struct ModelSelectionTests {
    let uci = UCIFixture.shared

    /// Everything but the timings.
    func sameNumbers(_ a: ModelFit, _ b: ModelFit) -> Bool {
        a.algorithm == b.algorithm && a.k == b.k && a.labels == b.labels && a.centres == b.centres
            && a.silhouette == b.silhouette && a.daviesBouldin == b.daviesBouldin
            && a.calinskiHarabasz == b.calinskiHarabasz && a.inertia == b.inertia
            && a.meanLogLikelihood == b.meanLogLikelihood && a.bic == b.bic && a.model == b.model
    }

    @Test func fullGridOnUCI() throws {
        let result = try ModelSelection(seed: 42, threads: 2).run(uci.scaled)
        #expect(result.fits.count == 21)
        for f in result.fits {
            #expect(f.clustersFound == f.k)
            #expect(f.sizes.reduce(0, +) == uci.scaled.rows)
            #expect(f.silhouette != nil && f.daviesBouldin != nil && f.calinskiHarabasz != nil)
            #expect(f.silhouetteMethod == .exact)
        }
        // sklearn's reference picks KMeans k=2 with silhouette 0.430963 (RESULTS.md).
        let best = try #require(result.best)
        #expect(best.algorithm == .kmeans && best.k == 2)
        #expect(abs(best.silhouette! - 0.43096283892987963) < 1e-6)
        let ward3 = result.fits.first { $0.algorithm == .ward && $0.k == 3 }!
        #expect(samePartition(ward3.labels, uci.fit("ward", 3).labelArray))
    }

    @Test func oneAndTwoThreadsAreBitIdentical() throws {
        let a = try ModelSelection(ks: 2...5, seed: 7, threads: 1).run(uci.scaled)
        let b = try ModelSelection(ks: 2...5, seed: 7, threads: 2).run(uci.scaled)
        #expect(a.fits.count == b.fits.count)
        for (x, y) in zip(a.fits, b.fits) { #expect(sameNumbers(x, y), "\(x.algorithm) k=\(x.k)") }
    }

    @Test func bestBreaksTiesBySmallerKThenAlgorithm() throws {
        let x = try blobs(perBlob: 30, centres: [[0, 0, 0], [8, 0, 0]], spread: 0.2)
        let result = try ModelSelection(ks: 2...3, seed: 1, threads: 2).run(x)
        let best = try #require(result.best)
        // All three algorithms find the same two blobs with the same silhouette.
        #expect(best.k == 2 && best.algorithm == .kmeans)
    }

    @Test func holdoutCheck() throws {
        let check = HoldoutCheck(seed: 42, threads: 2)
        for algorithm in ClusteringAlgorithm.allCases {
            let h = try check.run(uci.scaled, algorithm: algorithm, k: 3)
            #expect(h.testIndices.count == 868)
            #expect(h.trainIndices.count + h.testIndices.count == uci.scaled.rows)
            #expect(Set(h.trainIndices).isDisjoint(with: h.testIndices))
            let s = try #require(h.silhouette)
            #expect(s > 0.2 && s < 0.6)
            #expect(try h.model.assign(uci.scaled.selecting(rows: h.testIndices)) == h.testLabels)
        }
        let again = try check.run(uci.scaled, algorithm: .kmeans, k: 3)
        #expect(again == (try check.run(uci.scaled, algorithm: .kmeans, k: 3)))
    }
}

@Suite("Model selection above the exact limits")
struct LargeDataModeTests {
    @Test func approximateWardAndSampledSilhouette() throws {
        let x = try blobs(perBlob: 500, centres: [[0, 0, 0], [4, 0, 0], [0, 4, 4]], spread: 0.5, seed: 3)
        let selection = ModelSelection(ks: 2...4, seed: 42, threads: 2, exactSilhouetteLimit: 600, exactWardLimit: 1000)
        let a = try selection.run(x)
        let b = try ModelSelection(ks: 2...4, seed: 42, threads: 1, exactSilhouetteLimit: 600, exactWardLimit: 1000)
            .run(x)
        for f in a.fits {
            #expect(f.silhouetteMethod == .sampled(size: 600))
            if f.algorithm == .ward {
                guard case .approximate = f.wardMethod else {
                    Issue.record("expected approximate Ward")
                    continue
                }
            }
        }
        #expect(a.fits.map(\.silhouette) == b.fits.map(\.silhouette))
        #expect(a.fits.map(\.labels) == b.fits.map(\.labels))
        let best = try #require(a.best)
        #expect(best.k == 3)
    }
}

@Suite("Serialisation")
struct SerialisationTests {
    @Test func fittedModelsRoundTripThroughJSON() throws {
        let uci = UCIFixture.shared
        let result = try ModelSelection(ks: 2...3, seed: 42, threads: 2).run(uci.scaled)
        let data = try JSONEncoder().encode(result)
        let decoded = try JSONDecoder().decode(ModelSelectionResult.self, from: data)
        #expect(decoded.fits == result.fits)
        for fit in decoded.fits {
            #expect(try fit.model.assign(uci.scaled.selecting(rows: Array(0..<200))).count == 200)
        }
    }
}
