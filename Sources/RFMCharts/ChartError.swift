import CCairo

/// A Cairo drawing or output failure, with Cairo's own message.
public struct ChartError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let message: String
    public var description: String { "chart: \(operation) failed: \(message)" }
    /// Every Cairo status goes through here: success passes, anything else throws.
    public static func check(_ status: cairo_status_t, _ operation: String) throws(ChartError) {
        guard status == CAIRO_STATUS_SUCCESS else {
            throw ChartError(operation: operation, message: String(cString: cairo_status_to_string(status)))
        }
    }
    /// The Cairo library version, for the run log.
    public static var cairoVersion: String { String(cString: cairo_version_string()) }
}
