import RFMCore

/// The CSV that `rfm score` writes.
public enum ScoredCustomersCSV {
    public static func render(_ customers: [ScoredCustomer]) -> String {
        var csv = CSVText(header: [
            "customer_id", "country", "recency_days", "frequency", "monetary", "r_score", "f_score", "m_score",
            "rfm_cell", "rfm_score", "segment", "cluster", "pc1", "pc2",
        ])
        for s in customers {
            let c = s.customer
            csv.append([
                c.id, c.country, String(c.recency), String(c.frequency), NumberFormatting.fixed(c.monetary, decimals: 2),
                String(s.score.r), String(s.score.f), String(s.score.m), s.score.cell, String(s.score.total), s.segment,
                s.cluster.map(String.init) ?? "", s.pc1.map { String($0) } ?? "", s.pc2.map { String($0) } ?? "",
            ])
        }
        return csv.text
    }
}
