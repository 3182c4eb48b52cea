import Foundation
import RFMCore

/// Builds RFC 4180 CSV as UTF-8 bytes (LF line ends, fields quoted only when needed), a row at a time
/// either from an array of strings or field by field (`field`, then `endRow`); the field-by-field
/// calls write numbers and dates without making a `String` for each (customers.csv has a million rows
/// at 10 million transactions).
///
/// A CSV meant for spreadsheets (`forSpreadsheets`) starts with a UTF-8 byte order mark, so Excel reads it as
/// UTF-8, and neutralises text fields that a spreadsheet would run as a formula (CSV injection, as OWASP
/// describes it): one starting with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`. Numbers
/// written with the number calls are never changed (a negative number stays a number).
struct CSVText {
    private(set) var bytes: [UInt8] = []
    private var fieldsInRow = 0
    let forSpreadsheets: Bool

    init(forSpreadsheets: Bool = false, header: [String]) {
        self.forSpreadsheets = forSpreadsheets
        bytes.reserveCapacity(1 << 16)
        if forSpreadsheets { bytes.append(contentsOf: [0xEF, 0xBB, 0xBF]) }
        append(header)
    }

    /// Whether a spreadsheet would take a text field starting with this byte as a formula.
    static func startsFormula(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "=") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "@")
            || byte == 0x09 || byte == 0x0D
    }

    /// The CSV as a string.
    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// The CSV as data, for writing.
    var data: Data { Data(bytes) }

    /// One whole row.
    mutating func append(_ fields: [String]) {
        for f in fields { field(f) }
        endRow()
    }

    /// A text field, quoted when it holds a comma, a quote or a line break (quotes doubled).
    mutating func field(_ text: String) {
        separator()
        // Bytes, not Characters: grapheme breaking made this test most of the time of writing customers.csv.
        let utf8 = text.utf8
        let neutralise = forSpreadsheets && utf8.first.map(Self.startsFormula) == true
        if neutralise
            || utf8.contains(where: {
                $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n")
                    || $0 == UInt8(ascii: "\r")
            })
        {
            bytes.append(UInt8(ascii: "\""))
            if neutralise { bytes.append(UInt8(ascii: "'")) }
            for byte in utf8 {
                if byte == UInt8(ascii: "\"") { bytes.append(byte) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        } else {
            bytes.append(contentsOf: utf8)
        }
    }

    /// A field that is already a number in text form (`1234.50`, `434`, or empty): written as it is.
    mutating func field(number text: String) {
        separator()
        bytes.append(contentsOf: text.utf8)
    }

    /// An integer field (the same digits as `String(n)`).
    mutating func field(_ n: Int) {
        separator()
        DecimalBytes.append(n, to: &bytes)
    }

    /// A number field written as `String(x)` writes it (the shortest form that reads back as `x`).
    mutating func field(_ x: Double) {
        separator()
        bytes.append(contentsOf: x.description.utf8)
    }

    /// A date field as `YYYY-MM-DD` (`CivilDate.description`).
    mutating func field(date: CivilDate) {
        let c = date.components
        guard (0...9999).contains(c.year) else { return field(date.description) }
        separator()
        for (value, width) in [(c.year, 4), (c.month, 2), (c.day, 2)] {
            if width == 2 { bytes.append(UInt8(ascii: "-")) }
            var divisor = width == 4 ? 1000 : 10
            while divisor > 0 {
                bytes.append(UInt8(truncatingIfNeeded: value / divisor % 10) + 48)
                divisor /= 10
            }
        }
    }

    /// Ends the current row.
    mutating func endRow() {
        bytes.append(UInt8(ascii: "\n"))
        fieldsInRow = 0
    }

    private mutating func separator() {
        if fieldsInRow > 0 { bytes.append(UInt8(ascii: ",")) }
        fieldsInRow += 1
    }
}
