import Foundation
import RFMConcurrency
import RFMCore
import RFMIngest
import RFMSite

/// A report written into a temporary folder beside the target, then moved into place in one rename, so a
/// failed or interrupted run never leaves a half-written report and an earlier report stays intact (SPEC §8).
public final class ReportFolder: Sendable {
    /// The folder the report ends up in.
    public let target: URL
    /// Where files are written until `commit()`.
    public let staging: URL
    /// Set once the report is in place (a view never commits: its parent does).
    private let committed: Locked<Bool>
    /// Path prefix of a sub-report (a month of an archive) inside its parent's staging folder; "" for a root.
    public let prefix: String
    /// A sub-report view: it writes into the parent's staging folder and never commits or discards.
    private let isView: Bool

    /// Marks a folder as an rfm report, so a later run may replace it.
    public static let markerName = ".rfm-report"

    /// Creates the staging folder. Refuses a target that exists and holds files that are not a report.
    /// A view of `parent` that writes under `prefix/` (one month of an archive).
    public convenience init(subfolder prefix: String, of parent: ReportFolder) {
        self.init(view: parent.subfolderLocation(prefix))
    }

    /// Where a sub-report writes: a value that can cross to a worker thread (an archive writes two months at once).
    public struct SubfolderLocation: Sendable {
        let target: URL
        let staging: URL
        let prefix: String
    }

    /// The location of the sub-report `prefix/`.
    public func subfolderLocation(_ prefix: String) -> SubfolderLocation {
        SubfolderLocation(
            target: target.appendingPathComponent(prefix), staging: staging, prefix: self.prefix + prefix + "/")
    }

    /// A view that writes into `location` and never commits or discards.
    public init(view location: SubfolderLocation) {
        target = location.target
        staging = location.staging
        prefix = location.prefix
        isView = true
        committed = Locked(true)
    }

