// swift-tools-version: 6.0
import PackageDescription

// Every target says in one line what it owns. Dependencies point inward: the command line uses the run, the run
// uses the site, the workbook and the ingest, and all of them use the pure-Swift core and its small modules.
let package = Package(
    name: "rfm",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rfm", targets: ["rfm"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // MARK: Command line
        // Owns: flags and subcommands (report, score, generate, bench), exit statuses, signals, the standard streams.
        .executableTarget(
            name: "rfm",
            dependencies: [
                "RFMReport", "RFMCore", "RFMIngest", "Segmentation", "RFMSite", "RFMConcurrency",
                "TransactionGenerator", "RFMDatabase",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Layers that talk to the world
        // Owns: the run as named steps (ReportSteps, StepRunner), the report folder written atomically, the CSV and
        // JSON files, the workbook's content, timings and the run log; the monthly archive.
        .target(
            name: "RFMReport",
            dependencies: [
                "RFMCore", "RFMIngest", "Segmentation", "RFMConcurrency", "RFMCharts", "RFMSite", "RFMWorkbook",
                "RFMDatabase", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Owns: PostgreSQL sources: the libpq connection (psql's conventions, cancellation), the push-down SQL,
        // the per-customer ledger read from it, typed database errors.
        .target(name: "RFMDatabase", dependencies: ["RFMCore", "RFMPrimitives", "RFMConcurrency", "CLibPQ"]),
        // Owns: the static HTML site: themes (palette, stylesheet, Mustache templates), the report's charts and pages.
        .target(
            name: "RFMSite",
            dependencies: [
                "RFMCore", "Segmentation", "RFMCharts", "RFMConcurrency",
                .product(name: "Mustache", package: "swift-mustache"),
            ]
        ),
        // Owns: charts as values, their layout, one Cairo renderer to PNG and SVG, the PNG encoder (zlib level 1).
        .target(name: "RFMCharts", dependencies: ["CCairo", "CZlibSystem"]),
        // Owns: XLSX workbooks from a declarative spec through libxlsxwriter; rows of tables over 100,000 spliced in.
        .target(
            name: "RFMWorkbook",
            dependencies: ["CXLSXWriter", "CZlibSystem", "ZipIndex", "RFMConcurrency", "RFMPrimitives"]),
        // Owns: synthetic Online Retail logs (`rfm generate`) as CSV, gzip CSV or XLSX.
        .target(
            name: "TransactionGenerator", dependencies: ["RFMCore", "RFMPrimitives", "RFMWorkbook", "CZlibSystem"]),
        // Owns: timing the workbook writer on N synthetic customers (see BENCHMARKS.md).
        .executableTarget(name: "WorkbookBench", dependencies: ["RFMWorkbook"]),
        // Owns: reading inputs: byte sources (file, gzip, pipe), the CSV scanner, the XLSX adapter, format detection,
        // input checksums, the parse cache.
        .target(name: "RFMIngest", dependencies: ["RFMCore", "RFMConcurrency", "XLSXReader", "CZlibSystem"]),
        // Owns: streaming ECMA-376 workbook reading (relationships, shared strings, sheet rows) over the zip index.
        .target(name: "XLSXReader", dependencies: ["ZipIndex", "RFMConcurrency", "RFMPrimitives"]),
        // Owns: the zip container: bounds-checked central directory (ZIP64, overlap refusal), the mapped file, entry
        // inflation with CRC-32 and size checks; read by the XLSX reader, rewritten in part by the workbook writer.
        .target(name: "ZipIndex", dependencies: ["CZlibSystem"]),

        // MARK: Pure-Swift core (no C dependencies, no I/O beyond reading its inputs)
        // Owns: column mapping, cleaning, RFM, scores, rules, segments, migration, the analysis, customer clustering,
        // saved models.
        .target(name: "RFMCore", dependencies: ["RFMPrimitives", "Segmentation", "LifetimeValue", "Yams"]),
        // Owns: customer lifetime value: BG/NBD and Gamma-Gamma fitted by maximum likelihood, their predictions.
        .target(name: "LifetimeValue", dependencies: ["RFMConcurrency", "RFMPrimitives"]),
        // Owns: the small values every module shares: civil dates, decimal numbers as text, seeded random numbers.
        .target(name: "RFMPrimitives"),
        // Owns: scalers, KMeans, Ward, Gaussian mixture, silhouette and other metrics, PCA, model selection.
        .target(name: "Segmentation", dependencies: ["RFMConcurrency", "RFMPrimitives"]),
        // Owns: threads: an ordered parallel map, a bounded producer/consumer queue, one locked-value box.
        .target(name: "RFMConcurrency"),
        // Owns: timing lifetime value (inputs, fits, predictions) on a file or simulated customers (BENCHMARKS.md).
        .executableTarget(
            name: "LifetimeValueBench", dependencies: ["LifetimeValue", "RFMCore", "RFMIngest", "RFMPrimitives"]),
        // Owns: timing the engine on the UCI features or synthetic data (see BENCHMARKS.md).
        .executableTarget(name: "SegmentationBench", dependencies: ["Segmentation", "RFMPrimitives"]),

        // MARK: Fuzz targets: replay files given as arguments; Fuzz/run.sh builds them for libFuzzer
        // Owns: fuzzing the CSV reader.
        .executableTarget(name: "FuzzCSV", dependencies: ["RFMIngest", "RFMCore"], path: "Fuzz/FuzzCSV"),
        // Owns: fuzzing the XLSX reader.
        .executableTarget(
            name: "FuzzXLSX", dependencies: ["XLSXReader", "RFMIngest", "RFMCore"], path: "Fuzz/FuzzXLSX"),
        // Owns: fuzzing the parse cache's decoder.
        .executableTarget(
            name: "FuzzCache", dependencies: ["RFMIngest", "RFMCore", "CZlibSystem"], path: "Fuzz/FuzzCache"),
        // Owns: fuzzing the rules file loader.
        .executableTarget(name: "FuzzRules", dependencies: ["RFMCore", "Yams"], path: "Fuzz/FuzzRules"),
        // Owns: fuzzing the saved model loader.
        .executableTarget(name: "FuzzModel", dependencies: ["RFMCore"], path: "Fuzz/FuzzModel"),

        // MARK: C libraries
        // Owns: the cairo 2D graphics library (charts).
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // Owns: libxlsxwriter (the workbook).
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        // Owns: libpq, PostgreSQL's client library (database sources).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        // Owns: zlib (gzip input, zip entries, PNG).
        .systemLibrary(name: "CZlibSystem", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Tests
        // Owns: what the test targets share: scratch folders removed at exit, machine prerequisites.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "RFMPrimitivesTests", dependencies: ["RFMPrimitives"]),
        .testTarget(
            name: "LifetimeValueTests", dependencies: ["LifetimeValue", "RFMCore", "RFMIngest", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "RFMCoreTests", dependencies: ["RFMCore", "RFMPrimitives", "LifetimeValue"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "SegmentationTests", dependencies: ["Segmentation", "RFMPrimitives"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "XLSXReaderTests", dependencies: ["XLSXReader", "ZipIndex", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "RFMIngestTests",
            dependencies: ["RFMIngest", "RFMCore", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RFMReportTests",
            dependencies: [
                "RFMReport", "RFMIngest", "RFMCore", "RFMSite", "XLSXReader", "Segmentation", "RFMConcurrency",
                "TestSupport",
            ],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "RFMCommandTests",
            dependencies: [
                "rfm", "RFMReport", "TestSupport", .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("Golden")]
        ),
        .testTarget(
            name: "TransactionGeneratorTests",
            dependencies: ["TransactionGenerator", "RFMIngest", "RFMCore", "TestSupport"]),
        .testTarget(
            name: "RFMOutputLibrariesTests", dependencies: ["RFMCharts", "RFMWorkbook", "CCairo", "CXLSXWriter"]),
        .testTarget(name: "RFMChartsTests", dependencies: ["RFMCharts", "CCairo", "CZlibSystem"]),
        .testTarget(
            name: "RFMWorkbookTests",
            dependencies: ["RFMWorkbook", "RFMPrimitives", "CXLSXWriter", "XLSXReader", "ZipIndex", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
