import Foundation
import RFMCore
import RFMWorkbook

/// Writes a synthetic log as CSV, gzip CSV or XLSX (by the file name), into a temporary file beside the target that
/// is renamed over it only when complete.
public struct SyntheticLogWriter: Sendable {
    public enum Format: Sendable { case csv, csvGzip, xlsx }

    public static func format(of path: String) -> Format? {
        let lower = path.lowercased()
        if lower.hasSuffix(".csv.gz") { return .csvGzip }
        if lower.hasSuffix(".csv") { return .csv }
        if lower.hasSuffix(".xlsx") { return .xlsx }
        return nil
    }

    public static let header = [
        "InvoiceNo", "StockCode", "Description", "Quantity", "InvoiceDate", "UnitPrice", "CustomerID", "Country",
    ]

    /// Writes `rows` to `path`.
    public static func write(_ rows: SyntheticRetailLog.Rows, to path: String) throws(GeneratorError) {
        guard let format = format(of: path) else { throw GeneratorError.unsupportedFormat(path: path) }
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())").path
        do throws(GeneratorError) {
            do throws(GeneratorError) {
                switch format {
                case .csv: try writeCSV(rows, to: temporary, gzipLevel: nil)
                case .csvGzip: try writeCSV(rows, to: temporary, gzipLevel: 1)
                case .xlsx: try writeXLSX(rows, to: temporary)
                }
            } catch let GeneratorError.cannotWrite(_, reason) {
                // Names the file asked for, not the temporary one.
                throw GeneratorError.cannotWrite(path: path, reason: reason)
            }
            guard rename(temporary, path) == 0 else {
                throw GeneratorError.cannotWrite(path: path, reason: String(cString: strerror(errno)))
            }
        } catch {
            unlink(temporary)
            throw error
        }
    }

    static func writeCSV(_ rows: SyntheticRetailLog.Rows, to path: String, gzipLevel: Int32?) throws(GeneratorError) {
        let file = try ByteFileWriter(path: path, gzipLevel: gzipLevel)
        let products = SyntheticCatalog.products.map { (Array($0.code.utf8), Array($0.description.utf8)) }
        let countries = SyntheticCatalog.countries.map { Array($0.name.utf8) }
        var buffer: [UInt8] = []
        buffer.reserveCapacity(1 << 20)
        buffer.append(contentsOf: Array((header.joined(separator: ",") + "\n").utf8))
        var lastTime: Int64 = -1
        var timeText: [UInt8] = []
        for i in 0..<rows.count {
            if rows.kind[i] == .cancellation { buffer.append(UInt8(ascii: "C")) }
            DecimalBytes.append(Int(rows.invoice[i]), to: &buffer)
            buffer.append(UInt8(ascii: ","))
            let p = products[Int(rows.product[i])]
            buffer.append(contentsOf: p.0)
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: p.1)
            buffer.append(UInt8(ascii: ","))
            if rows.kind[i] == .malformed {
                buffer.append(contentsOf: [UInt8]("n/a".utf8))
            } else {
                DecimalBytes.append(Int(rows.quantity[i]), to: &buffer)
            }
            buffer.append(UInt8(ascii: ","))
            if rows.time[i] != lastTime {
                lastTime = rows.time[i]
                timeText = timestamp(lastTime)
            }
            buffer.append(contentsOf: timeText)
            buffer.append(UInt8(ascii: ","))
            let pence = Int(rows.pricePence[i])
            DecimalBytes.append(pence / 100, to: &buffer)
            buffer.append(UInt8(ascii: "."))
            buffer.append(UInt8(ascii: "0") + UInt8(pence % 100 / 10))
            buffer.append(UInt8(ascii: "0") + UInt8(pence % 10))
            buffer.append(UInt8(ascii: ","))
            if rows.customer[i] != 0 { DecimalBytes.append(Int(rows.customer[i]), to: &buffer) }
            buffer.append(UInt8(ascii: ","))
            buffer.append(contentsOf: countries[Int(rows.country[i])])
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count > (1 << 20) - 512 {
                try buffer.withUnsafeBufferPointer { b throws(GeneratorError) in try file.write(b) }
                buffer.removeAll(keepingCapacity: true)
            }
        }
        try buffer.withUnsafeBufferPointer { b throws(GeneratorError) in try file.write(b) }
        try file.finish()
    }

    static func writeXLSX(_ rows: SyntheticRetailLog.Rows, to path: String) throws(GeneratorError) {
        let products = SyntheticCatalog.products
        let countries = SyntheticCatalog.countries.map(\.name)
        let columns = [
            TableColumn("InvoiceNo", format: .text), TableColumn("StockCode", format: .text),
            TableColumn("Description", format: .text),
            TableColumn("Quantity", format: .integer), TableColumn("InvoiceDate", format: .custom("yyyy-mm-dd hh:mm")),
            TableColumn("UnitPrice", format: .decimal(places: 2)), TableColumn("CustomerID", format: .integer),
            TableColumn("Country", format: .text),
        ]
        let source = TableRows(count: rows.count) { i -> [CellValue] in
            let invoice = rows.kind[i] == .cancellation ? "C\(rows.invoice[i])" : "\(rows.invoice[i])"
            let p = products[Int(rows.product[i])]
            return [
                .text(invoice), .text(p.code), .text(p.description),
                rows.kind[i] == .malformed ? .text("n/a") : .integer(Int(rows.quantity[i])),
                .number(Double(rows.time[i]) / 86_400 + 25_569),  // Excel serial (1900 system)
                .number(Double(rows.pricePence[i]) / 100),
                rows.customer[i] == 0 ? .empty : .integer(Int(rows.customer[i])),
                .text(countries[Int(rows.country[i])]),
            ]
        }
        let spec = WorkbookSpec(
            sheets: [
                SheetSpec(
                    name: "Online Retail",
                    blocks: [
                        .table(
                            SheetTable(
                                id: "transactions", columns: columns, rowSource: source,
                                asExcelTable: false, autofilter: false))
                    ],
                    freezeHeader: true)
            ], properties: .init(title: "Synthetic Online Retail log", author: "rfm generate"))
        do {
            try WorkbookWriter.write(spec, to: path, options: WriterOptions(widthSampleRows: 2_000))
        } catch {
            throw GeneratorError.cannotWrite(path: path, reason: "\(error)")
        }
    }

    /// `YYYY-MM-DD HH:MM:SS` for seconds since 1970 (local time, as written in the UCI CSV).
    static func timestamp(_ seconds: Int64) -> [UInt8] {
        let days = Int(seconds / 86_400)
        let rest = Int(seconds % 86_400)
        let (y, m, d) = CivilDate(dayNumber: days).components
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return Array("\(y)-\(two(m))-\(two(d)) \(two(rest / 3600)):\(two(rest % 3600 / 60)):\(two(rest % 60))".utf8)
    }
}