    public init(target: URL) throws(OutputError) {
        prefix = ""
        isView = false
        committed = Locked(false)
        self.target = target.standardizedFileURL
        let fm = FileManager.default
        let parent = self.target.deletingLastPathComponent()
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(path: parent.path, reason: Self.reason(error))
        }
        // Runs killed with SIGKILL (or a power cut) leave their staging folder, or the earlier report moved aside.
        StaleReportFolders.recover(target: self.target)
        try Self.checkReplaceable(self.target)
        let name = ".\(self.target.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        staging = parent.appendingPathComponent(name, isDirectory: true)
        // Registered before it exists: a SIGINT/SIGTERM that arrives just after the folder is created must find it
        // (found by the ASan test run, where the slower process made that window wide enough to hit).
        ReportFolderRegistry.shared.add(staging.path, staging: true)
        var created = false
        do {
            // Through the registry: once an interrupt has begun removing, the folder is not created after it.
            try ReportFolderRegistry.shared.createDirectory(staging)
            created = true
            try Data("rfm report\n".utf8).write(to: staging.appendingPathComponent(Self.markerName))
        } catch {
            if created { try? fm.removeItem(at: staging) }
            ReportFolderRegistry.shared.remove(staging.path)
            throw .cannotCreate(path: staging.path, reason: Self.reason(error))
        }
    }

    /// Refuses a target that may hold someone's files: only a missing folder, an empty one or an earlier rfm report
    /// (its marker a regular file, every visible entry one the report wrote) is replaced. Hidden entries count
    /// too: a folder of dot-files (a home folder, a key, a socket) is not empty. Nothing in it is opened.
    static func checkReplaceable(_ target: URL) throws(OutputError) {
        var st = stat()
        guard lstat(target.path, &st) == 0 else {
            if errno == ENOENT { return }
            throw .cannotCreate(path: target.path, reason: String(cString: strerror(errno)))
        }
        switch st.st_mode & S_IFMT {
        case S_IFDIR: break
        case S_IFLNK:
            throw .notAReportFolder(path: target.path, why: "it is a symbolic link; give the folder it points to")
        default: throw .notAReportFolder(path: target.path, why: "it is not a folder")
        }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: target.path)
        } catch {
            throw .cannotCreate(path: target.path, reason: Self.reason(error))
        }
        if entries.isEmpty { return }
        guard let written = ReportMarker.read(in: target) else {
            // A folder holding only reports of its own (`output/2011-11` of `rfm report --month`) takes a report
            // beside them; they are carried over.
            let others = entries.filter { !isNestedReport($0, in: target) }.sorted()
            if others.isEmpty { return }
            let shown = others.prefix(3).map { "\"\(TerminalText.escape($0))\"" }.joined(separator: ", ")
            throw .notAReportFolder(
                path: target.path,
                why: "it holds \(shown)\(others.count > 3 ? ", ..." : "") and is not an earlier rfm report")
        }
        // A marker of an older rfm lists nothing: then its visible entries are taken as the report's.
        guard let written else { return }
        let foreign = entries.filter {
            !$0.hasPrefix(".") && !written.contains($0) && !isNestedReport($0, in: target)
        }.sorted()
        if !foreign.isEmpty {
            let shown = foreign.prefix(3).map { "\"\(TerminalText.escape($0))\"" }.joined(separator: ", ")
            throw .notAReportFolder(
                path: target.path, why: "it is an earlier rfm report but also holds \(shown), which rfm did not write")
        }
    }

    /// True when `folder/entry` is a folder (not a link) holding an rfm report's marker: a report written into
    /// the report folder by another run (`rfm report --month 2011-11` into `output/2011-11`), kept, not replaced.
    static func isNestedReport(_ entry: String, in folder: URL) -> Bool {
        guard !entry.hasPrefix(".") else { return false }
        let url = folder.appendingPathComponent(entry)
        var st = stat()
        guard lstat(url.path, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return false }
        return ReportMarker.read(in: url) != nil
    }

    /// The entries of `target` a new report carries over by rename: hidden entries, and reports nested in it that
    /// the earlier report did not write itself (an archive's months are its own and are replaced with it).
    static func carriedEntries(of target: URL) -> [String] {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: target.path)) ?? []).sorted()
        let written = ReportMarker.read(in: target) ?? nil
        return entries.filter { entry in
            if entry == markerName { return false }
            if entry.hasPrefix(".") { return true }
            return written?.contains(entry) != true && isNestedReport(entry, in: target)
        }
    }

    deinit {
        if !committed.current { discard() }
    }

    /// Writes a file (relative path, folders created as needed) into the staging folder.
    public func write(_ data: Data, to relativePath: String) throws(OutputError) {
        if ReportFolderRegistry.shared.interrupted { throw .interrupted(path: target.path) }
        let url = staging.appendingPathComponent(prefix + relativePath)
        do {
            try ReportFolderRegistry.shared.createDirectory(url.deletingLastPathComponent())
            try data.write(to: url)
        } catch {
            throw .writeFailed(path: target.appendingPathComponent(relativePath).path, reason: Self.reason(error))
        }
    }

    public func write(_ text: String, to relativePath: String) throws(OutputError) {
        try write(Data(text.utf8), to: relativePath)
    }

    /// The staging path of a file, for writers that need a path (the workbook, charts).
    public func stagingPath(_ relativePath: String) -> String {
        let url = staging.appendingPathComponent(prefix + relativePath)
        try? ReportFolderRegistry.shared.createDirectory(url.deletingLastPathComponent())
        return url.path
    }

    /// Moves the finished report into place. Hidden entries of the old folder (a `.git` of a published site, a
    /// `.gitkeep`) and reports nested in it by other runs (`output/2011-11`) are carried over by rename, never
    /// opened or copied; the marker lists the entries the report wrote.
    public func commit() throws(OutputError) {
        if isView { return }
        let fm = FileManager.default
        let written = ((try? fm.contentsOfDirectory(atPath: staging.path)) ?? []).filter { $0 != Self.markerName }
            .sorted()
        do {
            try ReportMarker.text(listing: written).write(to: staging.appendingPathComponent(Self.markerName))
        } catch {
            throw .writeFailed(path: target.appendingPathComponent(Self.markerName).path, reason: Self.reason(error))
        }
        // Under the registry's lock, so an interrupt waits until every rename is done (never between them).
        let result: Result<URL?, OutputError> = ReportFolderRegistry.shared.whileLocked { stopped in
            if stopped { return .failure(.interrupted(path: target.path)) }
            var old: URL?
            var carried: [String] = []
            func carryBack() {
                for entry in carried {
                    _ = rename(staging.appendingPathComponent(entry).path, target.appendingPathComponent(entry).path)
                }
            }
            var st = stat()
            if lstat(target.path, &st) == 0 {
                // The folder may have changed since the run began: check it again.
                do throws(OutputError) { try Self.checkReplaceable(target) } catch { return .failure(error) }
                for entry in Self.carriedEntries(of: target) {
                    let destination = staging.appendingPathComponent(entry).path
                    if lstat(destination, &st) == 0 { continue }  // the new report has its own
                    if rename(target.appendingPathComponent(entry).path, destination) != 0 {
                        let reason = String(cString: strerror(errno))
                        carryBack()
                        return .failure(
                            .cannotReplace(path: target.path, reason: "cannot carry over \(entry): \(reason)"))
                    }
                    carried.append(entry)
                }
                let aside = target.deletingLastPathComponent()
                    .appendingPathComponent(
                        ".\(target.lastPathComponent).old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
                if rename(target.path, aside.path) != 0 {
                    let reason = String(cString: strerror(errno))
                    carryBack()
                    return .failure(.cannotReplace(path: target.path, reason: reason))
                }
                old = aside
            }
            if rename(staging.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                if let old { _ = rename(old.path, target.path) }
                carryBack()
                return .failure(.cannotReplace(path: target.path, reason: reason))
            }
            committed.withLock { $0 = true }
            return .success(old)
        } replaced: { [staging] old in
            (staging.path, old?.path)
        }
        let old = try result.get()
        if let old { ReportFolderRegistry.shared.removeRegistered(old.path) }
    }

    /// Deletes the staging folder.
    public func discard() {
        if isView { return }
        try? FileManager.default.removeItem(at: staging)
        ReportFolderRegistry.shared.remove(staging.path)
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))) }
        return ns.localizedDescription
    }
}

