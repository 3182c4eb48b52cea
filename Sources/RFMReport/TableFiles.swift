import Foundation
import RFMCore

/// `customers.csv` and `segments.csv` (raw, for programs; `previous_segment` only in monthly mode, where it is not
/// empty), and the files for campaigns that people open in a
/// spreadsheet: `segments/NAME.csv` per segment and `winback.csv` in monthly mode (byte order mark, formulas
/// neutralised: `CSVText(forSpreadsheets:)`).
enum TableFiles {
    static func customers(_ a: RFMAnalysis) -> Data {
        var csv = CSVText(
            header: [
                "customer_id", "country", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score",
                "rfm_cell", "rfm_score", "segment", "first_purchase", "last_purchase", "cluster", "cluster_name", "pc1",
                "pc2", "holdout",
            ] + (a.migration == nil ? [] : ["previous_segment"]))
        let names = a.rules.segments.map(\.name)
        let clustering = a.clustering
        for (i, (c, s)) in zip(a.rfm.customers, a.scored.scores).enumerated() {
            csv.field(c.id)
            csv.field(c.country)
            csv.field(c.recency)
            csv.field(c.frequency)
            csv.field(NumberFormatting.fixed(c.monetary, decimals: 2))
            csv.field(s.r)
            csv.field(s.f)
            csv.field(s.m)
            csv.field(s.cell)
            csv.field(s.total)
            csv.field(names[s.segment])
            csv.field(date: c.firstPurchase)
            csv.field(date: c.lastPurchase)
            if let clustering {
                csv.field(clustering.clusters[i])
                csv.field(clustering.clusterName(ofCustomer: i))
                csv.field(clustering.coordinates[i].0)
                csv.field(clustering.coordinates[i].1)
                csv.field(clustering.heldOut[i] ? "1" : "0")
            } else {
                for _ in 0..<5 { csv.field("") }
            }
            if let migration = a.migration { csv.field(migration.previousSegment[i] ?? migration.newCustomersLabel) }
            csv.endRow()
        }
        return csv.data
    }

    static func segments(_ a: RFMAnalysis) -> String {
        var csv = CSVText(header: [
            "segment", "customers", "share", "revenue", "revenue_share", "recency_days_mean", "recency_days_median",
            "frequency_mean", "frequency_median", "monetary_mean", "monetary_median", "description", "strategy",
        ])
        func opt(_ v: Double?, _ d: Int) -> String { v.map { NumberFormatting.fixed($0, decimals: d) } ?? "" }
        for s in a.segments {
            csv.append([
                s.segment, String(s.customers), NumberFormatting.fixed(s.share, decimals: 6),
                NumberFormatting.fixed(s.revenue, decimals: 2), NumberFormatting.fixed(s.revenueShare, decimals: 6),
                opt(s.recencyMean, 2), opt(s.recencyMedian, 2), opt(s.frequencyMean, 2), opt(s.frequencyMedian, 2),
                opt(s.monetaryMean, 2), opt(s.monetaryMedian, 2), s.description, s.strategy,
            ])
        }
        return csv.text
    }

    /// One segment's customers, by spend (then id), for a campaign: id, country, last purchase, orders, spend,
    /// scores, cluster and its name, and the previous segment in monthly mode (only then: outside it the column
    /// would be empty).
    static func segmentCustomers(_ a: RFMAnalysis, segment k: Int) -> Data {
        var csv = CSVText(
            forSpreadsheets: true,
            header: [
                "customer_id", "country", "last_purchase", "orders", "spend", "r_score", "f_score", "m_score",
                "rfm_cell", "cluster", "cluster_name",
            ] + (a.migration == nil ? [] : ["previous_segment"]))
        let members = a.scored.scores.indices.filter { a.scored.scores[$0].segment == k }
            .sorted { (a.rfm.customers[$0].monetary, $1) > (a.rfm.customers[$1].monetary, $0) }
        for i in members {
            let c = a.rfm.customers[i]
            let s = a.scored.scores[i]
            csv.field(c.id)
            csv.field(c.country)
            csv.field(date: c.lastPurchase)
            csv.field(c.frequency)
            csv.field(number: NumberFormatting.fixed(c.monetary, decimals: 2))
            csv.field(s.r)
            csv.field(s.f)
            csv.field(s.m)
            csv.field(number: s.cell)
            if let clustering = a.clustering {
                csv.field(clustering.clusters[i])
                csv.field(clustering.clusterName(ofCustomer: i))
            } else {
                csv.field(number: "")
                csv.field("")
            }
            if let migration = a.migration { csv.field(migration.previousSegment[i] ?? migration.newCustomersLabel) }
            csv.endRow()
        }
        return csv.data
    }

    /// The win-back list of a monthly report (newly At Risk or Lost customers who were valuable), by revenue.
    static func winBack(_ m: SegmentMigration) -> Data {
        var csv = CSVText(
            forSpreadsheets: true,
            header: ["customer_id", "country", "last_purchase", "spend", "previous_segment", "segment"])
        for c in m.winBack {
            csv.field(c.id)
            csv.field(c.country)
            csv.field(c.lastPurchase)
            csv.field(number: NumberFormatting.fixed(c.revenue, decimals: 2))
            csv.field(c.previousSegment)
            csv.field(c.segment)
            csv.endRow()
        }
        return csv.data
    }
}
