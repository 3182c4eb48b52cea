import Foundation

/// What a run killed without a chance to clean up (SIGKILL, a power cut) leaves beside a report, and how the next
/// run puts it right: `.NAME.tmp-PID-*` (a staging folder) and `.NAME.old-PID-*` (the earlier report moved aside
/// while the new one was moved in) whose process is gone. An earlier report whose replacement never arrived is
/// moved back; hidden entries carried over from it (a `.git`) are moved back into the report; the rest is removed.
/// Nothing inside is opened: entries are only renamed or unlinked.
enum StaleReportFolders {
    static func recover(target: URL) {
        let parent = target.deletingLastPathComponent()
        let name = target.lastPathComponent
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: parent.path) else { return }
        let old = entries.filter { isStale($0, prefix: ".\(name).old-") }.sorted()
        let staging = entries.filter { isStale($0, prefix: ".\(name).tmp-") }.sorted()
        for entry in old {
            let path = parent.appendingPathComponent(entry)
            var st = stat()
            if lstat(target.path, &st) != 0 && errno == ENOENT {
                if rename(path.path, target.path) == 0 { continue }
            }
            carryHiddenEntries(from: path, into: target)
            try? FileManager.default.removeItem(at: path)
        }
        for entry in staging {
            let path = parent.appendingPathComponent(entry)
            carryHiddenEntries(from: path, into: target)
            try? FileManager.default.removeItem(at: path)
        }
    }

    /// True for `PREFIX<pid>-...` whose process no longer exists (and is not this one).
    static func isStale(_ entry: String, prefix: String) -> Bool {
        guard entry.hasPrefix(prefix) else { return false }
        let rest = entry.dropFirst(prefix.count)
        guard let dash = rest.firstIndex(of: "-"), let pid = Int32(rest[..<dash]), pid > 0, pid != getpid() else {
            return false
        }
        return kill(pid, 0) != 0 && errno == ESRCH
    }

    /// Moves the hidden entries of `folder` (not the marker) into `target` where it lacks them.
    static func carryHiddenEntries(from folder: URL, into target: URL) {
        var st = stat()
        guard lstat(target.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR,
            let entries = try? FileManager.default.contentsOfDirectory(atPath: folder.path)
        else { return }
        for entry in entries where entry.hasPrefix(".") && entry != ReportFolder.markerName {
            let destination = target.appendingPathComponent(entry).path
            if lstat(destination, &st) == 0 { continue }
            _ = rename(folder.appendingPathComponent(entry).path, destination)
        }
    }
}
