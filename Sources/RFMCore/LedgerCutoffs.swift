/// The cut-off days a `CustomerLedger` needs for a report: the snapshot, and in a monthly report the first day of
/// each month of its history (each month-end's snapshot and the start of its month's revenue) and of the month
/// before. The ledger's last state (every row) serves the default snapshot, the day after the last purchase.
public enum LedgerCutoffs {
    /// `lastDay` is the last kept row's day, needed only for `--month latest`.
    public static func days(
        snapshot: SnapshotRule, lastDay: CivilDate?, historyMonths: Int, months extra: [(year: Int, month: Int)] = []
    ) -> [CivilDate] {
        var days = Set<Int>()
        func month(_ y: Int, _ m: Int) {
            // the history's months ending here, and one before the first (its start, and the previous month)
            for (py, pm) in MonthlyHistory.months(endingAt: (y, m), count: max(historyMonths, 1) + 1) {
                days.insert(CivilDate(year: py, month: pm, day: 1)!.dayNumber)
            }
            days.insert(CivilDate(year: y, month: m, day: 1)!.firstOfNextMonth.dayNumber)
        }
        switch snapshot {
        case .dayAfterLastInvoice: break
        case .asOf(let d): days.insert(d.adding(days: 1).dayNumber)
        case .month(let y, let m): month(y, m)
        case .latestCompleteMonth:
            if let lastDay {
                let (y, m) = MonthCalendar.latestComplete(lastTransactionDay: lastDay)
                month(y, m)
            }
        }
        for (y, m) in extra { month(y, m) }
        return days.sorted().map { CivilDate(dayNumber: $0) }
    }
}
