/// The parts of `workbook.xml` the reader needs: sheet names with relationship ids, and the date system.
struct WorkbookPart {
    /// `(name, relationship id)` of each `<sheet>`, in workbook order.
    var sheets: [(name: String, relationshipID: String)] = []
    /// True when `<workbookPr date1904="1"/>`.
    var date1904 = false

    /// Parses the workbook part.
    init(_ bytes: [UInt8], limits: XLSXLimits = .default) throws(ScanFailure) {
        var sheets: [(name: String, relationshipID: String)] = []
        var date1904 = false
        try SmallPartReader.forEachTag(bytes, limits: limits) { (x, t, attrs) in
            if x.isNamed(t, "sheet") {
                let rid = attrs["prefixed:id"] ?? attrs["id"] ?? ""
                sheets.append((attrs["name"] ?? "", rid))
            } else if x.isNamed(t, "workbookPr") {
                let v = (attrs["date1904"] ?? "").lowercased()
                date1904 = v == "1" || v == "true"
            }
        }
        self.sheets = sheets
        self.date1904 = date1904
    }
}
