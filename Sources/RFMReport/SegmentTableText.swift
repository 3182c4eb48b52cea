import RFMCore
import RFMSite

/// The segment table printed on stdout at the end of a run.
enum SegmentTableText {
    static func render(_ a: RFMAnalysis, currency: String) -> String {
        let header = [
            "Segment", "Customers", "Share", "Revenue", "Revenue share", "Mean recency (days)", "Mean orders",
            "Mean spend",
        ]
        var rows: [[String]] = [header]
        for s in a.segments {
            rows.append([
                s.segment, PeopleFormat.integer(s.customers), PeopleFormat.percent(s.share),
                PeopleFormat.money(s.revenue, currency: currency), PeopleFormat.percent(s.revenueShare),
                s.recencyMean.map { PeopleFormat.decimal($0, decimals: 1) } ?? "-",
                s.frequencyMean.map { PeopleFormat.decimal($0, decimals: 1) } ?? "-",
                s.monetaryMean.map { PeopleFormat.money($0, currency: currency) } ?? "-",
            ])
        }
        let total = a.segments.reduce(0.0) { $0 + $1.revenue }
        rows.append([
            "Total", PeopleFormat.integer(a.rfm.customers.count), "100.0%",
            PeopleFormat.money(total, currency: currency),
            "100.0%", "", "", "",
        ])
        let widths = header.indices.map { k in rows.map { $0[k].count }.max() ?? 0 }
        var lines: [String] = []
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().map { k, cell in
                let pad = String(repeating: " ", count: widths[k] - cell.count)
                return k == 0 ? cell + pad : pad + cell
            }
            lines.append(cells.joined(separator: "  "))
            if i == 0 || i == rows.count - 2 {
                lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
