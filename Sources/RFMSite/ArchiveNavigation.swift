/// Where a month's report sits in an archive (`rfm report --months`): the archive's index and the months before and
/// after it, for the bar of links on each of its pages. Folders are the archive's month folders (`2011-10`).
public struct ArchiveNavigation: Sendable, Equatable {
    /// A neighbouring month: its folder beside this month's, and its name for people (`October 2011`).
    public struct Month: Sendable, Equatable {
        public let folder: String
        public let label: String

        public init(folder: String, label: String) {
            self.folder = folder
            self.label = label
        }
    }

    public let previous: Month?
    public let next: Month?

    public init(previous: Month?, next: Month?) {
        self.previous = previous
        self.next = next
    }

    /// The template context for a page `root` away from its month's folder (`""` or `"../"`): links that stay
    /// relative, so that the archive works from `file://` and wherever it is copied.
    func context(root: String) -> [String: Any] {
        // A missing month is `false`, not absent: Mustache would look an absent name up in the page's context.
        func link(_ month: Month?) -> Any {
            month.map { ["href": root + "../\($0.folder)/index.html", "label": $0.label] } ?? false
        }
        return ["index": root + "../index.html", "previousMonth": link(previous), "nextMonth": link(next)]
    }
}
