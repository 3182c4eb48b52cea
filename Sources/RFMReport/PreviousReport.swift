import Foundation
import RFMCore

/// Reads an earlier report's `customers.csv` (for `--compare DIR`): each customer's segment and revenue then.
enum PreviousReport {
    static func states(folder: String) throws(InputError) -> (states: [String: PreviousState], label: String) {
        let url = URL(fileURLWithPath: folder).appendingPathComponent("customers.csv")
        guard let data = FileManager.default.contents(atPath: url.path), let text = String(data: data, encoding: .utf8)
        else {
            throw .unreadable(
                file: url.path,
                reason: "no customers.csv of an earlier rfm report there (--compare expects a report folder)")
        }
        let records = CSVRecords.parse(text)
        guard let header = records.first, let id = header.firstIndex(of: "customer_id"),
            let segment = header.firstIndex(of: "segment"),
            let monetary = header.firstIndex(of: "monetary")
        else {
            throw .missingColumn(
                file: url.path, sheet: nil, role: "customer_id, segment and monetary",
                expected: "the header of an rfm customers.csv", header: records.first ?? [])
        }
        var out: [String: PreviousState] = [:]
        for (k, r) in records.dropFirst().enumerated() where r.count == header.count {
            guard let revenue = Double(r[monetary]) else {
                throw .malformedRow(
                    location: SourceLocation(file: url.path, line: k + 2, column: "monetary"), expected: "a number",
                    found: r[monetary])
            }
            out[r[id]] = PreviousState(segment: r[segment], revenue: revenue)
        }
        var label = URL(fileURLWithPath: folder).lastPathComponent
        if let json = try? JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent("result.json")))
            as? [String: Any],
            let snapshot = json["snapshot_date"] as? String
        {
            label = "the report in \(label) (snapshot \(snapshot))"
        }
        return (out, label)
    }
}

/// A small RFC 4180 reader for the project's own CSV files.
enum CSVRecords {
    static func parse(_ text: String) -> [[String]] {
        var records: [[String]] = []
        var record: [String] = []
        var field = ""
        var inQuotes = false
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        while let c = pending ?? chars.next() {
            pending = nil
            if inQuotes {
                if c == "\"" {
                    if let next = chars.next() {
                        if next == "\"" {
                            field.unicodeScalars.append("\"")
                        } else {
                            inQuotes = false
                            pending = next
                        }
                    } else {
                        inQuotes = false
                    }
                } else {
                    field.unicodeScalars.append(c)
                }
            } else if c == "\"" && field.isEmpty {
                inQuotes = true
            } else if c == "," {
                record.append(field)
                field = ""
            } else if c == "\n" {
                record.append(field)
                field = ""
                records.append(record)
                record = []
            } else if c != "\r" {
                field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !record.isEmpty {
            record.append(field)
            records.append(record)
        }
        return records
    }
}
