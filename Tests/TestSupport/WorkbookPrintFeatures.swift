import Foundation

/// What a workbook says about printing and Excel's error checks, read from its XML with the system Python's
/// `zipfile` (no third-party module): per sheet the page setup, print titles, ignored errors, frozen pane and
/// merged cells; per chart the colours of its series and data points.
public struct WorkbookPrintFeatures: Sendable {
    public struct Sheet: Sendable {
        /// Attributes of `<pageSetup>` (orientation, fitToWidth, fitToHeight ...).
        public var pageSetup: [String: String]
        /// `fitToPage` of `<sheetPr><pageSetUpPr>`: "1" when the fit-to-pages numbers apply.
        public var fitToPage: String?
        /// The `_xlnm.Print_Titles` defined name of the sheet ("Customers!$1:$1"), if any.
        public var printTitles: String?
        /// `sqref` of `<ignoredError numberStoredAsText="1">`, split at spaces.
        public var numbersAsText: [String]
        /// `ySplit` of a frozen `<pane>`, if any.
        public var frozenRows: Int?
        /// `ref` of each `<mergeCell>`.
        public var mergedCells: [String]
        /// Attributes of `<pageMargins>`.
        public var margins: [String: String]
    }

    public struct Chart: Sendable {
        /// Per series: the series colour (`<c:spPr>` of the series), if any.
        public var seriesColours: [String?]
        /// Per series: the `<c:dPt>` fill colours in point order.
        public var pointColours: [[String]]
        /// Sheet name of the series' values, per series.
        public var valueSheets: [String]
    }

    public var sheetNames: [String]
    public var sheets: [String: Sheet]
    /// Chart parts ("xl/charts/chart1.xml") by part name.
    public var charts: [String: Chart]

    static let script = #"""
        import sys, zipfile, json, re, posixpath, xml.etree.ElementTree as ET
        z = zipfile.ZipFile(sys.argv[1])
        m = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
        r = '{http://schemas.openxmlformats.org/officeDocument/2006/relationships}'
        c = '{http://schemas.openxmlformats.org/drawingml/2006/chart}'
        a = '{http://schemas.openxmlformats.org/drawingml/2006/main}'
        wb = ET.fromstring(z.read('xl/workbook.xml'))
        rels = {x.get('Id'): x.get('Target') for x in ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))}
        names = [s.get('name') for s in wb.find(m + 'sheets')]
        titles = {}
        dn = wb.find(m + 'definedNames')
        for d in (dn if dn is not None else []):
            if d.get('name') == '_xlnm.Print_Titles': titles[int(d.get('localSheetId'))] = d.text
        sheets = {}
        for i, s in enumerate(wb.find(m + 'sheets')):
            x = ET.fromstring(z.read(posixpath.join('xl', rels[s.get(r + 'id')])))
            ps = x.find(m + 'pageSetup'); pr = x.find(m + 'sheetPr/' + m + 'pageSetUpPr')
            ign = [e for e in x.iter(m + 'ignoredError') if e.get('numberStoredAsText') == '1']
            pane = x.find(m + 'sheetViews/' + m + 'sheetView/' + m + 'pane')
            mg = x.find(m + 'pageMargins')
            sheets[s.get('name')] = {
                'pageSetup': dict(ps.attrib) if ps is not None else {},
                'fitToPage': pr.get('fitToPage') if pr is not None else None,
                'printTitles': titles.get(i),
                'numbersAsText': ign[0].get('sqref').split() if ign else [],
                'frozenRows': int(float(pane.get('ySplit'))) if pane is not None and pane.get('state') == 'frozen' and pane.get('ySplit') else None,
                'mergedCells': [e.get('ref') for e in x.iter(m + 'mergeCell')],
                'margins': dict(mg.attrib) if mg is not None else {}}
        charts = {}
        for n in sorted(z.namelist()):
            if not re.match(r'xl/charts/chart[0-9]+\.xml$', n): continue
            x = ET.fromstring(z.read(n)); sc, pc, vs = [], [], []
            for ser in x.iter(c + 'ser'):
                sp = ser.find(c + 'spPr')
                clr = sp.find('.//' + a + 'srgbClr') if sp is not None else None
                sc.append(clr.get('val') if clr is not None else None)
                pc.append([p.find('.//' + a + 'srgbClr').get('val') for p in ser.findall(c + 'dPt')])
                f = ser.find(c + 'val/' + c + 'numRef/' + c + 'f')
                vs.append(f.text.rsplit('!', 1)[0].strip("'") if f is not None else '')
            charts[n] = {'seriesColours': sc, 'pointColours': pc, 'valueSheets': vs}
        print(json.dumps({'sheetNames': names, 'sheets': sheets, 'charts': charts}))
        """#

    /// Reads the workbook at `path` with `python` (the system Python: `Prerequisites.python3`).
    public init(path: String, python: String = Prerequisites.python3) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", Self.script, path]
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0,
            let json = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let names = json["sheetNames"] as? [String], let sheets = json["sheets"] as? [String: [String: Any]],
            let charts = json["charts"] as? [String: [String: Any]]
        else { throw ReadFailure(message: "reading \(path): \(errors)") }
        sheetNames = names
        self.sheets = sheets.mapValues { s in
            Sheet(
                pageSetup: s["pageSetup"] as? [String: String] ?? [:], fitToPage: s["fitToPage"] as? String,
                printTitles: s["printTitles"] as? String, numbersAsText: s["numbersAsText"] as? [String] ?? [],
                frozenRows: s["frozenRows"] as? Int, mergedCells: s["mergedCells"] as? [String] ?? [],
                margins: s["margins"] as? [String: String] ?? [:])
        }
        self.charts = charts.mapValues { c in
            Chart(
                seriesColours: (c["seriesColours"] as? [Any] ?? []).map { $0 as? String },
                pointColours: c["pointColours"] as? [[String]] ?? [], valueSheets: c["valueSheets"] as? [String] ?? [])
        }
    }

    public struct ReadFailure: Error, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }
}
