import Foundation
import TestSupport
import Testing

/// Hostile cases of issue 22 around the output: folders that are not reports, hidden entries, signals at any
/// moment, runs killed with SIGKILL, a closed standard output, usage errors, control characters in messages, totals
/// that overflow, segment names that make no file name, and CSV injection. Every file is made here, by code.
@Suite(.serialized) struct HostileOutputTests {
    static let sample = RFMProcess.root.appendingPathComponent("data/online_retail_sample.csv")
    static let header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n"

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Runs a bash script with `$RFM` set to the built executable, in the repository, under `timeout` (a hang is a
    /// failure, not a stuck test run: status 124).
    func shell(_ script: String, seconds: Int = 120) throws -> Run {
        var environment = ProcessInfo.processInfo.environment
        environment["RFM"] = RFMProcess.executable.path
        let r = try RFMProcess.run(
            program: URL(fileURLWithPath: "/usr/bin/timeout"),
            ["-s", "KILL", String(seconds), "/bin/bash", "-c", script], environment: environment)
        return Run(status: r.status, stdout: r.stdout, stderr: r.stderr)
    }

    func q(_ url: URL) -> String { "'" + url.path.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    /// A listing of a folder tree that shows what changed: each entry's kind, permissions, inode and content hash.
    func snapshot(_ folder: URL) throws -> [String] {
        let r = try shell(
            "cd \(q(folder)) && find . -printf '%p %y %m %i %l\\n' | sort && find . -type f -exec md5sum {} + | sort")
        return r.stdout.split(separator: "\n").map(String.init)
    }

    func earlierReport(in parent: URL, name: String = "report") throws -> URL {
        let out = parent.appendingPathComponent(name)
        let r = try RFMProcess.run(["report", "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return out
    }

    /// A Unix socket bound at `path` (its file stays when the descriptor closes).
    func makeSocket(_ path: String) {
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, b) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = b }
        }
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        close(fd)
    }

    func kind(_ path: String) -> mode_t {
        var st = stat()
        return lstat(path, &st) == 0 ? st.st_mode & S_IFMT : 0
    }

    /// A pid that no longer runs.
    func deadPID() throws -> Int32 {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/true")
        try p.run()
        p.waitUntilExit()
        return p.processIdentifier
    }

    // MARK: Folders that are not reports

    /// A home-like folder of hidden entries only (a socket, a FIFO, links, a 0600 key, nested folders) is not empty:
    /// refused with exit 3 in one line, quickly (the FIFO is never opened), and left exactly as it was.
    @Test func aFolderOfHiddenEntriesIsRefusedAndUntouched() throws {
        let home = ScratchSpace.folder("home")
        let fm = FileManager.default
        try fm.createDirectory(at: home.appendingPathComponent(".ssh/keys"), withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: home.appendingPathComponent(".ssh/id_ed25519"))
        chmod(home.appendingPathComponent(".ssh/id_ed25519").path, 0o600)
        try Data("alias ll='ls -l'\n".utf8).write(to: home.appendingPathComponent(".bashrc"))
        try fm.createSymbolicLink(atPath: home.appendingPathComponent(".profile").path, withDestinationPath: ".bashrc")
        try fm.createSymbolicLink(
            atPath: home.appendingPathComponent(".outside").path, withDestinationPath: "/etc/hostname")
        mkfifo(home.appendingPathComponent(".fifo").path, 0o600)
        makeSocket(home.appendingPathComponent(".socket").path)
        #expect(kind(home.appendingPathComponent(".socket").path) == S_IFSOCK)
        let before = try snapshot(home)
        let started = Date()
        let r = try shell("\"$RFM\" report --out \(q(home)) --quiet", seconds: 60)
        #expect(r.status == 3, "\(r.stderr)")
        #expect(Date().timeIntervalSince(started) < 30)
        #expect(r.stderr.split(separator: "\n").count == 1, "\(r.stderr)")
        #expect(r.stderr.contains("is not an earlier rfm report"), "\(r.stderr)")
        #expect(try snapshot(home) == before)
        #expect(kind(home.appendingPathComponent(".fifo").path) == S_IFIFO)
        #expect(kind(home.appendingPathComponent(".socket").path) == S_IFSOCK)
        let leftovers = try fm.contentsOfDirectory(atPath: home.deletingLastPathComponent().path).filter {
            $0.contains(home.lastPathComponent) && $0 != home.lastPathComponent
        }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    /// Visible files added to an earlier report, a symbolic link as --out, a file as --out: refused, untouched.
    @Test func anEarlierReportWithForeignFilesALinkAndAFileAreRefused() throws {
        let parent = ScratchSpace.folder("foreign")
        let out = try earlierReport(in: parent)
        try Data("my notes".utf8).write(to: out.appendingPathComponent("notes.txt"))
        let before = try snapshot(out)
        var r = try shell("\"$RFM\" report --out \(q(out)) --quiet")
        #expect(r.status == 3 && r.stderr.contains("notes.txt"), "\(r.stderr)")
        #expect(try snapshot(out) == before)

        let link = parent.appendingPathComponent("link")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: out.path)
        r = try shell("\"$RFM\" report --out \(q(link)) --quiet")
        #expect(r.status == 3 && r.stderr.contains("symbolic link"), "\(r.stderr)")
        #expect(kind(link.path) == S_IFLNK)

        let file = parent.appendingPathComponent("plain")
        try Data("x".utf8).write(to: file)
        r = try shell("\"$RFM\" report --out \(q(file)) --quiet")
        #expect(r.status == 3 && r.stderr.contains("not a folder"), "\(r.stderr)")
        #expect(try Data(contentsOf: file) == Data("x".utf8))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: parent.path).sorted() == ["link", "plain", "report"])
    }

    /// Hidden entries inside an earlier report (a `.git` of a published site, a FIFO, a socket, a 0600 file) are
    /// carried into the new report by rename: the same inodes, nothing opened, nothing copied.
    @Test func hiddenEntriesOfAnEarlierReportAreCarriedOverByRename() throws {
        let parent = ScratchSpace.folder("carry")
        let out = try earlierReport(in: parent)
        let fm = FileManager.default
        try fm.createDirectory(at: out.appendingPathComponent(".git/objects"), withIntermediateDirectories: true)
        try Data("ref: refs/heads/main\n".utf8).write(to: out.appendingPathComponent(".git/HEAD"))
        mkfifo(out.appendingPathComponent(".fifo").path, 0o600)
        makeSocket(out.appendingPathComponent(".sock").path)
        try Data("k".utf8).write(to: out.appendingPathComponent(".key"))
        chmod(out.appendingPathComponent(".key").path, 0o600)
        func inode(_ name: String) -> UInt {
            var st = stat()
            lstat(out.appendingPathComponent(name).path, &st)
            return UInt(st.st_ino)
        }
        let inodes = [".git", ".fifo", ".sock", ".key"].map(inode)
        let r = try shell("\"$RFM\" report --out \(q(out)) --quiet --seed 7", seconds: 120)
        #expect(r.status == 0, "\(r.stderr)")
        #expect([".git", ".fifo", ".sock", ".key"].map(inode) == inodes)
        #expect(kind(out.appendingPathComponent(".fifo").path) == S_IFIFO)
        #expect(kind(out.appendingPathComponent(".sock").path) == S_IFSOCK)
        #expect(
            try String(contentsOf: out.appendingPathComponent(".git/HEAD"), encoding: .utf8) == "ref: refs/heads/main\n"
        )
        #expect(try fm.contentsOfDirectory(atPath: parent.path) == ["report"])
        // The marker lists what the report wrote, so a later run can tell a report's files from a user's.
        let marker = try String(contentsOf: out.appendingPathComponent(".rfm-report"), encoding: .utf8)
        #expect(marker.hasPrefix("rfm report\n") && marker.contains("\nindex.html\n") && !marker.contains(".git"))
    }

