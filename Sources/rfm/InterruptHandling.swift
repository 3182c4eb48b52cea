import Foundation
import RFMConcurrency
import RFMCore
import RFMDatabase
import RFMIngest
import RFMReport

/// Signals and the process's last words. On SIGINT, SIGTERM or SIGHUP the staging folder of the report being
/// written (and any other registered temporary file) is removed and the process exits with 130, so an earlier
/// report stays exactly as it was; when the new report had already replaced it, the run did its work and exits 0.
/// SIGPIPE is ignored: a closed standard output is a failed write, not a death after the report was replaced.
enum InterruptHandling {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    static func install() {
        signal(SIGPIPE, SIG_IGN)
        StandardStreams.reserve()
        for sig in signals {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { stop(signal: sig) }
            source.resume()
            sources.append(source)
        }
    }

    /// Cleans up and exits; safe to reach from the signal queue and from the main thread at once (one wins).
    static func stop(signal: Int32?) -> Never {
        // From here on the main thread's own exit (a cancelled statement's error) waits for this one.
        ProcessExit.claim()
        DatabaseCancellation.shared.cancelAll()  // the running statements stop on the server, not only here
        let replaced = ReportFolderRegistry.shared.removeAll()
        TemporaryFileRegistry.shared.removeAll()  // the parse cache's temporary file, a spooled workbook
        if replaced {
            ProcessExit.exit(ExitStatus.ok.rawValue, message: nil)
        }
        ProcessExit.exit(
            ExitStatus.interrupted.rawValue,
            message: "rfm: error: interrupted; no report was written (the earlier one is intact)")
    }
}

/// The one exit of the process: the first caller prints its message and exits; a second caller (the signal queue
/// racing the main thread) waits for it, so two `exit` calls never run at once and only one message is printed.
enum ProcessExit {

    private static let claimedBy = Locked<pthread_t?>(nil)

    static func exit(_ status: Int32, message: String?) -> Never {
        if !claim() {
            while true { pause() }
        }
        if let message { StandardStreams.writeError(message + "\n") }
        Foundation.exit(status)
    }

    /// Makes the calling thread the one that exits; true for it (again, when it claimed before), false for others.
    @discardableResult
    static func claim() -> Bool {
        let me = pthread_self()
        return claimedBy.withLock { owner in
            if let owner { return pthread_equal(owner, me) != 0 }
            owner = me
            return true
        }
    }
}

/// Writes to the standard streams that never trap or kill the process: errors (a closed pipe, a full disk) are
/// returned, not raised.
enum StandardStreams {
    /// If the process started with descriptor 0, 1 or 2 closed, opens /dev/null there, so that no file rfm opens
    /// later gets descriptor 1 and receives the summary meant for standard output.
    static func reserve() {
        for fd: Int32 in 0...2 where fcntl(fd, F_GETFD) == -1 {
            let null = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY)
            if null >= 0 && null != fd {
                dup2(null, fd)
                close(null)
            }
        }
    }

    @discardableResult
    static func write(_ text: String, to fd: Int32 = 1) -> Bool {
        Array(text.utf8).withUnsafeBytes { DescriptorWriter.writeAll(fd, $0) } == nil
    }

    static func writeError(_ text: String) { write(text, to: 2) }

    /// Lines of text with every non-printable character inside each line escaped (`TerminalText`).
    static func printable(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { TerminalText.escape(String($0)) }.joined(
            separator: "\n")
    }
}
