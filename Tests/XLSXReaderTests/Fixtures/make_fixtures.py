# Generates the XLSX test fixtures in this folder.
# Command: cd Tests/XLSXReaderTests/Fixtures && /tmp/refvenv/bin/python make_fixtures.py
import io
import struct
import zipfile
import zlib

import xlsxwriter

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"


def writer_fixture():
    """xlsxwriter: shared strings, numbers, dates, booleans, errors, formula results, two sheets."""
    wb = xlsxwriter.Workbook("writer.xlsx")
    ws = wb.add_worksheet("Sales")
    date_fmt = wb.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    ws.write_row(0, 0, ["Invoice", "Amount", "When", "Flag", "Err", "Formula"])
    ws.write_string(1, 0, "A-1")
    ws.write_number(1, 1, 42)
    import datetime
    ws.write_datetime(1, 2, datetime.datetime(2010, 12, 1, 8, 26), date_fmt)
    ws.write_boolean(1, 3, True)
    ws.write_formula(1, 4, "=1/0", None, "#DIV/0!")
    ws.write_formula(1, 5, '="ab"&"cd"', None, "abcd")
    ws.write_string(2, 0, "A-2")
    ws.write_number(2, 1, -3.25)
    ws.write_number(2, 2, 1.5e-7)
    ws.write_boolean(2, 3, False)
    ws.write_number(2, 4, 12345678901234567890)
    ws.write_formula(2, 5, "=B3*2", None, -6.5)
    ws2 = wb.add_worksheet("Returns")
    ws2.write_row(0, 0, ["Customer ID", "Price"])
    ws2.write_row(1, 0, [17850, 2.55])
    wb.close()


def package(name, parts, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(name, "w", compress) as z:
        for path, data in parts:
            z.writestr(path, data)


def content_types(sheets=1):
    over = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, sheets + 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{CT}">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'{over}</Types>')


def root_rels(target="xl/workbook.xml"):
    return (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
            f'<Relationship Id="rId1" Type="{REL}/officeDocument" Target="{target}"/></Relationships>')


def handwritten_fixture():
    """Hand-written XML: x: prefixes, absolute targets, rich text, inline strings, sparse cells, entities."""
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><x:sst xmlns:x="{MAIN}" count="4" uniqueCount="4">'
           '<x:si><x:t>plain</x:t></x:si>'
           '<x:si><x:r><x:rPr><x:b/></x:rPr><x:t>ri</x:t></x:r><x:r><x:t xml:space="preserve">ch </x:t></x:r>'
           '<x:rPh sb="0" eb="1"><x:t>PHONETIC</x:t></x:rPh></x:si>'
           '<x:si><x:t>Tom &amp; Jerry &lt;3 &#233;&#x4E2D; &quot;q&quot; &apos;a&apos;</x:t></x:si>'
           '<x:si><x:t>line_x000D_break</x:t></x:si>'
           '<x:si/>'
           '</x:sst>')
    sheet = (f'<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="{MAIN}" xmlns:r="{REL}">'
             '<x:dimension ref="A1:E6"/><x:sheetData>'
             '<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="B1" t="s"><x:v>1</x:v></x:c>'
             '<x:c r="C1" t="s"><x:v>2</x:v></x:c><x:c r="D1" t="s"><x:v>3</x:v></x:c></x:row>'
             # inline strings (plain and rich), sparse: A2, C2, E2
             '<x:row r="2"><x:c r="A2" t="inlineStr"><x:is><x:t>inline</x:t></x:is></x:c>'
             '<x:c r="C2" t="inlineStr"><x:is><x:r><x:t>in</x:t></x:r><x:r><x:rPr><x:i/></x:rPr><x:t>line rich</x:t></x:r></x:is></x:c>'
             '<x:c r="E2"><x:v>1E3</x:v></x:c></x:row>'
             # row without r (becomes 3), cells without r, self-closing styled cell
             '<x:row><x:c><x:v>1</x:v></x:c><x:c s="2"/><x:c><x:v>-0.5</x:v></x:c></x:row>'
             '<x:row r="5"/>'
             # formula string, date text, bool, error, CDATA number, comment
             '<x:row r="6"><x:c r="A6" t="str"><x:f>CONCAT("a","b")</x:f><x:v>a&amp;b</x:v></x:c>'
             '<x:c r="B6" t="d"><x:v>2011-12-09T12:50:00</x:v></x:c><x:c r="C6" t="b"><x:v>0</x:v></x:c>'
             '<x:c r="D6" t="e"><x:v>#N/A</x:v></x:c><x:c r="E6"><!-- c --><x:v><![CDATA[7.25]]></x:v></x:c></x:row>'
             '</x:sheetData></x:worksheet>')
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><x:workbook xmlns:x="{MAIN}" xmlns:r="{REL}">'
                '<x:workbookPr date1904="1"/><x:sheets><x:sheet name="Data &amp; more" sheetId="1" r:id="rId7"/>'
                '</x:sheets></x:workbook>')
    wb_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
               f'<Relationship Id="rId7" Type="{REL}/worksheet" Target="/custom/data/first%20sheet.xml"/>'
               f'<Relationship Id="rId8" Type="{REL}/sharedStrings" Target="../custom/strings.xml"/>'
               '</Relationships>')
    package("handwritten.xlsx", [
        ("[Content_Types].xml", content_types(0)),
        ("_rels/.rels", root_rels("/book/main.xml")),
        ("book/main.xml", workbook),
        ("book/_rels/main.xml.rels", wb_rels),
        ("custom/data/first sheet.xml", sheet),
        ("custom/strings.xml", sst),
    ])


