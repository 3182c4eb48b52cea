import Foundation
import TestSupport
import Testing

/// Runs the built `rfm` executable end to end.
struct RFMProcess {
    static let root = Prerequisites.repositoryRoot

    static var executable: URL {
        // The test bundle sits in the same build folder as the executable (.build/<configuration>/).
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("rfm")
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return root.appendingPathComponent(".build/debug/rfm")
    }

    static func run(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        try run(program: executable, arguments)
    }

    /// Runs any program from `directory`, by default the repository's root (`environment` nil: this process's).
    static func run(
        program: URL, _ arguments: [String], environment: [String: String]? = nil, directory: URL = root
    ) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = program
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.currentDirectoryURL = directory
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }
}

func scratchFolder() -> URL {
    ScratchSpace.folder("cli")
}

@Suite struct CommandTests {
    @Test func defaultReportOnTheShippedSample() throws {
        let out = scratchFolder().appendingPathComponent("report")
        let r = try RFMProcess.run(["report", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Champions"))
        #expect(r.stdout.contains("Total"))
        #expect(r.stdout.contains("176"))
        for file in ["customers.csv", "segments.csv", "result.json", "run.log"] {
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(file).path), "\(file)")
        }
    }

    @Test func theXLSXSampleGivesTheSameCustomersAsTheCSV() throws {
        let a = scratchFolder().appendingPathComponent("a")
        let b = scratchFolder().appendingPathComponent("b")
        #expect(
            try RFMProcess.run(["report", "data/online_retail_sample.csv", "--out", a.path, "--quiet"]).status == 0)
        #expect(
            try RFMProcess.run(["report", "data/online_retail_sample.xlsx", "--out", b.path, "--quiet"]).status == 0)
        #expect(
            try Data(contentsOf: a.appendingPathComponent("customers.csv"))
                == Data(contentsOf: b.appendingPathComponent("customers.csv")))
    }

    @Test func monthAndRulesOptions() throws {
        let dir = scratchFolder()
        let rules = dir.appendingPathComponent("rules.yaml")
        try Data("segments:\n  - name: Best\n    r: 4\n    f: 4\n    m: 4\n    strategy: Thank them\n".utf8).write(
            to: rules)
        let out = dir.appendingPathComponent("report")
        let r = try RFMProcess.run(["report", "--month", "2011-06", "--rules", rules.path, "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Best"))
        let json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("result.json")))
            as! [String: Any]
        #expect(json["snapshot_date"] as? String == "2011-07-01")
        #expect(((json["segment_rules"] as? [String: Any])?["uncovered_cells"] as? [String])?.count == 63)
    }

    @Test func exitStatusesAndOneLineErrors() throws {
        let dir = scratchFolder()
        let bad = dir.appendingPathComponent("bad.csv")
        try Data("InvoiceNo,Quantity,InvoiceDate,UnitPrice\n1,1,2011-01-01,1\n".utf8).write(to: bad)
        let input = try RFMProcess.run(["report", bad.path, "--out", dir.appendingPathComponent("o").path])
        #expect(input.status == 1)
        #expect(input.stderr.contains("bad.csv, line 1: no customer column"))
        let usage = try RFMProcess.run(["report", "--month", "2011-13"])
        #expect(usage.status == 2)
        #expect(usage.stderr.contains("2011-13"))
        let unknown = try RFMProcess.run(["report", "--no-such-flag"])
        #expect(unknown.status == 2)
        let rules = dir.appendingPathComponent("rules.json")
        try Data("{\"segments\": [{\"name\": \"A\", \"r\": 7, \"f\": 1, \"m\": 1}]}".utf8).write(to: rules)
        let badRules = try RFMProcess.run([
            "report", "--rules", rules.path, "--out", dir.appendingPathComponent("o").path,
        ])
        #expect(badRules.status == 1)
        #expect(badRules.stderr.contains("rules.json: segments[0].r: score 7 is outside 1-4"))
        let output = try RFMProcess.run(["report", "--out", "/proc/rfm-cannot-write/report", "--quiet"])
        #expect(output.status == 3)
        let strict = dir.appendingPathComponent("strict.csv")
        try Data("InvoiceNo,Quantity,InvoiceDate,UnitPrice,CustomerID\n1,1,2011-01-01,1,7\n2,x,2011-01-02,1,7\n".utf8)
            .write(to: strict)
        let s = try RFMProcess.run(["report", strict.path, "--strict", "--out", dir.appendingPathComponent("o").path])
        #expect(s.status == 1)
        #expect(s.stderr.contains("strict.csv, line 3, column \"Quantity\": expected a number, found \"x\""))
    }
}

