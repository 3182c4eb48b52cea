import Foundation
import RFMCore
import RFMIngest
import RFMReport
import Segmentation
import TestSupport
import Testing

/// Fits a report on `path`, saves its model through JSON, and scores `scorePath` with it.
func fitAndScore(_ path: String, scoring scorePath: String? = nil) throws -> (RFMAnalysis, SavedModel, [ScoredCustomer])
{
    var a = try RFMAnalysis(
        transactions: TransactionLoader().load(paths: [path]), snapshot: .dayAfterLastInvoice, rules: .standard)
    try a.cluster(ClusteringSettings())
    let saved = try SavedModel(tool: "test", rfm: a.rfm, scored: a.scored, rules: a.rules, clustering: a.clustering)
    let file = temporaryFolder().appendingPathComponent("model.json")
    try saved.encoded().write(to: file)
    let loaded = try SavedModel.load(path: file.path)
    #expect(loaded == saved)
    let rfm =
        scorePath == nil
        ? a.rfm
        : try RFMCalculator.compute(TransactionLoader().load(paths: [scorePath!]), snapshot: .dayAfterLastInvoice)
    return (a, loaded, try ModelScorer(model: loaded).score(rfm))
}

/// Scoring the training data with its own saved model reproduces every score, segment, cluster and coordinate.
func expectReproducesTraining(_ a: RFMAnalysis, _ scored: [ScoredCustomer]) {
    let names = a.rules.segments.map(\.name)
    var mismatches = 0
    for (i, s) in scored.enumerated() {
        let own = a.scored.scores[i]
        if s.score.r != own.r || s.score.f != own.f || s.score.m != own.m || s.segment != names[own.segment] {
            mismatches += 1
        }
        if s.cluster != a.clustering!.clusters[i] { mismatches += 1 }
        if s.clusterName != a.clustering!.clusterName(ofCustomer: i) { mismatches += 1 }
        if abs(s.pc1! - a.clustering!.coordinates[i].0) > 1e-12 || abs(s.pc2! - a.clustering!.coordinates[i].1) > 1e-12
        {
            mismatches += 1
        }
    }
    #expect(mismatches == 0)
}

@Suite struct ModelScoringTests {
    @Test func theSavedModelReproducesTheSampleReport() throws {
        let (a, _, scored) = try fitAndScore(packageRoot.appendingPathComponent("data/online_retail_sample.csv").path)
        expectReproducesTraining(a, scored)
    }

    @Test func boundariesScoreTiesByCustomerOrder() {
        let b = ScoreBoundaries(
            order: .numeric,
            recency: [
                ScoreBoundary(value: 10, customerID: "5"), ScoreBoundary(value: 100, customerID: "5"),
                ScoreBoundary(value: 300, customerID: "5"),
            ],
            frequency: [
                ScoreBoundary(value: 1, customerID: "20"), ScoreBoundary(value: 2, customerID: "7"),
                ScoreBoundary(value: 5, customerID: "7"),
            ],
            monetary: [
                ScoreBoundary(value: 100, customerID: "1"), ScoreBoundary(value: 500, customerID: "1"),
                ScoreBoundary(value: 2000, customerID: "1"),
            ])
        #expect(b.scores(id: "19", recency: 5, frequency: 1, monetary: 50) == (4, 1, 1))
        #expect(b.scores(id: "21", recency: 10, frequency: 1, monetary: 100) == (3, 2, 2))
        #expect(b.scores(id: "20", recency: 400, frequency: 1, monetary: 3000) == (1, 1, 4))
        #expect(b.scores(id: "C7", recency: 400, frequency: 2, monetary: 3000).f == 3)
    }

    @Test func aModelFileOfAnotherVersionOrDamagedIsAClearError() throws {
        let dir = temporaryFolder()
        func message(_ text: String?) -> String {
            let path = dir.appendingPathComponent("m\(UUID().uuidString).json")
            if let text { try! Data(text.utf8).write(to: path) }
            do {
                _ = try SavedModel.load(path: path.path)
                return "no error"
            } catch { return error.description }
        }
        #expect(message(nil).contains("cannot read the model file"))
        #expect(message("{\"format\": \"rfm-model\", \"version\": 99}").contains("model version 99 is not supported"))
        #expect(message("{\"format\": \"rfm-mod").contains("not valid JSON"))
        #expect(message("[1, 2]").contains("not an rfm model"))
        #expect(message("{\"format\": \"rfm-model\", \"version\": 1}").contains("missing"))
    }
}

