import Foundation
import Testing

@testable import XLSXReader

/// Inputs that crashed the reader under the fuzzer or in review (Fuzz/README.md); each must now be a typed error.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    /// Opens a fixture and reads every sheet, returning the error thrown.
    func failure(_ name: String) -> (any Error)? {
        do {
            let wb = try XLSXWorkbook(url: Fixture.url(name))
            for s in wb.sheets { _ = try Fixture.rows(wb, s) }
            return nil
        } catch {
            return error
        }
    }

    @Test("a ZIP64 locator in a file shorter than a ZIP64 end record is a truncated zip, not a trap")
    func zip64LocatorInShortFile() {
        // 50 bytes: `PK\3\4`, 4 zero bytes, a ZIP64 locator and an end record whose counts are all 0xFFFF.
        let path = Fixture.url("fuzz_zip64_short.xlsx").path
        #expect(failure("fuzz_zip64_short.xlsx") as? XLSXError == .truncated(path: path, part: nil))
    }
}
