import Foundation
import TestSupport
import Testing

/// The README's commands in any order share `output/`: `rfm report` writes `output/`, `rfm report --month 2011-11`
/// writes `output/2011-11/` inside it, and either report can be written again without refusing the other.
@Suite struct NestedReportTests {
    @Test func aMonthlyReportInsideTheReportFolderIsKept() throws {
        for monthFirst in [false, true] {
            let work = ScratchSpace.folder("nested")
            try FileManager.default.copyItem(
                at: RFMProcess.root.appendingPathComponent("data"), to: work.appendingPathComponent("data"))
            func rfm(_ arguments: [String]) throws -> Int32 {
                let r = try RFMProcess.run(
                    program: RFMProcess.executable, ["report", "--no-cache", "--quiet"] + arguments, directory: work)
                #expect(r.stderr.isEmpty, "\(arguments): \(r.stderr)")
                return r.status
            }
            let order: [[String]] = monthFirst ? [["--month", "2011-11"], []] : [[], ["--month", "2011-11"]]
            for arguments in order + [[], ["--month", "2011-11"], []] {
                #expect(try rfm(arguments) == 0, "\(arguments), month first: \(monthFirst)")
            }
            let output = work.appendingPathComponent("output")
            for page in ["index.html", "2011-11/index.html", "2011-11/changes.html"] {
                #expect(FileManager.default.fileExists(atPath: output.appendingPathComponent(page).path), "\(page)")
            }
            // The month is not the plain report's: its marker does not list it, so it stays a report of its own.
            let marker = try String(contentsOf: output.appendingPathComponent(".rfm-report"), encoding: .utf8)
            #expect(!marker.split(separator: "\n").contains("2011-11"))
        }
    }

    /// A folder inside that is not a report (no marker) is still someone else's: refused, touching nothing.
    @Test func aFolderThatIsNotAReportIsStillRefused() throws {
        let work = ScratchSpace.folder("nested-foreign")
        let out = work.appendingPathComponent("out")
        try FileManager.default.createDirectory(
            at: out.appendingPathComponent("2011-11"), withIntermediateDirectories: true)
        try Data("mine".utf8).write(to: out.appendingPathComponent("2011-11/notes.txt"))
        let r = try RFMProcess.run(["report", "--no-cache", "--quiet", "--out", out.path])
        #expect(r.status == 3)
        #expect(r.stderr.contains("\"2011-11\""), "\(r.stderr)")
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("2011-11/notes.txt").path))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("index.html").path))
    }
}
