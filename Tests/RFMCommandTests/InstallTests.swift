import Foundation
import TestSupport
import Testing

/// `rfm` copied anywhere runs from any folder: the shipped themes are inside the binary.
@Suite struct InstallTests {
    /// The built binary copied into an empty folder and run from another one, with no `$RFM_THEMES` and no
    /// `themes/` anywhere near: the report is the same as from the repository.
    @Test func aCopiedBinaryRunsFromAnyFolder() throws {
        let scratch = ScratchSpace.folder("install")
        let bin = scratch.appendingPathComponent("bin")
        let work = scratch.appendingPathComponent("work")
        for folder in [bin, work] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let rfm = bin.appendingPathComponent("rfm")
        try FileManager.default.copyItem(at: RFMProcess.executable, to: rfm)
        try FileManager.default.copyItem(
            at: RFMProcess.root.appendingPathComponent("data/online_retail_sample.csv"),
            to: work.appendingPathComponent("online_retail_sample.csv"))
        var environment = ProcessInfo.processInfo.environment
        environment["RFM_THEMES"] = nil
        for theme in ["default", "dark"] {
            let r = try RFMProcess.run(
                program: rfm,
                ["report", "online_retail_sample.csv", "--out", theme, "--no-cache", "--quiet", "--theme", theme],
                environment: environment, directory: work)
            #expect(r.status == 0, "\(r.stderr)")
            let css = try String(contentsOf: work.appendingPathComponent("\(theme)/style.css"), encoding: .utf8)
            #expect(
                css
                    == (try String(
                        contentsOf: RFMProcess.root.appendingPathComponent("themes/default/style.css"), encoding: .utf8))
            )
            #expect(
                FileManager.default.fileExists(
                    atPath: work.appendingPathComponent("\(theme)/segments/champions.html").path))
        }
        // The same pages as a run from the repository with its themes/ folder.
        let fromRepository = scratch.appendingPathComponent("repository")
        let r = try RFMProcess.run(["report", "--out", fromRepository.path, "--no-cache", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        for page in ["index.html", "model.html", "method.html", "data.html", "segments/champions.html"] {
            let a = try String(contentsOf: work.appendingPathComponent("default/\(page)"), encoding: .utf8)
            let b = try String(contentsOf: fromRepository.appendingPathComponent(page), encoding: .utf8)
            #expect(
                a.replacingOccurrences(of: #"<td class="num">\d+ ms</td>"#, with: "", options: .regularExpression)
                    == b.replacingOccurrences(
                        of: #"<td class="num">\d+ ms</td>"#, with: "", options: .regularExpression), "\(page)")
        }
    }

    /// Outside the repository `rfm report` with no INPUT has no sample to read: bad usage (exit 2) that says what to
    /// give, not a checksum failure; a file that does not exist is bad input naming it, with the cache on or off.
    @Test func noInputOutsideTheRepositoryIsAUsageError() throws {
        let work = ScratchSpace.folder("no-input")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let r = try RFMProcess.run(program: RFMProcess.executable, ["report"], directory: work)
        #expect(r.status == 2)
        #expect(
            r.stderr.contains(
                "no INPUT given, and the shipped sample data/online_retail_sample.csv is not in this folder"),
            "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: work.appendingPathComponent("output").path))
        for cache in ["--cache", "--no-cache"] {
            let missing = try RFMProcess.run(
                program: RFMProcess.executable, ["report", "sales.csv", cache], directory: work)
            #expect(missing.status == 1)
            #expect(missing.stderr == "rfm: error: sales.csv: cannot read the file: no such file\n", "\(cache)")
        }
    }

    /// A theme of one's own: `--theme-dir DIR` with `DIR/NAME/palette.json` (the rest from the default theme); an
    /// unknown theme or a missing folder is bad usage that names what is available.
    @Test func aThemeOfOnesOwnComesFromThemeDir() throws {
        let scratch = ScratchSpace.folder("theme-dir")
        let mine = scratch.appendingPathComponent("themes/mine")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        var palette = try String(
            contentsOf: RFMProcess.root.appendingPathComponent("themes/dark/palette.json"), encoding: .utf8)
        palette = palette.replacingOccurrences(of: "#60A5FA", with: "#FF00AA")  // the accent, as a marker
        try palette.write(to: mine.appendingPathComponent("palette.json"), atomically: true, encoding: .utf8)
        let out = scratch.appendingPathComponent("out")
        let r = try RFMProcess.run([
            "report", "--out", out.path, "--no-cache", "--quiet", "--theme", "mine", "--theme-dir",
            scratch.appendingPathComponent("themes").path,
        ])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8).contains("#FF00AA"))

        let unknown = try RFMProcess.run(["report", "--out", out.path, "--theme", "nope"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("no such theme") && unknown.stderr.contains("available: dark, default"))
        let missing = try RFMProcess.run(["report", "--out", out.path, "--theme-dir", "/no/such/folder"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("--theme-dir /no/such/folder is not a folder"))
    }
}
