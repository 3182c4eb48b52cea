import Foundation

/// What some tests need from the machine rather than from the repository. A test that needs one carries the trait
/// `.enabled(if: Prerequisites.X, "why")`, so that `swift test` reports it as skipped (with the reason) instead of
/// passing without having checked anything. `.ci/run` provides every one of them and stops before the tests if one
/// is still missing (README, "Run the tests"). Each is computed once per test process.
public enum Prerequisites {
    /// The repository's root (three levels above this file: Tests/TestSupport/Prerequisites.swift).
    public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared` beside the repository: the reference data and results (not in the repository).
    public static let sharedFolder = repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")

    /// The files of `../shared` that the full-data tests read.
    public static let sharedDataFiles = [
        "data/online_retail/Online Retail.csv.gz",
        "data/online_retail/Online Retail.xlsx",
        "data/online_retail_ii/online_retail_II_Year_2009-2010.csv.gz",
        "reference/results/uci_customers.csv",
        "reference/results/uci_csv_notimings.json",
    ]

    /// Every file of `sharedDataFiles` is present.
    public static let hasSharedData = sharedDataFiles.allSatisfy {
        FileManager.default.fileExists(atPath: sharedFolder.appendingPathComponent($0).path)
    }

    /// The system Python, which the workbook tests use to read packages with `zipfile` (no third-party module).
    public static let python3 = "/usr/bin/python3"
    public static let hasPython3 = FileManager.default.isExecutableFile(atPath: python3)

    /// The virtualenv whose Python has openpyxl: the reference's (`../shared/reference/setup.sh` makes it with
    /// every reference package; `.ci/run` makes it with openpyxl alone when it is missing). A fixed path.
    public static let venv = "/tmp/refvenv"
    public static let venvPython = venv + "/bin/python"

    /// `venvPython` exists and `import openpyxl` works in it.
    public static let hasOpenpyxl: Bool = {
        guard FileManager.default.isExecutableFile(atPath: venvPython) else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: venvPython)
        process.arguments = ["-c", "import openpyxl"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }()

    /// The tools of the hostile corpus test: Python runs `Fuzz/hostile_corpus.py`, which runs every case under GNU
    /// time (peak memory) and prlimit (an address-space limit).
    public static let hostileTools = [python3, "/usr/bin/time", "/usr/bin/prlimit"]
    public static let hasHostileTools = hostileTools.allSatisfy { FileManager.default.isExecutableFile(atPath: $0) }

    /// Running as root (needed to mount a small tmpfs that fills up).
    public static let isRoot = geteuid() == 0

    /// A PostgreSQL 15 server for the database-source tests, as `Tests/postgres/cluster.sh` starts it (`.ci/run`
    /// does): `RFM_TEST_DATABASE_URL` names its database, where `online_retail` (the UCI data) and the two-shard
    /// `transactions` table are loaded.
    public static let testDatabaseURL = ProcessInfo.processInfo.environment["RFM_TEST_DATABASE_URL"]
    public static let hasTestDatabase =
        testDatabaseURL != nil && FileManager.default.isExecutableFile(atPath: psql)
        && hasSharedData
    /// psql, which the tests use to make their own small tables.
    public static let psql = "/usr/bin/psql"
}
