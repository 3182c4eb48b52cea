import Foundation
import TestSupport
import Testing

/// The bad-input corpus of issue 8: each case runs the built `rfm report` into a folder that already holds a
/// report, and checks the exit status, the one-line message and that the earlier report is untouched.
@Suite(.serialized) struct HostileInputTests {
    static let header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"
    static let good = "536365,85123A,HEART,6,12/1/2010 8:26,2.55,17850,United Kingdom\n"

    /// An earlier report, made once and copied for every case.
    static let earlier: URL = {
        let out = scratchFolder().appendingPathComponent("earlier")
        let r = try! RFMProcess.run(["report", "--out", out.path, "--quiet"])
        precondition(r.status == 0, r.stderr)
        return out
    }()

    struct Outcome {
        let status: Int32
        let stderr: String
        let stdout: String
        let folder: URL
        let result: [String: Any]?
    }

    /// Runs `rfm report` on the input into a copy of the earlier report.
    func run(_ input: URL, _ extra: [String] = []) throws -> Outcome {
        let parent = scratchFolder()
        let out = parent.appendingPathComponent("report")
        try FileManager.default.copyItem(at: Self.earlier, to: out)
        let r = try RFMProcess.run(["report", input.path, "--out", out.path, "--quiet"] + extra)
        let json =
            try? JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("result.json")))
            as? [String: Any]
        // Never a temporary folder left beside the report.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: parent.path)
        #expect(leftovers == ["report"], "left behind: \(leftovers)")
        return Outcome(status: r.status, stderr: r.stderr, stdout: r.stdout, folder: out, result: json)
    }

    /// Expects a failure: the status, every fragment in the one stderr line, and the earlier report intact.
    func expectFailure(_ input: URL, _ status: Int32, _ fragments: [String], _ extra: [String] = []) throws {
        let o = try run(input, extra)
        #expect(o.status == status, "\(input.lastPathComponent): \(o.stderr)")
        let lines = o.stderr.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(o.stderr)")
        for f in fragments {
            #expect(o.stderr.contains(f), "\(input.lastPathComponent): expected “\(f)” in \(o.stderr)")
        }
        #expect(
            try Data(contentsOf: o.folder.appendingPathComponent("result.json"))
                == Data(contentsOf: Self.earlier.appendingPathComponent("result.json")))
        #expect(FileManager.default.fileExists(atPath: o.folder.appendingPathComponent("index.html").path))
    }

    func file(_ name: String, _ text: String) -> URL { file(name, Array(text.utf8)) }

    func file(_ name: String, _ bytes: [UInt8]) -> URL {
        let url = scratchFolder().appendingPathComponent(name)
        try! Data(bytes).write(to: url)
        return url
    }

    func cleaning(_ o: Outcome) -> [String: Int] {
        ((o.result?["cleaning"] as? [String: Any])?["removed"] as? [String: Int]) ?? [:]
    }

    // MARK: Inputs and rules that used to crash

    /// The same file given twice: a report (its rows counted twice, the second copy removed as duplicates), not a crash.
    @Test func theSameFileGivenTwice() throws {
        let sample = RFMProcess.root.appendingPathComponent("data/online_retail_sample.csv")
        let o = try run(sample, [sample.path])
        #expect(o.status == 0, "\(o.stderr)")
        #expect(cleaning(o)["duplicate_rows"] ?? 0 > 0)
    }

    /// A segment called "New customers" in a monthly report: the matrix's new-customer row takes another label.
    @Test func aSegmentNamedLikeTheNewCustomerRow() throws {
        let rules = file(
            "rules.yaml",
            "segments:\n  - name: New customers\n    r: 4\n    f: any\n    m: any\n  - name: Rest\n    r: 1-3\n    f: any\n    m: any\n"
        )
        let sample = RFMProcess.root.appendingPathComponent("data/online_retail_sample.csv")
        let o = try run(sample, ["--month", "2011-11", "--rules", rules.path])
        #expect(o.status == 0, "\(o.stderr)")
        let changes = try #require(o.result?["changes"] as? [String: Any])
        #expect((changes["sources"] as? [String])?.prefix(2) == ["New customers (2)", "New customers"])
    }

    // MARK: Files that cannot be read

    @Test func emptyFile() throws { try expectFailure(file("empty.csv", ""), 1, ["empty.csv", "the file is empty"]) }

    @Test func headerOnly() throws {
        try expectFailure(file("header.csv", Self.header), 1, ["header.csv", "header and no transactions"])
    }

    @Test func requiredColumnMissing() throws {
        try expectFailure(
            file("nocustomer.csv", "InvoiceNo,Quantity,InvoiceDate,UnitPrice\n1,1,2011-01-01,1\n"), 1,
            ["nocustomer.csv, line 1", "no customer column", "\"CustomerID\""])
    }

    @Test func binaryFileNamedCSV() throws {
        try expectFailure(
            file("image.csv", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]), 1,
            ["image.csv", "binary file"])
    }

    @Test func truncatedGzip() throws {
        try expectFailure(
            URL(
                fileURLWithPath: RFMProcess.root.appendingPathComponent(
                    "Tests/RFMIngestTests/Fixtures/truncated.csv.gz"
                ).path), 1,
            ["truncated.csv.gz", "truncated"])
    }

    @Test(arguments: [
        ("truncated.xlsx", "truncated"), ("not_a_zip.xlsx", "not_a_zip.xlsx"),
        ("no_worksheet.xlsx", "no_worksheet.xlsx"),
        ("declared_huge.xlsx", "declared_huge.xlsx"), ("malformed.xlsx", "malformed.xlsx"),
        ("cut_deflate.xlsx", "cut_deflate.xlsx"),
    ])
    func brokenWorkbooks(_ name: String, _ fragment: String) throws {
        let url = RFMProcess.root.appendingPathComponent("Tests/XLSXReaderTests/Fixtures/\(name)")
        try expectFailure(url, 1, [fragment])
    }

    @Test func workbookWhoseSheetHasNoTransactionHeader() throws {
        // The reader's hand-written fixture has a data sheet with other headers.
        let url = RFMProcess.root.appendingPathComponent("Tests/XLSXReaderTests/Fixtures/handwritten.xlsx")
        try expectFailure(url, 1, ["handwritten.xlsx"])
    }

    @Test func zipBombInsideAnXLSXIsRefused() throws {
        try expectFailure(
            RFMProcess.root.appendingPathComponent("Tests/XLSXReaderTests/Fixtures/declared_huge.xlsx"), 1,
            ["declared_huge.xlsx"])
    }

    // MARK: Files that read, with the problems counted

    @Test func semicolonAndTabSeparated() throws {
        for (name, sep) in [("semi.csv", ";"), ("tab.tsv", "\t")] {
            let text = (Self.header + Self.good).replacingOccurrences(of: ",", with: sep)
            let o = try run(file(name, text))
            #expect(o.status == 0, "\(o.stderr)")
            #expect(o.result?["customers"] as? Int == 1)
        }
    }

    @Test func unbalancedQuotesAreCountedAsMalformed() throws {
        let o = try run(
            file(
                "quotes.csv",
                Self.header + Self.good + "536366,2,\"never closed,6,12/1/2010 8:28,1.85,17850,United Kingdom\n"))
        #expect(o.status == 0, "\(o.stderr)")
        #expect(cleaning(o)["malformed"] == 1)
        let strict = try run(
            file("quotes.csv", Self.header + Self.good + "536366,2,\"never closed,6,12/1/2010 8:28,1.85,17850,UK\n"),
            ["--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("quotes.csv, line 3"))
    }

    @Test func aTenMegabyteField() throws {
        let big = String(repeating: "x", count: 10 << 20)
        let o = try run(
            file(
                "bigfield.csv", Self.header + Self.good + "536366,2,\(big),6,12/1/2010 8:28,1.85,12346,United Kingdom\n"
            ))
        #expect(o.status == 0, "\(o.stderr)")
        #expect(o.result?["customers"] as? Int == 2)
    }

    @Test func invalidUTF8AndABOM() throws {
        var bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array((Self.header + Self.good).utf8)
        bytes +=
            Array("536366,2,CAF".utf8) + [0xC9] + Array(",6,12/1/2010 8:28,1.85,12346,Espa".utf8) + [0xF1]
            + Array("a\n".utf8)
        let o = try run(file("latin.csv", bytes))
        #expect(o.status == 0, "\(o.stderr)")
        #expect(o.result?["customers"] as? Int == 2)
        let csv = try String(contentsOf: o.folder.appendingPathComponent("customers.csv"), encoding: .utf8)
        #expect(csv.contains("España"))
    }

    @Test func badNumbersAndDatesAreMalformedRowsWithTheirColumn() throws {
        let rows = [
            "1,A,X,NaN,12/1/2010 8:26,2.55,17850,UK", "2,A,X,inf,12/1/2010 8:26,2.55,17850,UK",
            "3,A,X,1e309,12/1/2010 8:26,2.55,17850,UK",
            "4,A,X,\"1,000\",12/1/2010 8:26,2.55,17850,UK", "5,A,X,6,31/12/2010 8:26,2.55,17850,UK",
            "6,A,X,6,12/1/1810 8:26,2.55,17850,UK",
            "7,A,X,6,tomorrow,2.55,17850,UK", "8,A,X,6,12/1/2010 8:26,£2.55,17850,UK",
        ]
        let o = try run(file("numbers.csv", Self.header + Self.good + rows.joined(separator: "\n") + "\n"))
        #expect(o.status == 0, "\(o.stderr)")
        #expect(cleaning(o)["malformed"] == 8)
        let examples = ((o.result?["cleaning"] as? [String: Any])?["malformed_examples"] as? [[String: Any]]) ?? []
        let columns = examples.compactMap { ($0["location"] as? [String: Any])?["column"] as? String }
        #expect(
            columns == [
                "Quantity", "Quantity", "Quantity", "Quantity", "InvoiceDate", "InvoiceDate", "InvoiceDate",
                "UnitPrice",
            ])
        let data = try String(contentsOf: o.folder.appendingPathComponent("data.html"), encoding: .utf8)
        #expect(
            data.contains("numbers.csv, line 3, column &quot;Quantity&quot;")
                || data.contains("numbers.csv, line 3, column \"Quantity\""))
    }

    @Test func theSameCustomerWrittenTwoWaysAndASingleTransaction() throws {
        let o = try run(
            file(
                "ids.csv",
                Self.header + Self.good + "536366,2,Y,1,12/2/2010 8:28,1.85,17850.0,United Kingdom\n"
                    + "536367,3,Z,1,12/3/2010 9:00,3.00,12346,Norway\n"))
        #expect(o.status == 0, "\(o.stderr)")
        #expect(o.result?["customers"] as? Int == 2)
        let csv = try String(contentsOf: o.folder.appendingPathComponent("customers.csv"), encoding: .utf8)
        #expect(csv.contains("\n17850,United Kingdom,2,2,17.15,"))
        #expect(csv.contains("\n12346,Norway,1,1,3.00,"))
        #expect(o.result?["clustering_note"] as? String != nil)
    }

    @Test func everyRowRemovedByCleaning() throws {
        try expectFailure(
            file("cancelled.csv", Self.header + "C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527,UK\n"), 1,
            ["no transactions are left after cleaning"])
    }

    @Test func invalidRulesFile() throws {
        let rules = file("rules.yaml", "segments:\n  - name: A\n    r: 9\n")
        try expectFailure(
            file("ok.csv", Self.header + Self.good), 1, ["rules.yaml: segments[0].r: score 9 is outside 1-4"],
            ["--rules", rules.path])
    }

    @Test func unknownTheme() throws {
        try expectFailure(
            file("ok.csv", Self.header + Self.good), 2, ["theme \"nope\"", "available: dark, default"],
            ["--theme", "nope"])
    }

    // MARK: Output that cannot be written

    @Test func anOutputFolderThatCannotBeCreated() throws {
        let r = try RFMProcess.run(["report", "--out", "/proc/no-such/report", "--quiet"])
        #expect(r.status == 3)
        #expect(r.stderr.contains("/proc/no-such"))
    }

    @Test(.enabled(if: Prerequisites.isRoot, "needs root to mount a small tmpfs"))
    func aDiskThatFillsUpWhileWriting() throws {
        let mount = scratchFolder().appendingPathComponent("tiny")
        try FileManager.default.createDirectory(at: mount, withIntermediateDirectories: true)
        func sh(_ args: [String]) -> Int32 {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/mount")
            p.arguments = args
            p.standardError = FileHandle.nullDevice
            try? p.run()
            p.waitUntilExit()
            return p.terminationStatus
        }
        try #require(
            sh(["-t", "tmpfs", "-o", "size=64m", "tmpfs", mount.path]) == 0, "mount -t tmpfs failed (as root)")
        defer {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: "/bin/umount")
            p.arguments = [mount.path]
            try? p.run()
            p.waitUntilExit()
        }
        let out = mount.appendingPathComponent("report")
        #expect(try RFMProcess.run(["report", "--out", out.path, "--quiet"]).status == 0)
        let before = try Data(contentsOf: out.appendingPathComponent("result.json"))
        // Shrink the file system to what the earlier report uses, plus 300 KB: the next report cannot fit.
        let used = try FileManager.default.attributesOfFileSystem(forPath: mount.path)
        let size = (used[.systemSize] as! Int) - (used[.systemFreeSize] as! Int) + 300_000
        #expect(sh(["-o", "remount,size=\(size)", mount.path]) == 0)
        let r = try RFMProcess.run(["report", "--out", out.path, "--quiet"])
        #expect(r.status == 3, "\(r.stderr)")
        #expect(r.stderr.contains("No space left on device") || r.stderr.contains("space"), "\(r.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("result.json")) == before)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: mount.path).filter { !$0.hasPrefix("lost") } == [
                "report"
            ])
    }

    // MARK: Interruption

    @Test(arguments: [SIGTERM, SIGINT, SIGHUP])
    func anInterruptedRunLeavesTheEarlierReportAndNoTemporaryFolder(_ signal: Int32) throws {
        let parent = scratchFolder()
        let out = parent.appendingPathComponent("report")
        try FileManager.default.copyItem(at: Self.earlier, to: out)
        // A larger input so that the run is still going when the signal arrives: the sample 40 times over.
        let sample = try String(
            contentsOf: RFMProcess.root.appendingPathComponent("data/online_retail_sample.csv"), encoding: .utf8)
        let body = sample.split(separator: "\n", maxSplits: 1)[1]
        let big = parent.appendingPathComponent("big.csv")
        try (String(sample.split(separator: "\n")[0]) + "\n" + String(repeating: body + "\n", count: 40)).write(
            to: big, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = RFMProcess.executable
        process.arguments = ["report", big.path, "--out", out.path, "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the staging folder exists, then interrupt.
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline,
            !(try FileManager.default.contentsOfDirectory(atPath: parent.path).contains { $0.hasPrefix(".report.tmp-") })
        {
            usleep(5_000)
        }
        kill(process.processIdentifier, signal)
        process.waitUntilExit()
        #expect(process.terminationStatus == 130)
        #expect(
            try Data(contentsOf: out.appendingPathComponent("result.json"))
                == Data(contentsOf: Self.earlier.appendingPathComponent("result.json")))
        #expect(try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["big.csv", "report"])
    }
}