@Suite struct ScoreCommandTests {
    @Test func scoringTheTrainingDataReproducesTheReport() throws {
        let dir = scratchFolder()
        let out = dir.appendingPathComponent("report")
        #expect(try RFMProcess.run(["report", "--out", out.path, "--quiet"]).status == 0)
        let scored = dir.appendingPathComponent("scored.csv")
        let r = try RFMProcess.run([
            "score", "--model", out.appendingPathComponent("model.json").path,
            "data/online_retail_sample.xlsx", "--out", scored.path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        func rows(_ url: URL, _ columns: [String]) throws -> [[Substring]] {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            let header = lines[0].split(separator: ",").map(String.init)
            let idx = columns.map { header.firstIndex(of: $0)! }
            return lines.dropFirst().map { line in
                let f = line.split(separator: ",", omittingEmptySubsequences: false)
                return idx.map { f[$0] }
            }
        }
        let columns = [
            "customer_id", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score", "segment",
            "cluster",
        ]
        #expect(try rows(scored, columns) == rows(out.appendingPathComponent("customers.csv"), columns))
        // A folder works as --model too, and stdout is the default.
        let toStdout = try RFMProcess.run(["score", "--model", out.path, "data/online_retail_sample.csv"])
        #expect(toStdout.stdout == (try String(contentsOf: scored, encoding: .utf8)))
    }

    @Test func aBadModelFileIsABadInputError() throws {
        let dir = scratchFolder()
        let model = dir.appendingPathComponent("model.json")
        try Data("{\"format\": \"rfm-model\", \"version\": 7}".utf8).write(to: model)
        let r = try RFMProcess.run(["score", "--model", model.path, "data/online_retail_sample.csv"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("model version 7 is not supported"))
    }
}

@Suite struct MonthlyReportTests {
    func json(_ folder: URL) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("result.json")))
            as! [String: Any]
    }

    @Test func migrationRowsAndColumnsAddUpAndCompareEqualsTheDefault() throws {
        let dir = scratchFolder()
        let october = dir.appendingPathComponent("2011-10")
        let november = dir.appendingPathComponent("2011-11")
        let compared = dir.appendingPathComponent("compared")
        #expect(try RFMProcess.run(["report", "--month", "2011-10", "--out", october.path, "--quiet"]).status == 0)
        let r = try RFMProcess.run(["report", "--month", "2011-11", "--out", november.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let c = try #require(try json(november)["changes"] as? [String: Any])
        let counts = c["migration_counts"] as! [[Int]]
        let sources = c["sources"] as! [String]
        let targets = c["targets"] as! [String]
        // Columns add up to this month's segment sizes.
        let now = (try json(november)["segments"] as! [[String: Any]]).map { $0["customers"] as! Int }
        #expect(targets.indices.map { t in counts.reduce(0) { $0 + $1[t] } } == now)
        // Rows (but the new customers) add up to last month's sizes.
        let before = (try json(october)["segments"] as! [[String: Any]]).map { $0["customers"] as! Int }
        #expect(Array(counts.dropFirst().map { $0.reduce(0, +) }) == before)
        #expect(sources.first == "New customers")
        // The same comparison from the October report's folder.
        #expect(
            try RFMProcess.run([
                "report", "--month", "2011-11", "--compare", october.path, "--out", compared.path, "--quiet",
            ]).status == 0)
        let fromFolder = try #require(try json(compared)["changes"] as? [String: Any])
        #expect(fromFolder["migration_counts"] as! [[Int]] == counts)
        // The pages and the workbook sheets of the monthly view.
        let changes = try String(contentsOf: november.appendingPathComponent("changes.html"), encoding: .utf8)
        #expect(changes.contains("Win-back list"))
        let index = try String(contentsOf: november.appendingPathComponent("index.html"), encoding: .utf8)
        #expect(index.contains("What changed since 2011-10"))
        #expect(
            try String(contentsOf: november.appendingPathComponent("customers.csv"), encoding: .utf8).contains(
                ",previous_segment\n"))
    }

