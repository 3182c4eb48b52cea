import ArgumentParser
import Foundation
import RFMReport
import RFMSite

/// `rfm bench`: times every stage of whole reports over several runs and prints a Markdown table.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract:
            "Time every stage of a whole report over several runs (median, min, max) and the peak memory, as Markdown.",
        discussion: "Benchmarks/bench.sh runs it beside the Python reference on the same input and prints the ratios.")

    @Argument(help: "Transaction files (CSV, CSV.gz, XLSX).")
    var inputs: [String] = [ReportCommand.defaultInput]

    @Option(name: .long, help: "Runs (the first one included).")
    var runs: Int = 5

    @Option(name: .customLong("threads"), help: "Worker threads for the models (default: the number of cores).")
    var threadCount: Int?

    /// `--threads`, or the number of cores.
    var threads: Int { threadCount ?? ProcessInfo.processInfo.activeProcessorCount }

    @Option(name: .long, help: "Also write the table to FILE.")
    var markdown: String?

    func validate() throws {
        guard (1...1000).contains(runs) else { throw ValidationError("--runs \(runs): expected 1 to 1000") }
        guard (1...64).contains(threads) else { throw ValidationError("--threads \(threads): expected 1 to 64") }
    }

    func run() throws {
        var options = ReportOptions(
            inputs: inputs, quiet: true, theme: try Theme.load(name: "default"))
        options.clustering.threads = threads
        let bench = ReportBenchmark(options: options, runs: runs)
        let result = try bench.run()
        let cpu =
            (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?.split(separator: "\n")
            .first { $0.hasPrefix("model name") }?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces)
            ?? "unknown CPU"
        let machine =
            "\(ProcessInfo.processInfo.activeProcessorCount) cores (\(cpu)), \(ProcessInfo.processInfo.physicalMemory >> 30) GiB, "
            + "\(threads) threads, release build"
        let table = bench.markdown(result, machine: machine)
        print(table, terminator: "")
        if let markdown { try table.write(toFile: markdown, atomically: true, encoding: .utf8) }
    }
}
