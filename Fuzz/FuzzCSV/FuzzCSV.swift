// libFuzzer target for the CSV / gzip CSV reader (issue 8). See Fuzz/README.md.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (Fuzz/run.sh) the executable is a libFuzzer driver: the input
// bytes are written to a temporary file and read with `TransactionLoader`, which finds the format from the first
// bytes (CSV, gzip CSV, or XLSX). Any thrown `InputError` is fine; a crash, a hang, or a leak is a finding.
// Built normally (`swift build`) it replays the files given as arguments and prints each outcome.
import Foundation
import RFMCore
import RFMIngest

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.path
    guard FuzzFile.write(data, size, to: path) else { return 0 }
    // Lenient or strict (stops at the first malformed row), chosen by the input so both paths are fuzzed
    // at one read per input (each read allocates the reader's 8 MiB buffer, which is slow under ASan).
    _ = FuzzFile.run(path, modes: [size % 2 == 1])
    return 0
}

enum FuzzFile {
    /// One file per process, rewritten for every input.
    static let path: String = {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (dir as NSString).appendingPathComponent("rfm-fuzzcsv-\(getpid()).csv")
    }()

    static func write(_ data: UnsafePointer<UInt8>, _ size: Int, to path: String) -> Bool {
        guard let f = fopen(path, "wb") else { return false }
        defer { fclose(f) }
        return size == 0 || fwrite(data, 1, size, f) == size
    }

    /// Reads the file in each mode (strict: true or false); returns a one-line outcome.
    static func run(_ path: String, modes: [Bool] = [false, true]) -> String {
        var outcome: [String] = []
        for strict in modes {
            do {
                let table = try TransactionLoader(strict: strict).load(paths: [path])
                outcome.append("\(strict ? "strict" : "lenient") ok \(table.cleaning.rowsRead) rows")
            } catch {
                outcome.append("\(strict ? "strict" : "lenient") error: \(error)")
            }
        }
        return outcome.joined(separator: " | ")
    }
}

#if FUZZING
    // libFuzzer's own `main` is replaced by SwiftPM's entry point (`--defsym main=FuzzCSV_main`), so the entry
    // point hands over to libFuzzer's driver.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    @_cdecl("FuzzCSV_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
        var argc = argc
        var argv = argv
        return LLVMFuzzerRunDriver(&argc, &argv, fuzz)
    }
#else
    @main
    struct Replay {
        static func main() {
            let files = CommandLine.arguments.dropFirst()
            if files.isEmpty {
                print("usage: FuzzCSV FILE ...   (replays inputs; build with Fuzz/run.sh to fuzz)")
            }
            for file in files {
                print("\(file): \(FuzzFile.run(file))")
            }
        }
    }
#endif
