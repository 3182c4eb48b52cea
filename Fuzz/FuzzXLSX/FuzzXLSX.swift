// libFuzzer target for the XLSX reader (issue 8). See Fuzz/README.md.
//
// Built with `-sanitize=fuzzer,address -DFUZZING` (Fuzz/run.sh) the executable is a libFuzzer driver: the input
// bytes are written to a temporary file, opened with `XLSXWorkbook` and every row of every worksheet is read,
// then the file goes once through `TransactionLoader` (the path `rfm report` takes). In that build the direct
// read skips the CRC-32 check (`FuzzFile.verifiesChecksums`); the loader read keeps it. Any thrown `XLSXError` or
// `InputError` is fine; a crash, a hang, or a leak is a finding.
// Built normally (`swift build`) it replays the files given as arguments and prints each outcome.
import Foundation
import RFMCore
import RFMIngest
import XLSXReader

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let path = FuzzFile.path
    guard FuzzFile.write(data, size, to: path) else { return 0 }
    _ = FuzzFile.run(path)
    return 0
}

enum FuzzFile {
    /// The libFuzzer build reads the workbook directly without checking CRC-32s, so that mutated bytes of
    /// stored entries (the `*_stored.xlsx` seeds) reach the XML parser instead of all failing at the checksum;
    /// the second read, through `TransactionLoader`, checks them as `rfm` does. The replay build checks them.
    #if FUZZING
        static let verifiesChecksums = false
    #else
        static let verifiesChecksums = true
    #endif

    /// One file per process, rewritten for every input.
    static let path: String = {
        let dir = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        return (dir as NSString).appendingPathComponent("rfm-fuzzxlsx-\(getpid()).xlsx")
    }()

    static func write(_ data: UnsafePointer<UInt8>, _ size: Int, to path: String) -> Bool {
        guard let f = fopen(path, "wb") else { return false }
        defer { fclose(f) }
        return size == 0 || fwrite(data, 1, size, f) == size
    }

    /// Reads the workbook directly and through the transaction loader; returns a one-line outcome.
    static func run(_ path: String) -> String {
        var outcome: [String] = []
        do {
            let workbook = try XLSXWorkbook(
                url: URL(fileURLWithPath: path), limits: .default,
                verifiesChecksums: FuzzFile.verifiesChecksums)
            var rows = 0
            var cells = 0
            for sheet in workbook.sheets {
                try workbook.readRows(of: sheet) { row in
                    rows += 1
                    cells += row.cells.count
                    return true
                }
            }
            outcome.append("ok \(workbook.sheets.count) sheets, \(rows) rows, \(cells) cells")
        } catch {
            outcome.append("error: \(error)")
        }
        do {
            let table = try TransactionLoader().load(paths: [path])
            outcome.append("loader ok \(table.cleaning.rowsRead) rows")
        } catch {
            outcome.append("loader error: \(error)")
        }
        return outcome.joined(separator: " | ")
    }
}

#if FUZZING
    // libFuzzer's own `main` is replaced by SwiftPM's entry point (`--defsym main=FuzzXLSX_main`), so the entry
    // point hands over to libFuzzer's driver.
    @_silgen_name("LLVMFuzzerRunDriver")
    func LLVMFuzzerRunDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt
    ) -> CInt

    @_cdecl("FuzzXLSX_main")
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
                print("usage: FuzzXLSX FILE ...   (replays inputs; build with Fuzz/run.sh to fuzz)")
            }
            for file in files {
                print("\(file): \(FuzzFile.run(file))")
            }
        }
    }
#endif