    // MARK: Runs killed without a chance to clean up

    /// What a SIGKILLed run leaves (its staging folder, or the earlier report moved aside with the user's `.git`
    /// carried into the staging folder) is put right by the next run: nothing lost, nothing left.
    @Test func whatAKilledRunLeftIsRecoveredByTheNextRun() throws {
        let parent = ScratchSpace.folder("killed")
        let out = try earlierReport(in: parent)
        let fm = FileManager.default
        let dead = try deadPID()
        // The moment between "hidden entries carried into staging" and "earlier report moved aside" ...
        let staging = parent.appendingPathComponent(".report.tmp-\(dead)-1")
        try fm.createDirectory(at: staging.appendingPathComponent(".git"), withIntermediateDirectories: true)
        try Data("x".utf8).write(to: staging.appendingPathComponent(".git/HEAD"))
        try Data("partial".utf8).write(to: staging.appendingPathComponent("index.html"))
        // ... and the one after it: the earlier report is aside, the target is missing.
        let aside = parent.appendingPathComponent(".report.old-\(dead)-2")
        try fm.moveItem(at: out, to: aside)
        let earlierResult = try Data(contentsOf: aside.appendingPathComponent("result.json"))
        // A staging folder of a process that still runs (this one) is not touched.
        let alive = parent.appendingPathComponent(".report.tmp-\(getpid())-3")
        try fm.createDirectory(at: alive, withIntermediateDirectories: true)
        // The next run fails on bad input: the recovered earlier report stays as it was.
        let bad = parent.appendingPathComponent("bad.csv")
        try Data(Self.header.utf8).write(to: bad)
        let r = try shell("\"$RFM\" report \(q(bad)) --out \(q(out)) --quiet")
        #expect(r.status == 1, "\(r.stderr)")
        #expect(try Data(contentsOf: out.appendingPathComponent("result.json")) == earlierResult)
        #expect(try String(contentsOf: out.appendingPathComponent(".git/HEAD"), encoding: .utf8) == "x")
        #expect(
            try fm.contentsOfDirectory(atPath: parent.path).sorted() == [
                ".report.tmp-\(getpid())-3", "bad.csv", "report",
            ])
        try fm.removeItem(at: alive)

