import Foundation

/// Scratch folders for the tests: all under one folder per test process (`rfm-tests-PID` in the temporary
/// directory), removed when the process exits. Folders left by a test process that crashed are removed by the next
/// one. (Each helper once made its own folder and none removed it: a run of the suite left about 700 MB in /tmp.)
public enum ScratchSpace {
    /// A fresh empty folder named `prefix-UUID`.
    public static func folder(_ prefix: String) -> URL {
        let url = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// This process's folder, made (and its removal at exit registered) on first use.
    public static let root: URL = {
        removeAbandonedRoots()
        let url = rootURL(pid: getpid())
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: ScratchSpace.rootURL(pid: getpid())) }
        return url
    }()

    static func rootURL(pid: Int32) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("rfm-tests-\(pid)", isDirectory: true)
    }

    /// Removes the folders of test processes that no longer run.
    private static func removeAbandonedRoots() {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: fm.temporaryDirectory.path)) ?? []
        where name.hasPrefix("rfm-tests-") {
            guard let pid = Int32(name.dropFirst("rfm-tests-".count)), pid != getpid() else { continue }
            if kill(pid, 0) != 0 && errno == ESRCH {
                try? fm.removeItem(at: fm.temporaryDirectory.appendingPathComponent(name))
            }
        }
    }
}
