/// How a worksheet prints: orientation, scaling, margins and the rows repeated at the top of each page.
public struct PageSetup: Sendable {
    /// Landscape rather than portrait.
    public var landscape: Bool
    /// Scale the sheet to one page wide (any number of pages tall), so no column is cut off on the right.
    public var fitToOnePageWide: Bool
    /// Repeat the caption and header rows of the sheet's first table on every printed page ("Print Titles"),
    /// when that table is the first thing on the sheet.
    public var repeatHeaderRows: Bool
    /// Left, right, top and bottom margins in inches.
    public var margins: (left: Double, right: Double, top: Double, bottom: Double)
    /// Page header and footer in Excel's codes (`&A` sheet name, `&P` page, `&N` pages); empty: none.
    public var header: String
    public var footer: String

    /// The default: landscape, one page wide, header rows repeated, half-inch side margins, the sheet's name
    /// at the top and "Page N of M" at the bottom.
    public init(
        landscape: Bool = true, fitToOnePageWide: Bool = true, repeatHeaderRows: Bool = true,
        margins: (left: Double, right: Double, top: Double, bottom: Double) = (0.5, 0.5, 0.75, 0.75),
        header: String = "&L&A", footer: String = "&RPage &P of &N"
    ) {
        self.landscape = landscape
        self.fitToOnePageWide = fitToOnePageWide
        self.repeatHeaderRows = repeatHeaderRows
        self.margins = margins
        self.header = header
        self.footer = footer
    }
}
