import CXLSXWriter

/// A libxlsxwriter failure, with the library's own message.
public struct WorkbookError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let message: String
    public var description: String { "workbook: \(operation) failed: \(message)" }
    /// Every `lxw_error` goes through here: `LXW_NO_ERROR` passes, anything else throws.
    public static func check(_ error: lxw_error, _ operation: String) throws(WorkbookError) {
        guard error == LXW_NO_ERROR else {
            throw WorkbookError(operation: operation, message: String(cString: lxw_strerror(error)))
        }
    }
    /// The libxlsxwriter version, for the run log.
    public static var libraryVersion: String { LXW_VERSION }
}
