import Foundation

/// A report written into a temporary folder beside the target, then moved into place in one rename, so a
/// failed or interrupted run never leaves a half-written report and an earlier report stays intact (SPEC §8).
public final class ReportFolder {
    /// The folder the report ends up in.
    public let target: URL
    /// Where files are written until `commit()`.
    public let staging: URL
    private var committed = false
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
        SubfolderLocation(target: target.appendingPathComponent(prefix), staging: staging, prefix: self.prefix + prefix + "/")
    }

    /// A view that writes into `location` and never commits or discards.
    public init(view location: SubfolderLocation) {
        target = location.target
        staging = location.staging
        prefix = location.prefix
        isView = true
        committed = true
    }

    public init(target: URL) throws(OutputError) {
        prefix = ""
        isView = false
        self.target = target.standardizedFileURL
        let fm = FileManager.default
        let parent = self.target.deletingLastPathComponent()
        do {
            try fm.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreate(path: parent.path, reason: Self.reason(error))
        }
        var isDirectory: ObjCBool = false
        if fm.fileExists(atPath: self.target.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw .notAReportFolder(path: self.target.path) }
            let entries = (try? fm.contentsOfDirectory(atPath: self.target.path)) ?? []
            let visible = entries.filter { !$0.hasPrefix(".") }
            if !visible.isEmpty && !entries.contains(Self.markerName) { throw .notAReportFolder(path: self.target.path) }
        }
        let name = ".\(self.target.lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        staging = parent.appendingPathComponent(name, isDirectory: true)
        // Registered before it exists: a SIGINT/SIGTERM that arrives just after the folder is created must find it
        // (found by the ASan test run, where the slower process made that window wide enough to hit).
        ReportFolderRegistry.shared.add(staging.path)
        var created = false
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: false)
            created = true
            try Data("rfm report\n".utf8).write(to: staging.appendingPathComponent(Self.markerName))
        } catch {
            if created { try? fm.removeItem(at: staging) }
            ReportFolderRegistry.shared.remove(staging.path)
            throw .cannotCreate(path: staging.path, reason: Self.reason(error))
        }
    }

    deinit {
        if !committed { discard() }
    }

    /// Writes a file (relative path, folders created as needed) into the staging folder.
    public func write(_ data: Data, to relativePath: String) throws(OutputError) {
        if ReportFolderRegistry.shared.interrupted { throw .writeFailed(path: target.path, reason: "interrupted") }
        let url = staging.appendingPathComponent(prefix + relativePath)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
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
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        return url.path
    }

    /// Moves the finished report into place. Hidden files of the old folder (such as `.gitkeep`) are kept.
    public func commit() throws(OutputError) {
        if isView { return }
        // Under the registry's lock, so an interrupt waits until both renames are done (never between them).
        let result: Result<URL?, OutputError> = ReportFolderRegistry.shared.whileLocked { stopped in
            if stopped { return .failure(.writeFailed(path: target.path, reason: "interrupted")) }
            let fm = FileManager.default
            var old: URL?
            if fm.fileExists(atPath: target.path) {
                for entry in (try? fm.contentsOfDirectory(atPath: target.path)) ?? []
                where entry.hasPrefix(".") && entry != Self.markerName && !fm.fileExists(atPath: staging.appendingPathComponent(entry).path) {
                    try? fm.copyItem(at: target.appendingPathComponent(entry), to: staging.appendingPathComponent(entry))
                }
                let aside = target.deletingLastPathComponent()
                    .appendingPathComponent(".\(target.lastPathComponent).old-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
                if rename(target.path, aside.path) != 0 {
                    return .failure(.cannotReplace(path: target.path, reason: String(cString: strerror(errno))))
                }
                old = aside
            }
            if rename(staging.path, target.path) != 0 {
                let reason = String(cString: strerror(errno))
                if let old { _ = rename(old.path, target.path) }
                return .failure(.cannotReplace(path: target.path, reason: reason))
            }
            committed = true
            return .success(old)
        }
        let old = try result.get()
        ReportFolderRegistry.shared.remove(staging.path)
        if let old { try? FileManager.default.removeItem(at: old) }
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

/// Staging folders in use, so a signal handler can remove them before the process exits.
public final class ReportFolderRegistry: @unchecked Sendable {
    public static let shared = ReportFolderRegistry()
    private let lock = NSLock()
    private var paths = Set<String>()
    private var stopped = false

    /// Runs `body` holding the lock (the interrupt handler takes it too); `body` learns whether an interrupt came.
    func whileLocked<T>(_ body: (Bool) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(stopped)
    }

    /// True once an interrupt began removing the staging folders: no more writes.
    public var interrupted: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    func add(_ path: String) { lock.lock(); paths.insert(path); lock.unlock() }
    func remove(_ path: String) { lock.lock(); paths.remove(path); lock.unlock() }

    /// Removes every staging folder still registered and refuses later writes (called on SIGINT/SIGTERM).
    public func removeAll() {
        lock.lock()
        stopped = true
        let current = paths
        lock.unlock()
        for p in current { try? FileManager.default.removeItem(atPath: p) }
        // A write that passed its check just before the flag was set may have recreated a folder: sweep again.
        usleep(50_000)
        for p in current { try? FileManager.default.removeItem(atPath: p) }
    }
}

extension ReportFolder {
    /// Writes one file through a temporary file in the same folder and a rename, so readers never see half of it.
    public static func writeAtomically(_ data: Data, to path: String) throws(OutputError) {
        let url = URL(fileURLWithPath: path)
        let temporary = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        do {
            try data.write(to: temporary)
        } catch {
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: path, reason: reason(error))
        }
        if rename(temporary.path, url.path) != 0 {
            let why = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw .writeFailed(path: path, reason: why)
        }
    }
}
