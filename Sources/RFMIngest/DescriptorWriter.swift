import Foundation

/// Writes all of a buffer to a file descriptor with `write(2)`, retrying after a signal: what the parse cache, the
/// report's atomic files and the standard streams share. Errors are returned, never raised or trapped (a closed
/// pipe gives `EPIPE` with SIGPIPE ignored).
public enum DescriptorWriter {
    /// nil when every byte was written, else the `errno` of the failure (`ENOSPC` for a write of 0 bytes).
    public static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32? {
        var done = 0
        while done < bytes.count {
            let n = Foundation.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { return n < 0 ? errno : ENOSPC }
            done += n
        }
        return nil
    }
}