    @Test func aSavedModelKeepsCutPointsRulesAndClustersFromMonthToMonth() throws {
        let dir = scratchFolder()
        let october = dir.appendingPathComponent("2011-10")
        let november = dir.appendingPathComponent("2011-11")
        #expect(try RFMProcess.run(["report", "--month", "2011-10", "--out", october.path, "--quiet"]).status == 0)
        let r = try RFMProcess.run([
            "report", "--month", "2011-11", "--model", october.path, "--out", november.path, "--quiet",
        ])
        #expect(r.status == 0, "\(r.stderr)")
        let result = try json(november)
        let trained = try json(october)
        let parameters = try #require(result["parameters"] as? [String: Any])
        #expect((parameters["scores_from"] as? String)?.contains(october.path) == true)
        #expect((parameters["rules_source"] as? String)?.contains(october.path) == true)
        let clustering = try #require(result["clustering"] as? [String: Any])
        #expect(clustering["origin"] as? String == "applied")
        #expect(clustering["model_source"] as? String == october.path)
        #expect(clustering["trained_snapshot"] as? String == "2011-11-01")
        #expect((clustering["models"] as? [Any])?.count == 1)
        // The October cut points are kept, not recomputed on November's customers.
        let kept = (result["score_cut_points"] as? [String: Any])?["boundaries"] as? NSDictionary
        #expect(kept != nil && kept == (trained["score_cut_points"] as? [String: Any])?["boundaries"] as? NSDictionary)
        // Every customer's cluster and segment are what `rfm score` gives with the same model on the same snapshot.
        let scoredFile = dir.appendingPathComponent("scored.csv")
        let s = try RFMProcess.run([
            "score", "data/online_retail_sample.csv", "--model", october.appendingPathComponent("model.json").path,
            "--as-of", "2011-11-30",
            "--out", scoredFile.path,
        ])
        #expect(s.status == 0, "\(s.stderr)")
        func table(_ url: URL) throws -> [String: [String: String]] {
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map {
                $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            }
            let header = lines[0]
            return Dictionary(
                uniqueKeysWithValues: lines.dropFirst().map { row in
                    (row[0], Dictionary(uniqueKeysWithValues: zip(header, row).map { ($0, $1) }))
                })
        }
        let report = try table(november.appendingPathComponent("customers.csv"))
        let scored = try table(scoredFile)
        #expect(report.count == scored.count && report.count > 100)
        var differing = 0
        for (id, row) in report
        where row["cluster"] != scored[id]?["cluster"] || row["segment"] != scored[id]?["segment"] { differing += 1 }
        #expect(differing == 0)
        let model = try String(contentsOf: november.appendingPathComponent("model.html"), encoding: .utf8)
        #expect(model.contains("applied") && model.contains("no holdout check"))
        // A model and a rules file both set the rules: bad usage; a missing model: bad input.
        #expect(try RFMProcess.run(["report", "--model", october.path, "--rules", "x.yaml"]).status == 2)
        let missing = try RFMProcess.run([
            "report", "--model", dir.appendingPathComponent("nowhere").path, "--out",
            dir.appendingPathComponent("m").path,
        ])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("nowhere"))
    }

    @Test func badMonthsAreClearErrors() throws {
        let dir = scratchFolder()
        let invalid = try RFMProcess.run([
            "report", "--month", "2011-13", "--out", dir.appendingPathComponent("a").path,
        ])
        #expect(invalid.status == 2)
        let before = try RFMProcess.run(["report", "--month", "2009-05", "--out", dir.appendingPathComponent("b").path])
        #expect(before.status == 1)
        #expect(before.stderr.contains("no transactions on or before 2009-05-31"))
        let after = try RFMProcess.run(["report", "--month", "2012-03", "--out", dir.appendingPathComponent("c").path])
        #expect(after.status == 1)
        #expect(after.stderr.contains("no transactions in 2012-03"))
    }

    @Test func latestMonthNamesTheDefaultFolder() throws {
        let dir = scratchFolder()
        let sample = RFMProcess.root.appendingPathComponent("data/online_retail_sample.csv")
        let process = Process()
        process.executableURL = RFMProcess.executable
        process.arguments = ["report", sample.path, "--month", "latest", "--quiet"]
        process.currentDirectoryURL = dir
        var environment = ProcessInfo.processInfo.environment  // keeps sanitizer options when the suite runs under ASan
        environment["RFM_THEMES"] = RFMProcess.root.appendingPathComponent("themes").path
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("output/2011-11/changes.html").path))
    }
}

