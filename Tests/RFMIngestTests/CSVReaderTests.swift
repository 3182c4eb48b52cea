import Foundation
import RFMCore
import RFMIngest
import TestSupport
import Testing

/// Writes `bytes` to a fresh temporary file and returns its path.
func temporaryFile(_ bytes: [UInt8], name: String = "input.csv") -> String {
    let dir = ScratchSpace.folder("ingest")
    let url = dir.appendingPathComponent(name)
    try! Data(bytes).write(to: url)
    return url.path
}

func temporaryFile(_ text: String, name: String = "input.csv") -> String { temporaryFile(Array(text.utf8), name: name) }

func fixture(_ name: String) -> String {
    Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)!.path
}

let header = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country"

@Suite struct CSVReaderTests {
    func load(_ text: String, strict: Bool = false) throws -> TransactionTable {
        try TransactionLoader(strict: strict).load(paths: [temporaryFile(text)])
    }

    @Test func quotedFieldsWithCommasQuotesAndLineBreaks() throws {
        let t = try load(
            #"""
            \#(header)
            1,A,"COMMA, INSIDE",1,2011-01-01 10:00,1.5,1,UK
            2,B,"QUOTE ""INSIDE""",2,2011-01-02 10:00,2.5,2,UK
            3,C,"LINE
            BREAK",3,2011-01-03 10:00,3.5,3,"United, Kingdom"
            4,D,12" RULER,4,2011-01-04 10:00,4.5,4,UK

            """#)
        #expect(t.cleaning.rowsRead == 4)
        #expect(t.cleaning.count(.malformed) == 0)
        #expect(t.preview.map(\.description) == ["COMMA, INSIDE", "QUOTE \"INSIDE\"", "LINE\nBREAK", "12\" RULER"])
        #expect(t.preview[2].country == "United, Kingdom")
        #expect(t.preview[3].source.line == 6)
        #expect(t.amount == [1.5, 5, 10.5, 18])
    }

    @Test func crlfLineEndsAndABOM() throws {
        let text = "\u{FEFF}\(header)\r\n1,A,X,1,2011-01-01 10:00,1.5,1,UK\r\n2,B,Y,2,2011-01-02 10:00,2.5,2,UK\r\n"
        let t = try load(text)
        #expect(t.cleaning.rowsRead == 2)
        #expect(t.preview.map(\.country) == ["UK", "UK"])
        #expect(t.inputs[0].columnsDetected["invoice"] == "InvoiceNo")
    }

    @Test func latin1FallbackForInvalidUTF8() throws {
        var bytes = Array("\(header)\n1,A,".utf8)
        bytes += [0x50, 0x4F, 0x55, 0x4E, 0x44, 0x20, 0xA3]  // "POUND £" in Latin-1
        bytes += Array(",1,2011-01-01 10:00,1.5,1,Espa".utf8) + [0xF1] + Array("a\n".utf8)
        let t = try TransactionLoader().load(paths: [temporaryFile(bytes)])
        #expect(t.preview[0].description == "POUND £")
        #expect(t.preview[0].country == "España")
        #expect(t.countries.string(0) == "España")
        #expect(t.latin1Values == Latin1Values(customerIDs: 0, countries: 1))
    }

    @Test func semicolonAndTabSeparatedFilesAreDetected() throws {
        let semi = header.replacingOccurrences(of: ",", with: ";") + "\n1;A;X, Y;1;2011-01-01 10:00;1.5;1;UK\n"
        #expect(try load(semi).preview[0].description == "X, Y")
        let tab = header.replacingOccurrences(of: ",", with: "\t") + "\n1\tA\tX\t1\t2011-01-01 10:00\t1.5\t1\tUK\n"
        #expect(try load(tab).inputs[0].delimiter == "tab")
    }

    @Test func otherHeaderSpellingsAndDateForms() throws {
        let t = try load(
            """
            invoice,stock_code,description,QUANTITY,Invoice Date,price,Customer ID,country
            1,A,X,2,2011-01-01T10:00:00,1.5,17850.0,UK
            2,A,X,2,1/2/2011 10:00,1.5,17850,UK
            3,A,X,2,40545.5,1.5, 17850 ,UK
            """)
        #expect(t.cleaning.rowsAfter == 3)
        #expect(t.customers.count == 1)
        let rfm = try RFMCalculator.compute(t, snapshot: .dayAfterLastInvoice)
        #expect(rfm.customers.map(\.frequency) == [3])
        #expect(rfm.snapshot.description == "2011-01-03")
    }

    // A quote left open on the last line hides no other record: one malformed row. (One that swallows the lines
    // after it is an error in every mode: HostileIngestTests.)
    @Test func wrongFieldCountAndUnterminatedQuoteAreMalformed() throws {
        let t = try load(
            """
            \(header)
            1,A,X,1,2011-01-01 10:00,1.5,1
            2,A,X,1,2011-01-01 10:00,1.5,1,UK
            4,A,X,1,2011-01-01 10:00,1.5,1,UK
            3,A,"never closed,1,2011-01-01 10:00,1.5,1,UK

            """)
        #expect(t.cleaning.count(.malformed) == 2)
        #expect(t.cleaning.malformedExamples.map { $0.location.line } == [2, 5])
        #expect(t.cleaning.malformedExamples[0].expected == "8 fields as in the header")
        #expect(t.cleaning.rowsAfter == 2)
    }

    @Test func gzipInputIncludingConcatenatedMembers() throws {
        let one = try TransactionLoader().load(paths: [fixture("two_rows.csv.gz")])
        #expect(one.cleaning.rowsAfter == 2)
        #expect(one.preview[0].description == "HEART, WHITE")
        #expect(one.inputs[0].format == "csv.gz")
        let two = try TransactionLoader().load(paths: [fixture("two_members.csv.gz")])
        #expect(two.amount == one.amount)
    }

    @Test func errorsNameTheFileAndWhatWasExpected() {
        func message(_ path: String) -> String {
            do {
                _ = try TransactionLoader().load(paths: [path])
                return "no error"
            } catch {
                return String(describing: error)
            }
        }
        #expect(message(temporaryFile("")).contains("the file is empty"))
        #expect(message(temporaryFile(header + "\n")).contains("header and no transactions"))
        #expect(
            message(temporaryFile("InvoiceNo,Quantity,InvoiceDate,UnitPrice\n1,1,2011-01-01,1\n")).contains(
                "no customer column"))
        #expect(message(temporaryFile([0x00, 0x01, 0x02, 0x03, 0x41])).contains("binary file"))
        #expect(message("/nonexistent/file.csv").contains("/nonexistent/file.csv: cannot read the file: no such file"))
        #expect(message(fixture("truncated.csv.gz")).contains("truncated"))
        #expect(message(temporaryFile([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1], name: "old.xls")).contains(".xls"))
    }

    @Test func severalFilesAreReadInOrderAndDuplicatesAcrossThemRemoved() throws {
        let a = temporaryFile("\(header)\n1,A,X,1,2011-01-01 10:00,1.5,1,UK\n")
        let b = temporaryFile("\(header)\n1,A,X,1,2011-01-01 10:00,1.5,1,UK\n2,A,X,1,2011-01-02 10:00,1.5,1,UK\n")
        let t = try TransactionLoader().load(paths: [a, b])
        #expect(t.inputs.count == 2)
        #expect(t.cleaning.count(.duplicateRows) == 1)
        #expect(t.cleaning.rowsAfter == 2)
    }

    // 16 MB inside one quoted field (four 4 MiB chunks), with doubled quotes and 100 line breaks: accepted since a
    // record of 320 KB came before it (the quoted-field limit is 64 times the longest record; 100 line breaks at most).
    @Test func aLargeQuotedFieldAcrossChunkBoundaries() throws {
        let line = String(repeating: "x,\"y\"", count: 20_000)
        let big = Array(repeating: line, count: 101).joined(separator: "\n")
        let long = String(repeating: "z", count: 320_000)
        let text =
            "\(header)\n0,A,\(long),1,2011-01-01 10:00,1.5,1,UK\n"
            + "1,A,\"\(big.replacingOccurrences(of: "\"", with: "\"\""))\",1,2011-01-01 10:00,1.5,2,UK\n"
        let t = try load(text)
        #expect(t.cleaning.rowsAfter == 2)
        #expect(t.preview[1].description == big)
    }

    @Test("records too large for one batch go over in several, in order")
    func recordsLargerThanABatch() throws {
        // Five records of 5 MiB: a batch is handed over once it holds 16 MiB.
        let rows = (0..<5).map { k in
            "\(k),A,\(String(repeating: Character(UnicodeScalar(UInt8(97 + k))), count: 5 << 20)),1,2011-01-01 10:00,1.5,\(k),UK"
        }
        let t = try load("\(header)\n" + rows.joined(separator: "\n") + "\n")
        #expect(t.cleaning.rowsRead == 5 && t.cleaning.rowsAfter == 5)
        #expect(t.preview.map(\.description.first) == ["a", "b", "c", "d", "e"])
        #expect(t.preview.map(\.description.count) == Array(repeating: 5 << 20, count: 5))
        #expect(t.preview.map(\.source.line) == [2, 3, 4, 5, 6])
    }
}