/// Staging folders in use, so a signal handler can remove them before the process exits, and whether a report
/// has already replaced the earlier one (after that, an interrupt no longer undoes anything: the run succeeded).
public final class ReportFolderRegistry: Sendable {
    public static let shared = ReportFolderRegistry()

    private struct State {
        /// Everything to remove on an interrupt: staging folders, temporary files, earlier reports moved aside.
        var paths = Set<String>()
        /// The staging folders among them: while one is registered, a report is still being written.
        var staging = Set<String>()
        var stopped = false
        var replacedCount = 0
    }

    private let state = Locked(State())
    /// Held while a tree is removed: one removal at a time.
    private let removal = Locked(())

    /// Runs `body` holding the lock (the interrupt handler takes it too); `body` learns whether an interrupt came.
    /// When the body succeeds and `replaced` names a staging folder and the earlier report it moved aside, the
    /// report counts as replaced in the same critical section, and the earlier report is left for removal.
    func whileLocked<T>(
        _ body: (Bool) -> Result<T, OutputError>, replaced: (T) -> (staging: String, aside: String?)? = { _ in nil }
    )
        -> Result<T, OutputError>
    {
        state.withLock { state in
            let result = body(state.stopped)
            if case .success(let value) = result, let done = replaced(value) {
                state.paths.remove(done.staging)
                state.staging.remove(done.staging)
                if let aside = done.aside { state.paths.insert(aside) }
                state.replacedCount += 1
            }
            return result
        }
    }

