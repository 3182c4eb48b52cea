import Foundation
import Logging
import RFMCore
import RFMSite

/// The monthly view of a report: the month must have transactions; then the movements since the previous month
/// (or since the report given with `--compare DIR`) and the segment sizes at the last month-ends.
struct MonthComparison {
    let options: ReportOptions
    /// Month-end points already computed (an archive computes each month once for all its reports).
    let knownHistory: [String: MonthlyHistory.Point]
    let logger: Logger

    func compare(_ analysis: inout RFMAnalysis) throws {
        let table = analysis.transactions
        let snapshot = analysis.rfm.snapshot
        let c = snapshot.adding(days: -1).components
        let (year, month) = (c.year, c.month)
        let label = MonthCalendar.label(year, month)
        let monthStart = CivilDate(year: year, month: month, day: 1)!
        guard table.hasRows(from: monthStart, to: snapshot) else {
            throw InputError.noCustomers(
                reason: "no transactions in \(label) (the cleaned data runs from "
                    + "\(analysis.rfm.firstTransaction.day) to \(LocalTimestamp(seconds: table.timeRange?.upperBound ?? 0).day)); choose another --month"
            )
        }
        let previous: [String: PreviousState]
        let previousLabel: String
        if let folder = options.compareFolder {
            (previous, previousLabel) = try PreviousReport.states(folder: folder)
        } else {
            let (py, pm) = MonthCalendar.previous(year, month)
            previousLabel = "\(MonthCalendar.label(py, pm)) (same transactions, as of \(monthStart.adding(days: -1)))"
            if table.hasRows(from: nil, to: monthStart) {
                previous = try SegmentMigration.previousStates(
                    table, snapshot: .month(year: py, month: pm), rules: analysis.rules,
                    scoring: options.scoring)
            } else {
                previous = [:]  // the first month of the data: no earlier month, everyone is new
            }
        }
        let history = MonthlyHistory(
            table, last: (year, month), months: options.historyMonths, rules: analysis.rules,
            scoring: options.scoring, known: knownHistory, lookBack: LookBackRule(cutPoints: analysis.scored.cutPoints))
        // Revenue of the purchases within this month, and within the month before (from the same transactions, the
        // history's point when it has one: its last point is this month, computed alike; unknown for a previous
        // report given with --compare).
        let thisMonth =
            history.points.last { $0.month == MonthCalendar.label(year, month) }?.monthRevenue
            ?? PeriodRevenue.perSegment(
                table.periodRevenue(analysis.rfm, from: monthStart, to: snapshot), analysis.scored,
                segments: analysis.rules.segments.count)
        var monthBefore: [Double]?
        if options.compareFolder == nil {
            let (py, pm) = MonthCalendar.previous(year, month)
            let label = MonthCalendar.label(py, pm)
            monthBefore =
                (history.points.first { $0.month == label } ?? knownHistory[label]
                ?? MonthlyHistory.point(table, year: py, month: pm, rules: analysis.rules, scoring: options.scoring))?
                .monthRevenue
        }
        analysis.migration = SegmentMigration(
            rfm: analysis.rfm, scored: analysis.scored, rules: analysis.rules,
            previous: previous, previousLabel: previousLabel,
            comparedWith: options.compareFolder == nil
                ? PeopleFormat.shortMonth(monthStart.adding(days: -1)) : SegmentMigration.previousReport,
            monthRevenue: MonthRevenue(now: thisMonth, before: monthBefore))
        analysis.history = history
        logger.info(
            "changes since \(previousLabel): \(analysis.migration!.sentences(currency: options.currency).joined(separator: " "))"
        )
    }
}
