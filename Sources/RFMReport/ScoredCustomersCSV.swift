import RFMCore

/// The CSV that `rfm score` writes.
public enum ScoredCustomersCSV {
    /// `forSpreadsheets`: a byte order mark and text fields neutralised against formula injection (`CSVText`).
    public static func render(_ customers: [ScoredCustomer], forSpreadsheets: Bool = false) -> String {
        var csv = CSVText(
            forSpreadsheets: forSpreadsheets,
            header: [
                "customer_id", "country", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score",
                "rfm_cell", "rfm_score", "segment", "cluster", "cluster_name", "pc1", "pc2",
            ])
        for s in customers {
            let c = s.customer
            csv.field(c.id)
            csv.field(c.country)
            csv.field(c.recency)
            csv.field(c.frequency)
            csv.field(number: NumberFormatting.fixed(c.monetary, decimals: 2))
            csv.field(s.score.r)
            csv.field(s.score.f)
            csv.field(s.score.m)
            csv.field(number: s.score.cell)
            csv.field(s.score.total)
            csv.field(s.segment)
            if let cluster = s.cluster { csv.field(cluster) } else { csv.field(number: "") }
            csv.field(s.clusterName ?? "")
            if let pc1 = s.pc1 { csv.field(pc1) } else { csv.field(number: "") }
            if let pc2 = s.pc2 { csv.field(pc2) } else { csv.field(number: "") }
            csv.endRow()
        }
        return csv.text
    }
}
