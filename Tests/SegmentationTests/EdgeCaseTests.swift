import Segmentation
import Testing

@Suite("Edge cases")
struct EdgeCaseTests {
    @Test func fewerPointsThanClustersIsAnError() throws {
        let x = try FeatureMatrix([[0, 0], [1, 1]])
        #expect(throws: SegmentationError.fewerPointsThanClusters(points: 2, clusters: 3)) { try KMeans(k: 3).fit(x) }
        #expect(throws: SegmentationError.fewerPointsThanClusters(points: 2, clusters: 3)) {
            try GaussianMixture(k: 3).fit(x)
        }
        #expect(throws: SegmentationError.fewerPointsThanClusters(points: 2, clusters: 3)) {
            try WardClustering().fit(x).labels(k: 3)
        }
        #expect(throws: SegmentationError.fewerPointsThanClusters(points: 2, clusters: 3)) {
            try ModelSelection(ks: 2...3).run(x)
        }
    }

    @Test func invalidInputsAreErrors() throws {
        let x = try FeatureMatrix([[0], [1], [2]])
        #expect(throws: SegmentationError.invalidClusterCount(1)) { try KMeans(k: 1).fit(x) }
        #expect(throws: SegmentationError.emptyMatrix) { try RobustScaler().fit(try FeatureMatrix([])) }
        let bad = try FeatureMatrix([[0], [.nan], [2]])
        #expect(throws: SegmentationError.nonFiniteValue(row: 1, column: 0)) { try KMeans(k: 2).fit(bad) }
        #expect(throws: SegmentationError.raggedRows(expectedColumns: 2, row: 1, found: 1)) {
            try FeatureMatrix([[0, 1], [2]])
        }
        #expect(
            SegmentationError.fewerPointsThanClusters(points: 2, clusters: 3).description
                == "cannot form 3 clusters from 2 points")
    }

    @Test func allPointsIdentical() throws {
        let x = try FeatureMatrix([[Double]](repeating: [1, 2, 3], count: 20))
        let km = try KMeans(k: 3).fit(x)
        #expect(km.inertia == 0)
        let gmm = try GaussianMixture(k: 3).fit(x)
        #expect(gmm.meanLogLikelihood.isFinite)
        let scaled = try RobustScaler().fit(x).transform(x)
        #expect(scaled.values.allSatisfy { $0 == 0 })
        let result = try ModelSelection(ks: 2...3, threads: 2).run(x)
        #expect(result.fits.count == 6)
        for f in result.fits where f.clustersFound < 2 {
            #expect(f.silhouette == nil && f.daviesBouldin == nil && f.calinskiHarabasz == nil)
        }
        // Ward splits identical points arbitrarily but deterministically; nothing crashes.
        #expect(result.fits.allSatisfy { $0.sizes.reduce(0, +) == 20 })
    }

    @Test func moreClustersThanDistinctPoints() throws {
        var rows = [[Double]](repeating: [0, 0], count: 10)
        rows += [[Double]](repeating: [5, 5], count: 10)
        let x = try FeatureMatrix(rows)
        let km = try KMeans(k: 4, seed: 3).fit(x)
        #expect(km.inertia == 0)
        #expect(km.clustersFound >= 2)
        let result = try ModelSelection(ks: 2...4, threads: 1).run(x)
        let k2 = result.fits.filter { $0.k == 2 }
        #expect(k2.allSatisfy { $0.silhouette == 1 })
        #expect(result.best?.k == 2)
    }
}