@Suite struct ArchiveTests {
    @Test func aFolderPerMonthAndAnIndexThatLinksThem() throws {
        let out = scratchFolder().appendingPathComponent("archive")
        let r = try RFMProcess.run(["report", "--months", "2011-10...2011-11", "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let entries = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(entries == [".rfm-report", "2011-10", "2011-11", "charts", "index.html", "style.css"])
        let index = try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8)
        for month in ["2011-10", "2011-11"] {
            #expect(index.contains("href=\"\(month)/index.html\""))
            for file in ["index.html", "changes.html", "segments.xlsx", "result.json", "customers.csv"] {
                #expect(
                    FileManager.default.fileExists(atPath: out.appendingPathComponent("\(month)/\(file)").path),
                    "\(month)/\(file)")
            }
        }
        let november =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("2011-11/result.json")))
            as! [String: Any]
        #expect(november["snapshot_date"] as? String == "2011-12-01")
        // The last month fits the clustering; the others apply it, so cluster numbers mean the same in every month.
        let october =
            try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("2011-10/result.json")))
            as! [String: Any]
        let fitted = try #require(november["clustering"] as? [String: Any])
        let applied = try #require(october["clustering"] as? [String: Any])
        #expect(fitted["origin"] as? String == "fitted")
        #expect(applied["origin"] as? String == "applied")
        #expect(applied["trained_snapshot"] as? String == "2011-12-01")
        #expect((applied["best"] as? [String: Any])?["k"] as? Int == (fitted["best"] as? [String: Any])?["k"] as? Int)
        #expect(applied["scaler"] as? [String: [Double]] == fitted["scaler"] as? [String: [Double]])
        // History points are shared between the months' reports and equal a month's own (all but the look-back
        // flag, which each report sets by its own cut points).
        func shared(_ report: [String: Any]) throws -> [NSDictionary] {
            let months = try #require((report["history"] as? [String: Any])?["months"] as? [[String: Any]])
            return months.map { NSDictionary(dictionary: $0.filter { $0.key != "short_look_back" }) }
        }
        let octoberHistory = try shared(october)
        let novemberHistory = try shared(november)
        #expect(octoberHistory.count >= 2)
        #expect(octoberHistory == Array(novemberHistory.dropLast()))
        // --refit-each-month: every month fits its own clustering.
        let refit = scratchFolder().appendingPathComponent("refit")
        #expect(
            try RFMProcess.run([
                "report", "--months", "2011-10...2011-11", "--refit-each-month", "--out", refit.path, "--quiet",
            ]).status == 0)
        let refitOctober =
            try JSONSerialization.jsonObject(
                with: Data(contentsOf: refit.appendingPathComponent("2011-10/result.json"))) as! [String: Any]
        #expect((refitOctober["clustering"] as? [String: Any])?["origin"] as? String == "fitted")
        #expect(try RFMProcess.run(["report", "--refit-each-month"]).status == 2)
        let bad = try RFMProcess.run(["report", "--months", "2011-12...2011-01"])
        #expect(bad.status == 2)
    }
}

