import CXLSXWriter
import Foundation

/// Parses "#RRGGBB" colours into libxlsxwriter's 0xRRGGBB.
enum HexColour {
    /// The colour, or a `WorkbookError` naming the bad text.
    static func parse(_ text: String, for use: String = "header colour") throws(WorkbookError) -> lxw_color_t {
        var digits = Substring(text.trimmingCharacters(in: .whitespaces))
        if digits.hasPrefix("#") { digits = digits.dropFirst() }
        guard digits.count == 6, let value = UInt32(digits, radix: 16) else {
            throw WorkbookError(operation: use, message: "'\(text)' is not #RRGGBB")
        }
        return value
    }
}