        // A real SIGKILL in the middle of a run: the next run removes its staging folder.
        let process = Process()
        process.executableURL = RFMProcess.executable
        process.arguments = ["report", Self.sample.path, "--out", out.path, "--quiet", "--no-cache"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline,
            !(try fm.contentsOfDirectory(atPath: parent.path).contains { $0.hasPrefix(".report.tmp-") })
        { usleep(2_000) }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let r2 = try shell("\"$RFM\" report --out \(q(out)) --quiet")
        #expect(r2.status == 0, "\(r2.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: parent.path).sorted() == ["bad.csv", "report"])
    }

    // MARK: Signals at any moment

    /// SIGTERM, SIGINT and SIGHUP sent at moments spread over a whole run: every run either exits 130 with the
    /// earlier report exactly as it was, or exits 0 with the new report in place; nothing temporary is left.
    @Test(arguments: [SIGTERM, SIGHUP, SIGINT])
    func aSignalAtAnyMomentEitherKeepsTheEarlierReportOrFinishes(_ signal: Int32) throws {
        let parent = ScratchSpace.folder("signal")
        let out = try earlierReport(in: parent)
        let fm = FileManager.default
        // How long one run takes here, so the signals cover it from start to end.
        let clock = Date()
        #expect(try RFMProcess.run(["report", "--out", out.path, "--quiet", "--seed", "1", "--no-cache"]).status == 0)
        let duration = Date().timeIntervalSince(clock)
        var outcomes: [Int32: Int] = [:]
        for step in 1...10 {
            let before = try Data(contentsOf: out.appendingPathComponent("result.json"))
            let process = Process()
            process.executableURL = RFMProcess.executable
            // A seed of its own per step, so a finished run's result.json differs from the one before.
            process.arguments = ["report", "--out", out.path, "--quiet", "--seed", String(100 + step), "--no-cache"]
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(useconds_t(duration * 1.1 * Double(step) / 10 * 1_000_000))
            kill(process.processIdentifier, signal)
            process.waitUntilExit()
            let status = process.terminationStatus
            outcomes[status, default: 0] += 1
            let after = try Data(contentsOf: out.appendingPathComponent("result.json"))
            #expect(status == 0 || status == 130, "step \(step): status \(status)")
            if status == 130 { #expect(after == before, "step \(step): exit 130 but the report changed") }
            if status == 0 { #expect(after != before, "step \(step): exit 0 but the earlier report is still there") }
            let left = try fm.contentsOfDirectory(atPath: parent.path)
            #expect(left == ["report"], "step \(step), status \(status): \(left)")
        }
        #expect(outcomes[130, default: 0] > 0, "\(outcomes)")
    }

    /// With standard output closed, or a pipe whose reader is gone, the report is written and the run exits 0
    /// (SIGPIPE no longer kills it after the report replaced the earlier one, and no file gets descriptor 1).
    @Test func aClosedStandardOutputStillGivesAReportAndExitZero() throws {
        let parent = ScratchSpace.folder("stdout")
        let out = try earlierReport(in: parent)
        for (n, redirect) in [">&-", "| true", ">/dev/full"].enumerated() {
            let before = try Data(contentsOf: out.appendingPathComponent("result.json"))
            let r = try shell("set -o pipefail; \"$RFM\" report --out \(q(out)) --seed \(n + 3) \(redirect)")
            #expect(r.status == 0, "\(redirect): \(r.status) \(r.stderr)")
            #expect(try Data(contentsOf: out.appendingPathComponent("result.json")) != before, "\(redirect)")
            #expect(
                try String(contentsOf: out.appendingPathComponent("index.html"), encoding: .utf8).hasPrefix(
                    "<!DOCTYPE html>"))
        }
        // `rfm score` into a closed pipe cannot deliver its output: one line, exit 3, no crash.
        let r = try shell(
            "\"$RFM\" score --model \(q(out)) data/online_retail_sample.csv | (exec 0<&-); exit ${PIPESTATUS[0]}")
        #expect(r.status == 3 || r.status == 0, "\(r.status) \(r.stderr)")
        #expect(r.stderr.split(separator: "\n").count <= 1, "\(r.stderr)")
    }

    // MARK: Inputs that are streams

    /// `rfm report <(zcat log.csv.gz)` and a named pipe: read once as a stream, the same customers as the file.
    @Test func aProcessSubstitutionAndANamedPipeAreReadOnce() throws {
        let dir = ScratchSpace.folder("stream")
        let fromFile = dir.appendingPathComponent("file")
        let fromPipe = dir.appendingPathComponent("pipe")
        let fromFIFO = dir.appendingPathComponent("fifo")
        #expect(
            try RFMProcess.run(["report", Self.sample.path, "--out", fromFile.path, "--quiet", "--no-cache"]).status
                == 0)
        let gz = dir.appendingPathComponent("log.csv.gz")
        #expect(try shell("gzip -c \(q(Self.sample)) > \(q(gz))").status == 0)
        let r = try shell("\"$RFM\" report <(zcat \(q(gz))) --out \(q(fromPipe)) --quiet", seconds: 60)
        #expect(r.status == 0, "\(r.stderr)")
        let fifo = dir.appendingPathComponent("log.fifo")
        let r2 = try shell(
            "mkfifo \(q(fifo)) && { cat \(q(gz)) > \(q(fifo)) & } && \"$RFM\" report \(q(fifo)) --out \(q(fromFIFO)) --quiet",
            seconds: 60)
        #expect(r2.status == 0, "\(r2.stderr)")
        let expected = try Data(contentsOf: fromFile.appendingPathComponent("customers.csv"))
        #expect(try Data(contentsOf: fromPipe.appendingPathComponent("customers.csv")) == expected)
        #expect(try Data(contentsOf: fromFIFO.appendingPathComponent("customers.csv")) == expected)
    }

