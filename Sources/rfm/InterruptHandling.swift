import Foundation
import RFMReport

/// On SIGINT or SIGTERM: remove the staging folder of the report being written and exit with 130, so an
/// earlier report stays intact and nothing half-written is left behind.
enum InterruptHandling {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for sig in [SIGINT, SIGTERM] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler {
                ReportFolderRegistry.shared.removeAll()
                FileHandle.standardError.write(Data("\nrfm: interrupted; no report was written\n".utf8))
                exit(130)
            }
            source.resume()
            sources.append(source)
        }
    }
}
