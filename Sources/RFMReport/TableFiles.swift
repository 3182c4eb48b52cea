import RFMCore

/// `customers.csv` and `segments.csv`.
enum TableFiles {
    static func customers(_ a: RFMAnalysis) -> String {
        var csv = CSVText(header: [
            "customer_id", "country", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score",
            "rfm_cell", "rfm_score", "segment", "first_purchase", "last_purchase", "cluster", "pc1", "pc2", "holdout", "previous_segment",
        ])
        let names = a.rules.segments.map(\.name)
        let clustering = a.clustering
        for (i, (c, s)) in zip(a.rfm.customers, a.scored.scores).enumerated() {
            var row = [
                c.id, c.country, String(c.recency), String(c.frequency), NumberFormatting.fixed(c.monetary, decimals: 2),
                String(s.r), String(s.f), String(s.m), s.cell, String(s.total), names[s.segment],
                c.firstPurchase.description, c.lastPurchase.description,
            ]
            if let clustering {
                row += [String(clustering.clusters[i]), String(clustering.coordinates[i].0), String(clustering.coordinates[i].1),
                        clustering.heldOut[i] ? "1" : "0"]
            } else {
                row += ["", "", "", ""]
            }
            if let migration = a.migration { row.append(migration.previousSegment[i] ?? migration.newCustomersLabel) } else { row.append("") }
            csv.append(row)
        }
        return csv.text
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
}