    // MARK: Messages

    /// Usage errors from the argument parser are one line `rfm: error: ...` and at most one hint line, exit 2.
    @Test(arguments: [
        ["report", "--seed", "-1"], ["report", "--seed", "18446744073709551616"], ["report", "--threads", "-1"],
        ["report", "--history", "-1"], ["generate", "--customers", "-1", "--out", "x.csv"],
        ["report", "--no-such-flag"],
        ["report", "--k"], ["nonsense-subcommand", "--x"], ["score"],
    ])
    func usageErrorsAreOneLineAndAHint(_ arguments: [String]) throws {
        let r = try RFMProcess.run(arguments)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        let lines = r.stderr.split(separator: "\n")
        #expect((1...2).contains(lines.count), "\(arguments): \(r.stderr)")
        #expect(lines.first?.hasPrefix("rfm: error: ") == true, "\(arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    /// Control characters from the input (an ESC sequence that would clear the terminal, a line break) never reach
    /// the terminal raw: the message is one line with them escaped.
    @Test func controlCharactersInTheInputAreEscapedInMessages() throws {
        let dir = ScratchSpace.folder("escape")
        let input = dir.appendingPathComponent("evil.csv")
        try Data("Invoice\u{1B}[2J\u{1B}[H,When\u{07}\n1,2\n".utf8).write(to: input)
        let out = dir.appendingPathComponent("report")
        let r = try RFMProcess.run(["report", input.path, "--out", out.path, "--quiet"])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(!r.stderr.utf8.contains(0x1B) && !r.stderr.utf8.contains(0x07), "\(r.stderr.debugDescription)")
        #expect(
            r.stderr.contains("\\u{1B}[2J") || r.stderr.lowercased().contains("\\x1b[2j"),
            "\(r.stderr.debugDescription)")
        #expect(r.stderr.split(separator: "\n").count == 1)
        // A file name with a line break and an ESC: still one line, escaped.
        let named = dir.appendingPathComponent("two\nlines\u{1B}.csv")
        try Data().write(to: named)
        let r2 = try RFMProcess.run(["report", named.path, "--out", out.path, "--quiet"])
        #expect(
            r2.status == 1 && r2.stderr.split(separator: "\n").count == 1 && !r2.stderr.utf8.contains(0x1B),
            "\(r2.stderr.debugDescription)")
    }

    /// Amounts whose total passes what a report can sum: bad input (exit 1), naming the file, line and column.
    @Test func aMonetaryTotalThatOverflowsIsBadInput() throws {
        let dir = ScratchSpace.folder("overflow")
        var text = Self.header
        for i in 0..<60 { text += "5\(i),A,X,1,12/1/2010 8:26,3e17,\(17_000 + i % 3),UK\n" }
        let input = dir.appendingPathComponent("huge.csv")
        try Data(text.utf8).write(to: input)
        for mode in [[], ["--strict"]] {
            let r = try RFMProcess.run(
                ["report", input.path, "--out", dir.appendingPathComponent("r").path, "--quiet"] + mode)
            #expect(r.status == 1, "\(r.stderr)")
            #expect(r.stderr.contains("huge.csv, line 5, column \"UnitPrice\""), "\(r.stderr)")
            #expect(r.stderr.split(separator: "\n").count == 1)
        }
        // Each value finite, the product not: the same error.
        let product = dir.appendingPathComponent("product.csv")
        try Data((Self.header + "1,A,X,1e200,12/1/2010 8:26,1e200,17850,UK\n").utf8).write(to: product)
        let r = try RFMProcess.run(["report", product.path, "--out", dir.appendingPathComponent("r").path, "--quiet"])
        #expect(r.status == 1 && r.stderr.contains("product.csv, line 2"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["huge.csv", "product.csv"])
    }

    /// Long segment names (the longest a rules file allows, many bytes each in UTF-8) give bounded page names that
    /// stay unique, and the report is written.
    @Test func longSegmentNamesMakeBoundedUniquePageNames() throws {
        let dir = ScratchSpace.folder("names")
        let stem = String(repeating: "Très fidèles clients ", count: 4)  // 84 characters
        let rules = dir.appendingPathComponent("rules.yaml")
        try Data(
            """
            segments:
              - name: "\(stem)A"
                r: 3-4
                f: any
                m: any
              - name: "\(stem)B"
                r: 1-2
                f: any
                m: any

            """.utf8
        ).write(to: rules)
        let out = dir.appendingPathComponent("report")
        let r = try RFMProcess.run(["report", "--rules", rules.path, "--out", out.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let pages = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("segments").path)
            .filter { $0.hasSuffix(".html") }.sorted()
        #expect(pages.count == 3 && Set(pages).count == 3, "\(pages)")  // with the fallback, Others
        for page in pages { #expect(page.utf8.count <= 64, "\(page)") }
    }

    // MARK: CSV injection

    /// `rfm score --for-spreadsheet`: a byte order mark, and text fields that a spreadsheet would run as a formula
    /// prefixed with `'`; numbers (negative PCA coordinates) unchanged. Without the flag the CSV stays raw.
    @Test func theSpreadsheetCSVNeutralisesFormulas() throws {
        let dir = ScratchSpace.folder("injection")
        let out = try earlierReport(in: dir)
        var text = Self.header
        let ids = ["=HYPERLINK(\"http://x\")", "+1", "-2", "@SUM(A1)", "12345"]
        for (i, id) in ids.enumerated() {
            let quoted = "\"" + id.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            text += "\(500 + i),A,X,\(i + 1),12/\(i + 1)/2011 8:26,2.5,\(quoted),United Kingdom\n"
        }
        let input = dir.appendingPathComponent("new.csv")
        try Data(text.utf8).write(to: input)
        let safe = dir.appendingPathComponent("safe.csv")
        let raw = dir.appendingPathComponent("raw.csv")
        #expect(
            try RFMProcess.run(["score", "--model", out.path, input.path, "--out", safe.path, "--for-spreadsheet"])
                .status == 0)
        #expect(try RFMProcess.run(["score", "--model", out.path, input.path, "--out", raw.path]).status == 0)
        let safeBytes = try Data(contentsOf: safe)
        #expect(Array(safeBytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let safeText = String(decoding: safeBytes.dropFirst(3), as: UTF8.self)
        for id in ids.dropLast() {
            let firstByteCell = "\"'" + id.replacingOccurrences(of: "\"", with: "\"\"")
            #expect(safeText.contains("\n" + firstByteCell), "\(id) in \(safeText)")
        }
        #expect(safeText.contains("\n12345,"))
        let rawText = try String(contentsOf: raw, encoding: .utf8)
        #expect(rawText.contains("\n+1,") && rawText.contains("\n@SUM(A1),") && !rawText.hasPrefix("\u{FEFF}"))
        // Only the four text fields changed: numbers (negative PCA coordinates among them) stay numbers.
        #expect(safeText.components(separatedBy: "\"'").count - 1 == 4, "\(safeText)")
        // The report's campaign files (segments/NAME.csv) are for spreadsheets too; customers.csv stays raw.
        let report = dir.appendingPathComponent("new-report")
        let r = try RFMProcess.run(["report", input.path, "--out", report.path, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let segmentFiles = try FileManager.default.contentsOfDirectory(
            atPath: report.appendingPathComponent("segments").path
        ).filter { $0.hasSuffix(".csv") }
        let campaign = try segmentFiles.map { try Data(contentsOf: report.appendingPathComponent("segments/\($0)")) }
        #expect(campaign.allSatisfy { Array($0.prefix(3)) == [0xEF, 0xBB, 0xBF] })
        let joined = campaign.map { String(decoding: $0.dropFirst(3), as: UTF8.self) }.joined()
        #expect(joined.contains("\n\"'@SUM(A1)\",") && joined.contains("\n\"'-2\","), "\(joined)")
        let customers = try String(contentsOf: report.appendingPathComponent("customers.csv"), encoding: .utf8)
        #expect(customers.contains("\n@SUM(A1),") && customers.contains("\n-2,"), "\(customers)")
        #expect(
            safeText.replacingOccurrences(of: "\"'", with: "").replacingOccurrences(of: "\"", with: "")
                == rawText.replacingOccurrences(of: "\"", with: ""))
    }
}

/// The whole hostile corpus (`Fuzz/hostile_corpus.py`) against the built `rfm`: every class of issue 22 as a user
/// would meet it, each run under an 8 GiB address-space limit and 120 s, with its peak memory (under 2 GiB), exit
/// status, one-line message and the earlier report checked. `.ci/run` installs python3, time and prlimit.
@Suite struct HostileCorpusTests {
    @Test(.enabled(if: Prerequisites.hasHostileTools, "needs \(Prerequisites.hostileTools.joined(separator: ", "))"))
    func everyHostileCaseFailsCleanlyInBoundedTimeAndMemory() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Prerequisites.python3)
        process.arguments = [
            RFMProcess.root.appendingPathComponent("Fuzz/hostile_corpus.py").path, RFMProcess.executable.path,
            ScratchSpace.folder("corpus").path,
        ]
        let out = Pipe()
        process.standardOutput = out
        process.standardError = out
        try process.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains(" 0 failed"), "\(text)")
    }
}