@Suite struct DeterminismTests {
    /// One and two worker threads give byte-identical results, on the sample and on a generated log big enough for
    /// the threaded paths (KMeans starts, GMM fits, silhouette blocks, charts).
    @Test func oneAndTwoThreadsGiveByteIdenticalResults() throws {
        let dir = scratchFolder()
        let generated = dir.appendingPathComponent("generated.csv.gz").path
        let g = try RFMProcess.run([
            "generate", "--customers", "2500", "--transactions", "60000", "--seed", "3", "--out", generated,
        ])
        #expect(g.status == 0, "\(g.stderr)")
        for (name, input) in [("sample", "data/online_retail_sample.csv"), ("generated", generated)] {
            var outputs: [[String: Data]] = []
            for threads in ["1", "2"] {
                let out = dir.appendingPathComponent("\(name)-\(threads)")
                let r = try RFMProcess.run(["report", input, "--threads", threads, "--out", out.path, "--quiet"])
                #expect(r.status == 0, "\(r.stderr)")
                var files: [String: Data] = [:]
                for file in ["result.json", "customers.csv", "segments.csv", "model.json", "charts/pca-clusters.svg"] {
                    files[file] = try Data(contentsOf: out.appendingPathComponent(file))
                }
                outputs.append(files)
            }
            for (file, data) in outputs[0] {
                #expect(outputs[1][file] == data, "\(name): \(file) differs between 1 and 2 threads")
            }
        }
    }
}

@Suite struct BenchCommandTests {
    @Test func benchPrintsEveryStageWithMedianAndSpread() throws {
        let table = scratchFolder().appendingPathComponent("bench.md")
        let r = try RFMProcess.run(["bench", "data/online_retail_sample.csv", "--runs", "2", "--markdown", table.path])
        #expect(r.status == 0, "\(r.stderr)")
        for stage in [
            "read (one streaming pass", "clean (duplicates)", "| RFM |", "| scores |", "| segments |",
            "KMeans, every k",
            "Ward", "Gaussian mixture", "silhouette", "PCA", "cluster, all of the above", "charts (PNG + SVG",
            "HTML pages", "CSV, JSON and model files", "workbook", "| total |", "whole run, wall",
            "Peak resident memory",
        ] {
            #expect(r.stdout.contains(stage), "missing \(stage)")
        }
        #expect(try String(contentsOf: table, encoding: .utf8) == r.stdout)
        #expect(try RFMProcess.run(["bench", "--runs", "0"]).status == 2)
    }
}

@Suite struct GenerateCommandTests {
    @Test func writesTheRequestedRowsOrSaysWhyNot() throws {
        let out = scratchFolder().appendingPathComponent("log.csv")
        let r = try RFMProcess.run(["generate", "--customers", "40", "--transactions", "900", "--out", out.path])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 901)
        #expect(lines.first == "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country")
        let unwritable = try RFMProcess.run([
            "generate", "--transactions", "10", "--out", "/proc/rfm-no-such-folder/log.csv",
        ])
        #expect(unwritable.status == 3)
        #expect(unwritable.stderr.contains("/proc/rfm-no-such-folder/log.csv: cannot write"))
        #expect(try RFMProcess.run(["generate", "--out", "log.txt"]).status == 2)
    }
}