@Suite(.enabled(if: Prerequisites.hasSharedData, "needs ../shared/data"))
struct FullDataScoringTests {
    @Test func onlineRetailModelReproducesItselfAndScoresOnlineRetailII() throws {
        let uci = sharedData.appendingPathComponent("data/online_retail/Online Retail.csv.gz").path
        let or2 = sharedData.appendingPathComponent("data/online_retail_ii/online_retail_II_Year_2009-2010.csv.gz").path
        let (a, model, own) = try fitAndScore(uci)
        expectReproducesTraining(a, own)
        let other = try ModelScorer(model: model).score(
            RFMCalculator.compute(TransactionLoader().load(paths: [or2]), snapshot: .dayAfterLastInvoice))
        #expect(other.count == 4312)
        #expect(other.allSatisfy { $0.cluster != nil && (1...model.clustering!.k).contains($0.cluster!) })
        #expect(Set(other.map(\.segment)).count == 7)
    }
}

@Suite struct AppliedModelTests {
    /// `--model` on the data the model was trained on: the same scores, segments and clusters, nothing refitted.
    @Test func applyingAModelToItsTrainingDataReproducesTheReport() throws {
        let path = packageRoot.appendingPathComponent("data/online_retail_sample.csv").path
        let (a, model, scored) = try fitAndScore(path)
        let applied = AppliedModel(model: model, source: "trained")
        var options = ReportOptions(inputs: [path])
        options.apply(applied)
        var b = try RFMAnalysis(
            transactions: a.transactions, snapshot: .dayAfterLastInvoice, rules: options.rules, scoring: options.scoring
        )
        try b.cluster(ClusteringSettings(), applying: applied)
        #expect(b.scored.scores == a.scored.scores)
        #expect(b.scored.cutPoints == a.scored.cutPoints)
        let c = try #require(b.clustering)
        #expect(c.origin == .applied(source: "trained", trainedSnapshot: a.rfm.snapshot.description))
        #expect(c.selection.fits.count == 1)
        #expect(c.clusters == scored.map { $0.cluster! })
        // Each cluster keeps the name the model was saved with.
        #expect(c.namesFromModel)
        #expect(c.profiles.map(\.name) == a.clustering!.profiles.map(\.name))
        #expect(c.holdout.testIndices.isEmpty && c.heldOut.allSatisfy { !$0 })
        // Where the assignments agree with the fit, so do the metrics.
        if c.clusters == a.clustering!.clusters {
            #expect(abs(c.best.silhouette! - a.clustering!.best.silhouette!) < 1e-12)
            #expect(abs(c.best.calinskiHarabasz! - a.clustering!.best.calinskiHarabasz!) < 1e-9)
        }
    }

    /// The saved boundaries score a later snapshot by value, not by its own quartiles.
    @Test func savedBoundariesScoreALaterSnapshotByValue() throws {
        let table = try TransactionLoader().load(paths: [
            packageRoot.appendingPathComponent("data/online_retail_sample.csv").path
        ])
        let september = try RFMAnalysis(transactions: table, snapshot: .month(year: 2011, month: 9), rules: .standard)
        let boundaries = september.scored.cutPoints.boundaries
        let november = try RFMAnalysis(
            transactions: table, snapshot: .month(year: 2011, month: 11), rules: .standard,
            scoring: .savedBoundaries(boundaries, source: "september"))
        for (c, s) in zip(november.rfm.customers, november.scored.scores) {
            let expected = boundaries.scores(id: c.id, recency: c.recency, frequency: c.frequency, monetary: c.monetary)
            #expect((s.r, s.f, s.m) == expected)
        }
        #expect(november.scored.cutPoints.boundaries == boundaries)
    }
}
