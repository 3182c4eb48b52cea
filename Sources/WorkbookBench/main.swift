import Foundation
import RFMWorkbook

// Writes a workbook shaped like the rfm report (Customers sheet of 18 columns, 6 small sheets,
// 3 charts) for N synthetic customers and prints the build and write times.
var customers = 4_338
var output = "/tmp/workbookbench.xlsx"
var options = WriterOptions()
var generated = false
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--customers": customers = Int(arguments.next() ?? "") ?? customers
    case "--output": output = arguments.next() ?? output
    case "--generated": generated = true
    case "--row-limit": options.rowLimit = Int(arguments.next() ?? "") ?? options.rowLimit
    case "--constant-memory-threshold":
        options.constantMemoryThreshold = Int(arguments.next() ?? "") ?? options.constantMemoryThreshold
    default:
        FileHandle.standardError.write(
            Data(
                "usage: WorkbookBench [--customers N] [--output PATH] [--generated] [--row-limit N] [--constant-memory-threshold N]\n"
                    .utf8))
        exit(2)
    }
}

let started = Date()
let spec = BenchSpec.make(customers: customers, generated: generated)
let built = Date()
let specRSS = residentKiB("VmRSS")
do {
    let report = try WorkbookWriter.write(spec, to: output, options: options)
    let done = Date()
    let size = (try? FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0
    print(
        String(
            format: "RSS after building the spec: %.0f MiB; peak: %.0f MiB", specRSS / 1024, residentKiB("VmHWM") / 1024
        ))
    print(
        String(
            format:
                "customers=%d build=%.3fs write=%.3fs (cells %.3fs, close %.3fs) total=%.3fs size=%.1fMB constantMemory=%@ sheets=%d split=%@ libxlsxwriter=%@",
            customers, built.timeIntervalSince(started), done.timeIntervalSince(built), report.cellSeconds,
            report.closeSeconds, done.timeIntervalSince(started),
            Double(size) / 1_048_576, report.constantMemory ? "yes" : "no", report.sheetNames.count,
            report.splitSheets.description, WorkbookError.libraryVersion))
} catch {
    FileHandle.standardError.write(Data("\(error)\n".utf8))
    exit(1)
}

/// A line of /proc/self/status in KiB ("VmRSS", "VmHWM"), 0 where unavailable.
func residentKiB(_ key: String) -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
        return Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0
    }
    return 0
}
