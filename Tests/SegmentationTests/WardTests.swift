import Segmentation
import Testing

@Suite("Ward clustering")
struct WardTests {
    let uci = UCIFixture.shared

    @Test func labelsMatchSklearnForEveryK() throws {
        let model = try WardClustering().fit(uci.scaled)
        #expect(model.method == .exact)
        for k in 2...8 {
            let labels = try model.labels(k: k)
            #expect(Set(labels).count == k)
            #expect(samePartition(labels, uci.fit("ward", k).labelArray), "k=\(k)")
        }
    }

    @Test func dendrogramIsMonotoneAndComplete() throws {
        let model = try WardClustering().fit(uci.scaled)
        let merges = model.dendrogram.merges
        #expect(merges.count == uci.scaled.rows - 1)
        #expect(merges.last?.size == uci.scaled.rows)
        for i in 1..<merges.count { #expect(merges[i - 1].height <= merges[i].height) }
    }

    @Test func handComputedTree() throws {
        // 0, 1 merge at 1; 10, 12 merge at 2; the pairs merge at
        // √(2·2·2/4)·‖0.5 − 11‖ = √2 · 10.5.
        let x = try FeatureMatrix([[0], [1], [10], [12]])
        let tree = try WardClustering().fit(x).dendrogram
        let heights = tree.merges.map(\.height)
        #expect(heights[0] == 1 && heights[1] == 2)
        #expect(relativelyClose(heights[2], (2.0).squareRoot() * 10.5, 1e-15))
        #expect(tree.merges.map(\.size) == [2, 2, 4])
        #expect(try tree.labels(k: 2) == [0, 0, 1, 1])
        #expect(try tree.labels(k: 3) == [0, 0, 1, 2])
    }

    @Test func approximationAgreesWithExactOnSeparatedBlobs() throws {
        let x = try blobs(perBlob: 400, centres: [[0, 0, 0], [5, 0, 0], [0, 5, 5]], spread: 0.4)
        let exact = try WardClustering().fit(x).labels(k: 3)
        let approx = try WardClustering(exactLimit: 100, maxMicroClusters: 500).fit(x)
        guard case .approximate(let m) = approx.method else {
            Issue.record("expected approximation")
            return
        }
        #expect(m <= 500)
        #expect(samePartition(exact, try approx.labels(k: 3)))
    }
}
