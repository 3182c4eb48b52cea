import Foundation
import RFMCore
import RFMReport
import TestSupport
import Testing

func temporaryFolder() -> URL {
    ScratchSpace.folder("report")
}

let sampleCSV = packageRoot.appendingPathComponent("data/online_retail_sample.csv").path

@Suite struct ReportRunTests {
    func run(_ inputs: [String], out: URL, rules: SegmentRuleSet = .standard) throws -> ReportRun.Outcome {
        try ReportRun(options: ReportOptions(inputs: inputs, outputFolder: out.path, rules: rules, quiet: true)).run()
    }

    @Test func writesEveryFileAndNothingElseBesideTheFolder() throws {
        let parent = temporaryFolder()
        let out = parent.appendingPathComponent("report")
        let outcome = try run([sampleCSV], out: out)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(
            files == [
                ".rfm-report", "customers.csv", "model.json", "result.json", "run.log", "segments", "segments.csv",
                "segments.xlsx", "timings.json",
            ])
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path) == ["report"])
        let customers = try String(contentsOf: out.appendingPathComponent("customers.csv"), encoding: .utf8)
        #expect(customers.split(separator: "\n").count == 177)
        #expect(
            customers.hasPrefix(
                "customer_id,country,recency_days,frequency,monetary,r_score,f_score,m_score,rfm_cell,rfm_score,segment,"
                    + "first_purchase,last_purchase,cluster,cluster_name,pc1,pc2,holdout\n"))
        let segments = try String(contentsOf: out.appendingPathComponent("segments.csv"), encoding: .utf8)
        #expect(segments.split(separator: "\n").count == 8)
        #expect(outcome.summary.contains("Champions"))
        let log = try String(contentsOf: out.appendingPathComponent("run.log"), encoding: .utf8)
        #expect(log.contains("cleaning: Missing customer id: 344 rows removed"))
    }

    @Test func resultJSONIsByteIdenticalAcrossRuns() throws {
        let a = temporaryFolder().appendingPathComponent("a")
        let b = temporaryFolder().appendingPathComponent("b")
        _ = try run([sampleCSV], out: a)
        _ = try run([sampleCSV], out: b)
        for file in ["result.json", "customers.csv", "segments.csv"] {
            #expect(
                try Data(contentsOf: a.appendingPathComponent(file)) == Data(contentsOf: b.appendingPathComponent(file))
            )
        }
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: a.appendingPathComponent("result.json")))
            as! [String: Any]
        #expect(json["customers"] as? Int == 176)
        #expect(json["snapshot_date"] as? String == "2011-12-09")
        #expect((json["score_cut_points"] as? [String: Any])?["recency"] != nil)
    }

    @Test func aFailedRunLeavesTheEarlierReportIntact() throws {
        let out = temporaryFolder().appendingPathComponent("report")
        _ = try run([sampleCSV], out: out)
        let before = try Data(contentsOf: out.appendingPathComponent("result.json"))
        let broken = out.deletingLastPathComponent().appendingPathComponent("broken.csv")
        try Data("InvoiceNo,Quantity\n1,2\n".utf8).write(to: broken)
        // Raised by the read step, and tagged with it.
        #expect { _ = try run([broken.path], out: out) } throws: { error in
            guard let error = error as? StepError else { return false }
            return error.step == "read" && error.underlying is InputError
        }
        #expect(try Data(contentsOf: out.appendingPathComponent("result.json")) == before)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: out.deletingLastPathComponent().path)
        #expect(leftovers.sorted() == ["broken.csv", "report"])
    }

    @Test func refusesToReplaceAFolderThatIsNotAReport() throws {
        let out = temporaryFolder()
        try Data("precious".utf8).write(to: out.appendingPathComponent("thesis.docx"))
        #expect(throws: OutputError.self) { _ = try run([sampleCSV], out: out) }
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("thesis.docx").path))
    }

    /// A folder of hidden files only is not empty (it may be a home folder): refused. Inside an earlier report,
    /// hidden entries are carried over.
    @Test func hiddenFilesAreRefusedAloneAndKeptInsideAnEarlierReport() throws {
        let lone = temporaryFolder()
        try Data().write(to: lone.appendingPathComponent(".gitkeep"))
        #expect(throws: OutputError.self) { _ = try run([sampleCSV], out: lone) }
        #expect(try FileManager.default.contentsOfDirectory(atPath: lone.path) == [".gitkeep"])
        let out = temporaryFolder().appendingPathComponent("report")
        _ = try run([sampleCSV], out: out)
        try Data().write(to: out.appendingPathComponent(".gitkeep"))
        _ = try run([sampleCSV], out: out)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(".gitkeep").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("result.json").path))
    }

    @Test func anUnwritableParentIsAnOutputError() throws {
        #expect(throws: OutputError.self) {
            _ = try run([sampleCSV], out: URL(fileURLWithPath: "/proc/rfm-cannot-write/report"))
        }
    }
}