def simple_package(name, sheet_xml, extra_rels="", extra_parts=(), workbook_sheets=None, compress=zipfile.ZIP_DEFLATED):
    sheets = workbook_sheets if workbook_sheets is not None else '<sheet name="S" sheetId="1" r:id="rId1"/>'
    workbook = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">'
                f'<sheets>{sheets}</sheets></workbook>')
    wb_rels = (f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{PKG}">'
               f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>{extra_rels}'
               '</Relationships>')
    parts = [("[Content_Types].xml", content_types()), ("_rels/.rels", root_rels()),
             ("xl/workbook.xml", workbook), ("xl/_rels/workbook.xml.rels", wb_rels)]
    if sheet_xml is not None:
        parts.append(("xl/worksheets/sheet1.xml", sheet_xml))
    parts.extend(extra_parts)
    package(name, parts, compress)


def patch_uncompressed_size(name, part, new_size):
    """Rewrites the uncompressed size of `part` in the local header and the central directory."""
    data = bytearray(open(name, "rb").read())
    encoded = part.encode()
    i = 0
    while True:
        i = data.find(b"PK\x01\x02", i)
        if i < 0:
            break
        n = struct.unpack_from("<H", data, i + 28)[0]
        if data[i + 46:i + 46 + n] == encoded:
            struct.pack_into("<I", data, i + 24, new_size)
            off = struct.unpack_from("<I", data, i + 42)[0]
            struct.pack_into("<I", data, off + 22, new_size)
        i += 4
    open(name, "wb").write(data)


