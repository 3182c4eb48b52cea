/// What the site says about the run beyond the analysis: the currency, where the rules and scores came from, how
/// the snapshot was chosen.
public struct SiteSettings: Sendable {
    /// Currency symbol of every amount (`£`).
    public var currency: String
    /// Where the rules came from: "default" or the file's path.
    public var rulesSource: String
    /// The saved model applied (its folder or file), if any.
    public var appliedModelSource: String?
    /// How the snapshot was chosen, for people ("the day after the last invoice", "as of 2011-11-30").
    public var snapshotSummary: String
    /// The month's place in an archive (`--months`), for the links to the archive and the months beside it.
    public var archive: ArchiveNavigation?

    public init(currency: String, rulesSource: String, appliedModelSource: String?, snapshotSummary: String) {
        self.currency = currency
        self.rulesSource = rulesSource
        self.appliedModelSource = appliedModelSource
        self.snapshotSummary = snapshotSummary
        archive = nil
    }
}
