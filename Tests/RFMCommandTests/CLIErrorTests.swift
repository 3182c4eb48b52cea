import ArgumentParser
import Foundation
import RFMCore
import RFMReport
import TestSupport
import Testing

@testable import rfm

/// A misspelled subcommand is bad usage, not a missing input file; an error rfm does not know is an internal error
/// (exit 4), not bad usage; every error line is `rfm: error: ...`.
@Suite struct CLIErrorTests {
    @Test func aMisspelledSubcommandIsBadUsageWithTheNearestSubcommand() throws {
        let r = try RFMProcess.run(["reprot"])
        #expect(r.status == 2)
        #expect(
            r.stderr
                == "rfm: error: 'reprot' is not a subcommand, nor a file that exists; did you mean 'report'?\nrfm: see 'rfm --help'\n"
        )
        #expect(r.stdout.isEmpty)
        let far = try RFMProcess.run(["frobnicate", "--out", "x"])
        #expect(far.status == 2)
        #expect(
            far.stderr
                == "rfm: error: 'frobnicate' is not a subcommand (report, score, generate, bench), nor a file that exists\nrfm: see 'rfm --help'\n"
        )
    }

    @Test func aMissingFileWithAnExtensionIsStillBadInput() throws {
        let r = try RFMProcess.run([
            "no-such-file.csv", "--out", scratchFolder().appendingPathComponent("o").path, "--quiet",
        ])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("rfm: error: ") && r.stderr.contains("no-such-file.csv"), "\(r.stderr)")
    }

    @Test func anInputFileAsTheFirstArgumentIsStillAReport() throws {
        let out = scratchFolder().appendingPathComponent("report")
        let r = try RFMProcess.run(["data/online_retail_sample.csv", "--out", out.path, "--no-cache"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Report written to \(out.path)"))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("customers.csv").path))
    }

    /// A file whose name looks like a word (no separator, no extension) is read as an input when it exists.
    @Test func anExistingFileNamedLikeAWordIsAReport() throws {
        let dir = scratchFolder()
        try FileManager.default.copyItem(
            at: RFMProcess.root.appendingPathComponent("data/online_retail_sample.csv"),
            to: dir.appendingPathComponent("transactions"))
        let process = Process()
        process.executableURL = RFMProcess.executable
        process.arguments = ["transactions", "--out", "report", "--no-cache", "--quiet"]
        process.currentDirectoryURL = dir
        var environment = ProcessInfo.processInfo.environment
        environment["RFM_THEMES"] = RFMProcess.root.appendingPathComponent("themes").path
        process.environment = environment
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("report/customers.csv").path))
    }

    @Test func theSubcommandCheckLooksOnlyAtAWordThatIsNoFile() {
        let noFile: (String) -> Bool = { _ in false }
        #expect(SubcommandCheck.misspelling(["reprot"], fileExists: noFile)?.contains("did you mean 'report'?") == true)
        #expect(SubcommandCheck.misspelling(["Report"], fileExists: noFile)?.contains("did you mean 'report'?") == true)
        #expect(SubcommandCheck.misspelling(["reprot"], fileExists: { _ in true }) == nil)
        for fine in [
            [], ["report"], ["score"], ["generate"], ["bench"], ["help"], ["--out", "x"], ["data.csv"], ["dir/file"],
            ["2011"],
        ] {
            #expect(SubcommandCheck.misspelling(fine, fileExists: noFile) == nil, "\(fine)")
        }
        #expect(SubcommandCheck.closest(to: "scroe") == "score")
        #expect(SubcommandCheck.closest(to: "genrate") == "generate")
        #expect(SubcommandCheck.closest(to: "bnech") == "bench")
        #expect(SubcommandCheck.closest(to: "frobnicate") == nil)
        #expect(SubcommandCheck.closest(to: "x") == nil)
        #expect(SubcommandCheck.editDistance("reprot", "report") == 1)
        #expect(SubcommandCheck.editDistance("kitten", "sitting") == 3)
    }

    struct Unexpected: Error, CustomStringConvertible { var description: String { "a library gave up" } }

    /// Exit 4 cannot be caused from outside without a bug, so the mapping is tested directly (no process test).
    @Test func anUnknownErrorIsAnInternalErrorOfTheCommandWithExitStatus4() {
        #expect(ExitStatus.internalError.rawValue == 4)
        #expect(
            ErrorMapping.outcome(of: Unexpected(), command: "score")
                == .failure("internal error in step \"score\": a library gave up (please report this)", .internalError))
        let bug = InternalError(step: "charts", reason: "cairo said no")
        #expect(ErrorMapping.outcome(of: bug, command: "report") == .failure(bug.description, .internalError))
        #expect(
            ErrorMapping.outcome(of: CocoaError(.fileReadUnknown), command: "report")
                == .failure(
                    InternalError(step: "report", reason: "\(CocoaError(.fileReadUnknown))").description, .internalError
                ))
    }

    /// A report step's error is mapped by what the step raised; an unknown one names the step, not the command.
    @Test func aStepErrorIsMappedByWhatTheStepRaised() {
        #expect(
            ErrorMapping.outcome(of: StepError(step: "charts", underlying: Unexpected()), command: "report")
                == .failure("internal error in step \"charts\": a library gave up (please report this)", .internalError)
        )
        let input = InputError.noCustomers(reason: "nothing")
        #expect(
            ErrorMapping.outcome(of: StepError(step: "rfm", underlying: input), command: "report")
                == .failure(input.description, .badInput))
        #expect(
            ErrorMapping.outcome(
                of: StepError(step: "files", underlying: OutputError.interrupted(path: "p")), command: "report")
                == .interrupted)
    }

    @Test func knownErrorsKeepTheirExitStatuses() {
        #expect(
            ErrorMapping.outcome(of: OutputError.writeFailed(path: "p", reason: "r"), command: "report")
                == .failure(OutputError.writeFailed(path: "p", reason: "r").description, .outputFailed))
        #expect(ErrorMapping.outcome(of: OutputError.interrupted(path: "p"), command: "report") == .interrupted)
        #expect(
            ErrorMapping.outcome(of: ValidationError("--column x: expected ROLE=HEADER"), command: "score") == .usage)
        #expect(ErrorMapping.outcome(of: ExitCode.validationFailure, command: "report") == .usage)
        #expect(ErrorMapping.outcome(of: CleanExit.helpRequest(), command: "report") == .usage)
    }

    /// The database flags are checked before anything connects: each misuse is a usage error (exit 2) naming it.
    @Test func databaseFlagsAreCheckedBeforeConnecting() throws {
        let cases: [(arguments: [String], message: String)] = [
            (["report", "--table", "sales"], "--table reads from a database: give --db URL with it"),
            (["report", "--write-back", "t"], "--write-back writes to a database"),
            (["report", "--db", "postgresql://nobody@127.0.0.1:1/x"], "--table NAME or a --query"),
            (["report", "--db", "postgresql://h/x", "--table", "t", "--query", "SELECT 1"], "(one of them)"),
            (["report", "--db", "postgresql://h/x", "--table", "t", "data/online_retail_sample.csv"], "give no INPUT"),
            (["report", "--db", "postgresql://h/x", "--table", "t", "--db-timeout", "0"], "above 0"),
            (["score", "--model", "m", "--query", "SELECT 1"], "--query reads from a database"),
            (["score", "--model", "m", "--db", "postgresql://h/x"], "--table NAME or a --query"),
        ]
        for c in cases {
            let r = try RFMProcess.run(c.arguments)
            #expect(r.status == 2, "\(c.arguments): \(r.stderr)")
            #expect(r.stderr.contains(c.message), "\(c.arguments): \(r.stderr)")
        }
        // An empty host is libpq's default (the local socket): nobody listens there, a one-line input error.
        let bad = try RFMProcess.run(["report", "--db", "host=", "--table", "t", "--out", scratchFolder().path])
        #expect(bad.status == 1 && bad.stderr.contains("cannot connect"), "\(bad.stderr)")
        // A connection string libpq cannot parse is bad input, before any connection.
        let unparsable = try RFMProcess.run([
            "report", "--db", "postgresql://[", "--table", "t", "--out", scratchFolder().path,
        ])
        #expect(
            unparsable.status == 1 && unparsable.stderr.contains("not a PostgreSQL connection string"),
            "\(unparsable.stderr)")
    }
}
