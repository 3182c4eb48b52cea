/// The report could not be written (exit status 3). An earlier report in the target folder is left intact.
public enum OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case notAReportFolder(path: String, why: String)
    case writeFailed(path: String, reason: String)
    case cannotReplace(path: String, reason: String)
    /// A signal (SIGINT, SIGTERM, SIGHUP) stopped the run; the CLI exits with 130.
    case interrupted(path: String)

    public var description: String {
        switch self {
        case .cannotCreate(let path, let reason): return "\(path): cannot create the output folder: \(reason)"
        case .notAReportFolder(let path, let why):
            return "\(path): not replaced: \(why); "
                + "choose an empty or new folder with --out (rfm replaces the whole folder)"
        case .writeFailed(let path, let reason): return "\(path): cannot write: \(reason)"
        case .cannotReplace(let path, let reason): return "\(path): cannot move the new report into place: \(reason)"
        case .interrupted(let path): return "\(path): interrupted; no report was written"
        }
    }
}