    /// True once an interrupt began removing the staging folders: no more writes.
    public var interrupted: Bool { state.withLock { $0.stopped } }

    /// Creates a folder (and its parents) inside a staging folder, unless an interrupt came: a writer thread that
    /// is still running then cannot bring back a staging folder the handler removed.
    func createDirectory(_ url: URL) throws {
        try state.withLock { state throws in
            if state.stopped { throw OutputError.interrupted(path: url.path) }
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        }
    }

    /// Removes a registered path and forgets it, never at the same time as an interrupt's removal (two removals
    /// of one tree at once each stop at the entries the other deleted, and leave the rest).
    func removeRegistered(_ path: String) {
        removal.withLock { _ in
            try? FileManager.default.removeItem(atPath: path)
            remove(path)
        }
    }

    func add(_ path: String, staging isStaging: Bool = false) {
        state.withLock { state in
            state.paths.insert(path)
            if isStaging { state.staging.insert(path) }
        }
    }

    func remove(_ path: String) {
        state.withLock { state in
            state.paths.remove(path)
            state.staging.remove(path)
        }
    }

    /// Removes every registered path and refuses later writes (called on SIGINT, SIGTERM, SIGHUP). Returns true
    /// when a whole report had already been moved into place and none is still being written (the run did its
    /// work: exit 0).
    @discardableResult
    public func removeAll() -> Bool {
        // One removal at a time: the signal queue and the main thread (failing because of the interrupt) may both
        // get here, and neither may exit while the other is still removing.
        removal.withLock { _ in
            let (current, done) = state.withLock { state in
                state.stopped = true
                return (state.paths, state.replacedCount > 0 && state.staging.isEmpty)
            }
            // Each is first renamed: threads still writing then find no folder to write into (and cannot recreate
            // it, see `createDirectory`), and the main thread's own removal of an earlier report cannot race this one.
            for p in current {
                let trash = p + ".removing"
                if rename(p, trash) == 0 {
                    try? FileManager.default.removeItem(atPath: trash)
                } else {
                    try? FileManager.default.removeItem(atPath: p)
                }
            }
            return done
        }
    }
}

extension ReportFolder {
    /// Writes one file through a temporary file in the same folder and a rename, so readers never see half of it.
    public static func writeAtomically(_ data: Data, to path: String) throws(OutputError) {
        let url = URL(fileURLWithPath: path)
        var st = stat()
        if lstat(path, &st) == 0 && (st.st_mode & S_IFMT) != S_IFREG {
            throw .writeFailed(path: path, reason: "it exists and is not a regular file")
        }
        let temporary = url.deletingLastPathComponent().appendingPathComponent(
            ".\(url.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        // Registered first, so an interrupt removes it; created exclusively, never through a link.
        ReportFolderRegistry.shared.add(temporary.path)
        defer { ReportFolderRegistry.shared.remove(temporary.path) }
        let fd = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .writeFailed(path: path, reason: String(cString: strerror(errno))) }
        var failure = data.withUnsafeBytes { DescriptorWriter.writeAll(fd, $0) }.map { String(cString: strerror($0)) }
        if failure == nil && fsync(fd) != 0 { failure = String(cString: strerror(errno)) }
        if close(fd) != 0 && failure == nil { failure = String(cString: strerror(errno)) }
        if let failure {
            unlink(temporary.path)
            throw .writeFailed(path: path, reason: failure)
        }
        if ReportFolderRegistry.shared.interrupted {
            unlink(temporary.path)
            throw .interrupted(path: path)
        }
        if rename(temporary.path, url.path) != 0 {
            let why = String(cString: strerror(errno))
            unlink(temporary.path)
            throw .writeFailed(path: path, reason: why)
        }
    }
}

/// The site writes its pages and charts into the staging folder.
extension ReportFolder: SiteOutput {}