def error_fixtures():
    open("not_a_zip.xlsx", "w").write("InvoiceNo,Quantity\n1,2\n")
    full = open("writer.xlsx", "rb").read()
    open("truncated.xlsx", "wb").write(full[: len(full) // 2])
    package("no_workbook.xlsx", [("hello.txt", "not a workbook")])
    simple_package("no_worksheet.xlsx", None, workbook_sheets="")
    sheet = (f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
             '<row r="2"><c r="A2"><v>2</v></row></sheetData></worksheet>')
    simple_package("malformed.xlsx", sheet)
    simple_package("missing_sheet_part.xlsx", None)
    # Zip bomb, honest: the central directory declares 600 MB (refused before inflating).
    big = f'<worksheet xmlns="{MAIN}"><sheetData>' + " " * (2 << 20) + '</sheetData></worksheet>'
    simple_package("declared_huge.xlsx", big)
    patch_uncompressed_size("declared_huge.xlsx", "xl/worksheets/sheet1.xml", 600_000_000)
    # Zip bomb, lying: declares 1,000 bytes but inflates to 2 MB.
    simple_package("lying_size.xlsx", big)
    patch_uncompressed_size("lying_size.xlsx", "xl/worksheets/sheet1.xml", 1000)
    # Truncated sheet XML (ends inside sheetData).
    simple_package("truncated_xml.xlsx", f'<worksheet xmlns="{MAIN}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r=')
    # Stored (uncompressed) entries and a chartsheet that must be skipped.
    simple_package("stored.xlsx", f'<worksheet xmlns="{MAIN}"><sheetData><row><c t="inlineStr"><is><t>ok</t></is></c></row></sheetData></worksheet>',
                   extra_rels=f'<Relationship Id="rId2" Type="{REL}/chartsheet" Target="chartsheets/sheet1.xml"/>',
                   workbook_sheets='<sheet name="Chart" sheetId="2" r:id="rId2"/><sheet name="S" sheetId="1" r:id="rId1"/>',
                   compress=zipfile.ZIP_STORED)


def raw_zip(name, entries):
    """Writes a zip by hand: entries are (path, raw deflate bytes, declared uncompressed size, CRC-32 of the
    uncompressed data)."""
    out = bytearray()
    central = bytearray()
    for path, data, usize, crc in entries:
        n = path.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), usize, len(n), 0) + n + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(data), usize,
                               len(n), 0, 0, 0, 0, 0, offset) + n
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_offset, 0)
    open(name, "wb").write(out)


def deflate(text):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(text.encode()) + c.flush()


def entry(path, text):
    """A well-formed raw_zip entry: deflated text, its size and CRC-32 (the reader checks both)."""
    return (path, deflate(text), len(text.encode()), zlib.crc32(text.encode()))


def cut_deflate_fixture():
    """A worksheet whose deflate stream is cut short (its compressed size says so): must not hang."""
    rows = "".join(f'<row r="{i}"><c r="A{i}"><v>{i * 7919 % 10007}</v></c></row>' for i in range(1, 20000))
    sheet = f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'
    workbook = (f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
                '</sheets></workbook>')
    wb_rels = (f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/worksheet" '
               'Target="worksheets/sheet1.xml"/></Relationships>')
    full = deflate(sheet)
    raw_zip("cut_deflate.xlsx", [
        entry("_rels/.rels", root_rels()), entry("xl/workbook.xml", workbook),
        entry("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/worksheets/sheet1.xml", full[: len(full) // 2], len(sheet), zlib.crc32(sheet.encode())),
    ])
    # A deflate stream that is garbage from the start.
    raw_zip("corrupt_deflate.xlsx", [
        entry("_rels/.rels", root_rels()), entry("xl/workbook.xml", workbook),
        entry("xl/_rels/workbook.xml.rels", wb_rels),
        ("xl/worksheets/sheet1.xml", bytes([0xFF] * 64), 1000, 0),
    ])


def long_rows_fixture():
    """Rows of every length cut at every place by the reader's 256 KB chunks: inline strings, a CDATA section
    holding "</row>", entities, empty rows and rows longer than a chunk (ReaderTests.longRows mirrors the rule)."""
    rows = []
    for r in range(1, 6001):
        if r % 500 == 0:
            rows.append(f'<row r="{r}"/>')
            continue
        cells = f'<c r="A{r}"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>{("r%d-" % r) * (r * 37 % 61)}</t></is></c>'
        if r % 13 == 0:
            cells += f'<c r="C{r}" t="inlineStr"><is><t><![CDATA[x</row>y&]]></t></is></c>'
        elif r % 7 == 0:
            cells += f'<c r="C{r}" t="str"><v>a&amp;b</v></c>'
        if r % 1000 == 1:
            cells += f'<c r="D{r}" t="inlineStr"><is><t>{"z" * 300000}</t></is></c>'
        rows.append(f'<row r="{r}">{cells}</row>')
    sheet = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData></worksheet>'
    simple_package("long_rows.xlsx", sheet)


if __name__ == "__main__":
    long_rows_fixture()
    cut_deflate_fixture()
    writer_fixture()
    handwritten_fixture()
    error_fixtures()
