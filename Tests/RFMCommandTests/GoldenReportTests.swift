import Foundation
import TestSupport
import Testing

/// `rfm report` end to end on the shipped sample (the default input), compared byte for byte with the files in
/// `Golden/sample/`: what it prints (the output folder written as `OUT`), `customers.csv`, `segments.csv` and
/// `result.json`. After a deliberate change, `RFM_RECORD_GOLDEN=1 swift test -c release --filter GoldenReportTests`
/// writes the new files into the source tree (and passes); review them with `git diff` and commit them.
@Suite struct GoldenReportTests {
    /// The golden files, in the order they are compared.
    static let files = ["stdout.txt", "customers.csv", "segments.csv", "result.json"]
    /// Stands for the scratch output folder in `stdout.txt`.
    static let outPlaceholder = "OUT"
    /// `Golden/sample/` in the source tree, where recording writes.
    static let sourceFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Golden/sample")
    static var recording: Bool { ProcessInfo.processInfo.environment["RFM_RECORD_GOLDEN"] == "1" }

    @Test func theSampleReportEqualsTheGoldenFiles() throws {
        let out = scratchFolder().appendingPathComponent("report")
        let r = try RFMProcess.run(["report", "--no-cache", "--out", out.path])
        try #require(r.status == 0, "\(r.stderr)")
        var actual: [String: Data] = [
            "stdout.txt": Data(r.stdout.replacingOccurrences(of: out.path, with: Self.outPlaceholder).utf8)
        ]
        for file in Self.files where file != "stdout.txt" {
            actual[file] = try Data(contentsOf: out.appendingPathComponent(file))
        }
        if Self.recording {
            try FileManager.default.createDirectory(at: Self.sourceFolder, withIntermediateDirectories: true)
            for file in Self.files { try actual[file]!.write(to: Self.sourceFolder.appendingPathComponent(file)) }
            return
        }
        for file in Self.files {
            let url = try #require(
                Bundle.module.url(forResource: "Golden/sample/\(file)", withExtension: nil),
                "Golden/sample/\(file) is missing")
            let expected = try Data(contentsOf: url)
            if let difference = Self.firstDifference(expected: expected, actual: actual[file]!) {
                Issue.record(
                    "\(file) differs from Golden/sample/\(file) \(difference); re-record with RFM_RECORD_GOLDEN=1 if the change is intended"
                )
            }
        }
    }

    @Test func theFirstDifferingLineIsNamed() {
        func difference(_ expected: String, _ actual: String) -> String? {
            Self.firstDifference(expected: Data(expected.utf8), actual: Data(actual.utf8))
        }
        #expect(difference("a\nb\n", "a\nb\n") == nil)
        #expect(difference("a\nb\nc\n", "a\nB\nc\n") == "at line 2: expected \"b\", found \"B\"")
        #expect(difference("a\n", "a\nb\n") == "at line 2: expected the end of the file, found \"b\"")
        #expect(
            difference("a\n", "a")
                == "at line 2: expected the end of the file, found no line break at the end of line 1")
    }

    /// Where `actual` first differs from `expected`, as "at line N: expected ..., found ...", or nil when they are
    /// the same bytes.
    static func firstDifference(expected: Data, actual: Data) -> String? {
        guard expected != actual else { return nil }
        let want = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let got = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(want.count, got.count) {
            let w = i < want.count ? want[i] : nil
            let g = i < got.count ? got[i] : nil
            if w == g { continue }
            func describe(_ line: Substring?, _ lines: [Substring]) -> String {
                guard let line else { return "no line break at the end of line \(i)" }
                if line.isEmpty && i == lines.count - 1 { return "the end of the file" }
                let text = line.count > 300 ? String(line.prefix(300)) + "..." : String(line)
                return "\"\(text)\""
            }
            return "at line \(i + 1): expected \(describe(w, want)), found \(describe(g, got))"
        }
        return "in bytes that are not UTF-8"
    }
}
