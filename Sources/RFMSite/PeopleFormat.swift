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
    public static func percent(_ fraction: Double) -> String {
        NumberFormatting.fixed(fraction * 100, decimals: 1) + "%"
    }

    /// `1,234.5` with the given decimals.
    public static func decimal(_ value: Double, decimals: Int) -> String {
        let fixed = NumberFormatting.fixed(abs(value), decimals: decimals)
        let parts = fixed.split(separator: ".")
        let whole = group(String(parts[0]), negative: value < 0 && fixed.contains(where: { $0 != "0" && $0 != "." }))
        return parts.count > 1 ? whole + "." + parts[1] : whole
    }

    /// `+112`, `-30`, `±0`: a change in a count.
    public static func signedInteger(_ value: Int) -> String {
        value == 0 ? "±0" : (value > 0 ? "+" : "") + integer(value)
    }

    /// `+£1,234.50`, `-£20.00`: a change in money.
    public static func signedMoney(_ value: Double, currency: String) -> String {
        value == 0 ? "±" + money(0, currency: currency) : (value > 0 ? "+" : "") + money(value, currency: currency)
    }

    /// `+1.2 pts` for a share that rose from 0.158 to 0.170: a change in a share, in percentage points.
    public static func signedPoints(_ fraction: Double) -> String {
        let text = NumberFormatting.fixed(abs(fraction) * 100, decimals: 1)
        if text == "0.0" { return "±0.0 pts" }
        return (fraction > 0 ? "+" : "-") + text + " pts"
    }

    /// `+18.1%` for a change from 620 to 732; nil when there was nothing before.
    public static func signedPercent(_ now: Double, before: Double) -> String? {
        guard before != 0 else { return nil }
        let change = (now - before) / abs(before)
        let text = NumberFormatting.fixed(abs(change) * 100, decimals: 1)
        if text == "0.0" { return "±0.0%" }
        return (change > 0 ? "+" : "-") + text + "%"
    }

    /// `Oct`.
    public static func shortMonth(_ date: CivilDate) -> String {
        ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"][date.components.month - 1]
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
        let months = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
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
