import Foundation
import RFMCore

/// The `.rfm-report` file that marks a folder as an rfm report: its first line says so, the following lines name
/// the top-level entries the report wrote, so a later run replaces the folder only when nothing else was added.
enum ReportMarker {
    static let firstLine = "rfm report"
    /// Larger than any listing rfm writes; a bigger "marker" is not ours.
    static let largestSize = 1 << 20

    static func text(listing entries: [String]) -> Data {
        Data(([firstLine] + entries).joined(separator: "\n").appending("\n").utf8)
    }

    /// The entries a report in `folder` wrote: nil when the folder holds no valid marker (not a report), `.some(nil)`
    /// when the marker comes from an rfm that listed nothing. The marker must be a regular file; it is opened without
    /// following links and without blocking, so a FIFO or a device named `.rfm-report` is simply not a marker.
    static func read(in folder: URL) -> Set<String>?? {
        let path = folder.appendingPathComponent(ReportFolder.markerName).path
        // Not a link (to some other report's marker); then read as any small input: regular, non-blocking, bounded.
        var st = stat()
        guard lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG,
            let bytes = try? BoundedFileReader.read(path: path, limit: largestSize),
            let text = String(validating: bytes, as: UTF8.self)
        else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        guard lines.first == firstLine else { return nil }
        if lines.count == 1 { return .some(nil) }
        return .some(Set(lines.dropFirst()))
    }
}
