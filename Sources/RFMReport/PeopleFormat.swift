import RFMCore

/// Numbers formatted for people: thousands separators, money with a currency symbol, one-decimal percentages,
/// dates as `9 Dec 2011`.
public enum PeopleFormat {
    /// `12,345`.
    public static func integer(_ value: Int) -> String { group(String(abs(value)), negative: value < 0) }

    /// `£1,234.50`.
    public static func money(_ value: Double, currency: String) -> String {
        let fixed = NumberFormatting.fixed(abs(value), decimals: 2)
        let parts = fixed.split(separator: ".")
        return (value < 0 ? "-" : "") + currency + group(String(parts[0]), negative: false) + "." + parts[1]
    }

    /// `17.9%` for 0.179.
    public static func percent(_ fraction: Double) -> String { NumberFormatting.fixed(fraction * 100, decimals: 1) + "%" }

    /// `1,234.5` with the given decimals.
    public static func decimal(_ value: Double, decimals: Int) -> String {
        let fixed = NumberFormatting.fixed(abs(value), decimals: decimals)
        let parts = fixed.split(separator: ".")
        let whole = group(String(parts[0]), negative: value < 0 && fixed.contains(where: { $0 != "0" && $0 != "." }))
        return parts.count > 1 ? whole + "." + parts[1] : whole
    }

    /// `9 Dec 2011`.
    public static func date(_ date: CivilDate) -> String {
        let c = date.components
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(c.day) \(months[c.month - 1]) \(c.year)"
    }

    /// `November 2011`.
    public static func monthName(_ date: CivilDate) -> String {
        let c = date.components
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
        return "\(months[c.month - 1]) \(c.year)"
    }

    private static func group(_ digits: String, negative: Bool) -> String {
        var out = ""
        for (k, ch) in digits.enumerated() {
            if k > 0 && (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return (negative ? "-" : "") + out
    }
}

/// The segment table printed on stdout at the end of a run.
enum SegmentTableText {
    static func render(_ a: RFMAnalysis, currency: String) -> String {
        let header = ["Segment", "Customers", "Share", "Revenue", "Revenue share", "Mean R (days)", "Mean F", "Mean M"]
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
        rows.append(["Total", PeopleFormat.integer(a.rfm.customers.count), "100.0%", PeopleFormat.money(total, currency: currency),
                     "100.0%", "", "", ""])
        let widths = header.indices.map { k in rows.map { $0[k].count }.max() ?? 0 }
        var lines: [String] = []
        for (i, row) in rows.enumerated() {
            let cells = row.enumerated().map { k, cell in
                let pad = String(repeating: " ", count: widths[k] - cell.count)
                return k == 0 ? cell + pad : pad + cell
            }
            lines.append(cells.joined(separator: "  "))
            if i == 0 || i == rows.count - 2 { lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")) }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
