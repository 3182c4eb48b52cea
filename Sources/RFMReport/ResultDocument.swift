import Foundation
import RFMCore

/// `result.json`: everything in the report as data. Keys are sorted and nothing depends on the clock, so the
/// same input and options give a byte-identical file.
struct ResultDocument: Encodable {
    struct Tool: Encodable {
        let name: String
        let version: String
    }
    struct Parameters: Encodable {
        let snapshot_rule: String
        let rules_source: String
        /// How the R/F/M scores were given: quartiles of this snapshot, or a saved model's cut points.
        let scores_from: String
        let column_overrides: [String: String]
        let strict: Bool
    }
    struct Input: Encodable {
        let files: [InputSummary]
        let rows_read: Int
        let customer_id_order: String
        let purchases_are: String
        let latin1_values: Int
    }
    struct RuleCount: Encodable {
        let rule: String
        let label: String
        let removed: Int
    }
    struct Cleaning: Encodable {
        let rows_in: Int
        let rows_after: Int
        let removed: [String: Int]
        let rules: [RuleCount]
        let malformed_examples: [MalformedRow]
    }
    struct Rule: Encodable {
        let name: String
        let r: String
        let f: String
        let m: String
        let description: String
        let strategy: String
        let colour: String?
    }
    struct Rules: Encodable {
        let segments: [Rule]
        let uncovered_cells: [String]
        let unreachable_rules: [String]
    }

    let tool: Tool
    let parameters: Parameters
    let input: Input
    let cleaning: Cleaning
    let snapshot_date: String
    let first_transaction: String
    let last_transaction: String
    let rows_used: Int
    let rows_after_snapshot: Int
    /// Orders up to the snapshot: distinct invoices per customer (purchase days without an invoice column), summed.
    let orders: Int
    let customers: Int
    let revenue_total: Double
    let rfm_describe: [String: DescriptiveStatistics]
    let score_cut_points: ScoreCutPoints
    let rfm_score_counts: [String: Int]
    let rfm_cell_counts: [String: Int]
    let segment_rules: Rules
    let segments: [SegmentSummary]
    let clustering: ClusteringDocument?
    let clustering_note: String?
    let changes: ChangesDocument?
    let history: HistoryDocument?

    init(_ a: RFMAnalysis, options: ReportOptions) {
        tool = Tool(name: ToolInfo.name, version: ToolInfo.version)
        parameters = Parameters(
            snapshot_rule: options.snapshot.summary, rules_source: options.rulesSource,
            scores_from: options.scoring.summary,
            column_overrides: Dictionary(
                uniqueKeysWithValues: options.columnOverrides.map { ($0.key.rawValue, $0.value) }),
            strict: options.strict)
        let t = a.transactions
        let latin1 = t.latin1Values.total
        input = Input(
            files: t.inputs, rows_read: t.cleaning.rowsRead, customer_id_order: a.rfm.order.rawValue,
            purchases_are: t.hasInvoices ? "distinct invoices" : "distinct customer-days (no invoice column)",
            latin1_values: latin1)
        let c = t.cleaning
        cleaning = Cleaning(
            rows_in: c.rowsRead, rows_after: c.rowsAfter,
            removed: Dictionary(uniqueKeysWithValues: CleaningRule.allCases.map { ($0.rawValue, c.count($0)) }),
            rules: CleaningRule.allCases.map { RuleCount(rule: $0.rawValue, label: $0.label, removed: c.count($0)) },
            malformed_examples: c.malformedExamples)
        snapshot_date = a.rfm.snapshot.description
        first_transaction = a.rfm.firstTransaction.description
        last_transaction = a.rfm.lastTransaction.description
        rows_used = a.rfm.rowsUsed
        rows_after_snapshot = a.rfm.rowsAfterCutoff
        orders = a.rfm.orders
        customers = a.rfm.customers.count
        revenue_total = PairwiseSum.sum(a.rfm.customers.map(\.monetary))
        rfm_describe = [
            "Recency": DescriptiveStatistics(a.rfm.customers.map { Double($0.recency) }),
            "Frequency": DescriptiveStatistics(a.rfm.customers.map { Double($0.frequency) }),
            "Monetary": DescriptiveStatistics(a.rfm.customers.map(\.monetary)),
        ]
        score_cut_points = a.scored.cutPoints
        var scoreCounts: [String: Int] = [:]
        var cellCounts: [String: Int] = [:]
        for s in a.scored.scores {
            scoreCounts[String(s.total), default: 0] += 1
            cellCounts[s.cell, default: 0] += 1
        }
        rfm_score_counts = scoreCounts
        rfm_cell_counts = cellCounts
        segment_rules = Rules(
            segments: a.rules.segments.map {
                Rule(
                    name: $0.name, r: $0.r.description, f: $0.f.description, m: $0.m.description,
                    description: $0.description, strategy: $0.strategy, colour: $0.colour)
            },
            uncovered_cells: a.rules.uncoveredCells, unreachable_rules: a.rules.unreachableRules)
        segments = a.segments
        clustering = a.clustering.map { ClusteringDocument($0, rules: a.rules) }
        clustering_note = a.clusteringNote
        changes = a.migration.map { ChangesDocument($0, currency: options.currency) }
        history = a.history.map(HistoryDocument.init)
    }

    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var data = try encoder.encode(self)
        data.append(0x0A)
        return data
    }
}

/// Movements since the previous snapshot, in `result.json`.
struct ChangesDocument: Encodable {
    let previous: String
    let sources: [String]
    let targets: [String]
    /// Customers per (previous segment or "New customers", current segment).
    let migration_counts: [[Int]]
    /// This snapshot's revenue of those customers.
    let migration_revenue: [[Double]]
    let segments: [SegmentChange]
    let win_back: [MovedCustomer]
    let moved_up: [MovedCustomer]
    let sentences: [String]

    init(_ m: SegmentMigration, currency: String) {
        previous = m.previousLabel
        sources = m.sources
        targets = m.targets
        migration_counts = m.counts
        migration_revenue = m.revenue
        segments = m.changes
        win_back = m.winBack
        moved_up = m.movedUp
        sentences = m.sentences(currency: currency)
    }
}

/// Segment sizes and revenue at the last month-ends, in `result.json`, each month-end flagged when its look-back
/// is shorter than the report's rule needs (`LookBackRule`).
struct HistoryDocument: Encodable {
    struct Month: Encodable {
        let month: String
        let snapshot: String
        let customers: [Int]
        /// Every purchase up to the month-end.
        let revenue: [Double]
        /// Purchases within the month.
        let month_revenue: [Double]
        let look_back_days: Int
        let short_look_back: Bool
    }
    let segments: [String]
    /// Days of data a month-end needs (the lowest recency of recency score 1 in this report's cut points); absent
    /// when no customer has recency score 1.
    let look_back_needed_days: Int?
    let months: [Month]

    init(_ h: MonthlyHistory) {
        segments = h.segments
        look_back_needed_days = h.lookBack?.neededDays
        months = h.points.map {
            Month(
                month: $0.month, snapshot: $0.snapshot, customers: $0.customers, revenue: $0.revenue,
                month_revenue: $0.monthRevenue, look_back_days: $0.lookBackDays, short_look_back: h.isShort($0))
        }
    }
}
