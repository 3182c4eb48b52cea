import Foundation
import TestSupport

@testable import XLSXReader

/// Locates test fixtures and reads whole sheets for assertions.
enum Fixture {
    /// The URL of a fixture file in `Tests/XLSXReaderTests/Fixtures`.
    static func url(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name)
    }

    /// All rows of a sheet.
    static func rows(_ wb: XLSXWorkbook, _ sheet: XLSXSheet) throws -> [XLSXRow] {
        var out: [XLSXRow] = []
        try wb.readRows(of: sheet) {
            out.append($0)
            return true
        }
        return out
    }

    /// The full Online Retail workbook, if present (env `RFM_ONLINE_RETAIL_XLSX`, else `../shared/data/...`
    /// beside the repository, `Prerequisites.sharedFolder`).
    static let onlineRetail: URL? = {
        let fm = FileManager.default
        if let p = ProcessInfo.processInfo.environment["RFM_ONLINE_RETAIL_XLSX"], fm.fileExists(atPath: p) {
            return URL(fileURLWithPath: p)
        }
        let shared = Prerequisites.sharedFolder.appendingPathComponent("data/online_retail/Online Retail.xlsx")
        return fm.fileExists(atPath: shared.path) ? shared : nil
    }()
}
