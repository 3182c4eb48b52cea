/// Python programs the tests run against written files.
enum Scripts {
    /// Each cell's resolved style (number format, font, fill, border, alignment) by sheet part and
    /// cell reference, from styles.xml: style indices may differ between files that look the same.
    static let resolvedStyles = #"""
        import sys, zipfile, json, re, xml.etree.ElementTree as ET
        z = zipfile.ZipFile(sys.argv[1]); m = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
        st = ET.fromstring(z.read('xl/styles.xml'))
        fmts = {n.get('numFmtId'): n.get('formatCode') for n in st.iter(m + 'numFmt')}
        def group(tag): return [ET.tostring(e) for e in st.find(m + tag)] if st.find(m + tag) is not None else []
        fonts, fills, borders = group('fonts'), group('fills'), group('borders')
        xfs = []
        for xf in st.find(m + 'cellXfs'):
            al = xf.find(m + 'alignment')
            xfs.append([fmts.get(xf.get('numFmtId'), xf.get('numFmtId')), fonts[int(xf.get('fontId', 0))].decode(),
                        fills[int(xf.get('fillId', 0))].decode(), borders[int(xf.get('borderId', 0))].decode(),
                        sorted(al.attrib.items()) if al is not None else []])
        out = {}
        for n in sorted(z.namelist()):
            if n.startswith('xl/worksheets/sheet'):
                cells = re.findall(r'<c r="([A-Z]+[0-9]+)"(?: s="([0-9]+)")?', z.read(n).decode())
                out[n] = {r: xfs[int(s or 0)] for r, s in cells}
        print(json.dumps(out))
        """#

    /// Checks the OOXML package with the standard library only: parts, relationships, XML, CRCs.
    static let package = #"""
        import sys, zipfile, json, posixpath, re, xml.etree.ElementTree as ET
        z = zipfile.ZipFile(sys.argv[1]); names = set(z.namelist())
        missing, malformed = [], []
        for n in sorted(names):
            if n.endswith('.xml') or n.endswith('.rels'):
                try: ET.fromstring(z.read(n))
                except Exception as e: malformed.append(n + ': ' + str(e))
        for n in sorted(names):
            if not n.endswith('.rels'): continue
            base = posixpath.dirname(posixpath.dirname(n))
            for rel in ET.fromstring(z.read(n)):
                if rel.get('TargetMode') == 'External': continue
                t = rel.get('Target')
                p = t.lstrip('/') if t.startswith('/') else posixpath.normpath(posixpath.join(base, t))
                if p not in names: missing.append(n + ' -> ' + t)
        ct = ET.fromstring(z.read('[Content_Types].xml'))
        overrides = [o.get('PartName').lstrip('/') for o in ct if o.tag.endswith('Override')]
        m = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
        sheets = [s.get('name') for s in ET.fromstring(z.read('xl/workbook.xml')).find(m + 'sheets')]
        refs = {}
        for n in sorted(names):
            if n.startswith('xl/charts/chart'):
                refs[n] = re.findall(r'<c:f>([^<]*)</c:f>', z.read(n).decode())
        print(json.dumps({'names': sorted(names), 'missing': missing, 'malformed': malformed, 'crc': z.testzip(),
                          'sheets': sheets, 'overridesMissing': [o for o in overrides if o not in names], 'chartRefs': refs}))
        """#

    /// Dumps every cell with openpyxl: type, value, number format, bold, fill; plus sheet features.
    static let cells = #"""
        import sys, json, datetime, openpyxl
        wb = openpyxl.load_workbook(sys.argv[1])
        out = {}
        for ws in wb:
            cells = {}
            for row in ws.iter_rows():
                for c in row:
                    if c.value is None and not (c.fill and c.fill.fill_type): continue
                    v = c.value
                    if isinstance(v, (datetime.datetime, datetime.date)): v = v.date().isoformat() if isinstance(v, datetime.datetime) else v.isoformat()
                    cells[c.coordinate] = {'t': c.data_type, 'v': v, 'f': c.number_format, 'b': bool(c.font.b),
                                           'fill': c.fill.fgColor.rgb if c.fill and c.fill.fill_type == 'solid' else None,
                                           'wrap': bool(c.alignment.wrap_text)}
            out[ws.title] = {'cells': cells, 'freeze': ws.freeze_panes, 'tables': {k: (v if isinstance(v, str) else v.ref) for k, v in ws.tables.items()},
                             'autofilter': ws.auto_filter.ref,
                             'scales': [str(r.sqref) for r in ws.conditional_formatting if any(x.type == 'colorScale' for x in r.rules)],
                             'widths': {k: d.width for k, d in ws.column_dimensions.items()}}
        print(json.dumps(out, default=str))
        """#
}
