// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "rfm",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "rfm", targets: ["rfm"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
    ],
    targets: [
        // MARK: Command line (thin: parses flags, maps errors to exit codes)
        .executableTarget(
            name: "rfm",
            dependencies: [
                "RFMReport", "RFMCore", "RFMIngest", "Segmentation", "RFMSite", "TransactionGenerator",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),

        // MARK: Layers that talk to the world
        .target(
            name: "RFMReport",
            dependencies: ["RFMCore", "RFMIngest", "Segmentation", "RFMConcurrency", "RFMCharts", "RFMSite", "RFMWorkbook",
                           .product(name: "Logging", package: "swift-log")]
        ),
        .target(name: "RFMSite", dependencies: ["RFMCharts", .product(name: "Mustache", package: "swift-mustache")]),
        .target(name: "RFMCharts", dependencies: ["CCairo", "CZlibSystem"]),
        .target(name: "RFMWorkbook", dependencies: ["CXLSXWriter", "CZlibSystem", "ZipIndex", "RFMConcurrency"]),
        .target(name: "TransactionGenerator", dependencies: ["RFMCore", "Segmentation", "RFMWorkbook", "CZlibSystem"]),
        // Times the workbook writer on N synthetic customers (see BENCHMARKS.md).
        .executableTarget(name: "WorkbookBench", dependencies: ["RFMWorkbook"]),
        .target(
            name: "RFMIngest",
            dependencies: ["RFMCore", "RFMConcurrency", "XLSXReader", "CZlibSystem"]
        ),

        // Streaming ECMA-376 workbook reader over the ZipIndex container.
        .target(name: "XLSXReader", dependencies: ["ZipIndex", "RFMConcurrency"]),
        // The ZIP container: bounds-checked central directory (ZIP64, overlap refusal), mapped file, entry inflation with CRC-32 and size checks.
        .target(name: "ZipIndex", dependencies: ["CZlibSystem"]),

        // MARK: Pure-Swift core (no C dependencies, no I/O beyond reading its inputs)
        .target(name: "RFMCore", dependencies: ["Segmentation", "Yams"]),
        // Scalers, KMeans, Ward, Gaussian mixture, metrics, PCA, model selection: pure Swift, no dependencies.
        .target(name: "Segmentation", dependencies: ["RFMConcurrency"]),
        // Threads for the rest: an ordered parallel map, a bounded producer/consumer queue, one locked-value box.
        .target(name: "RFMConcurrency"),
        // Times the engine on the UCI features or synthetic data (see BENCHMARKS.md).
        .executableTarget(name: "SegmentationBench", dependencies: ["Segmentation"]),

        // MARK: Fuzz targets (issue 8): replay files given as arguments; Fuzz/run.sh builds them for libFuzzer
        .executableTarget(name: "FuzzCSV", dependencies: ["RFMIngest", "RFMCore"], path: "Fuzz/FuzzCSV"),
        .executableTarget(name: "FuzzXLSX", dependencies: ["XLSXReader", "RFMIngest", "RFMCore"], path: "Fuzz/FuzzXLSX"),
        .executableTarget(name: "FuzzCache", dependencies: ["RFMIngest", "RFMCore", "CZlibSystem"], path: "Fuzz/FuzzCache"),
        .executableTarget(name: "FuzzRules", dependencies: ["RFMCore", "Yams"], path: "Fuzz/FuzzRules"),
        .executableTarget(name: "FuzzModel", dependencies: ["RFMCore"], path: "Fuzz/FuzzModel"),

        // MARK: C libraries
        .systemLibrary(name: "CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        .systemLibrary(name: "CXLSXWriter", pkgConfig: "xlsxwriter", providers: [.apt(["libxlsxwriter-dev"])]),
        .systemLibrary(name: "CZlibSystem", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // MARK: Tests
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "RFMCoreTests", dependencies: ["RFMCore"]),
        .testTarget(name: "SegmentationTests", dependencies: ["Segmentation"], resources: [.copy("Fixtures")]),
        .testTarget(name: "XLSXReaderTests", dependencies: ["XLSXReader", "ZipIndex", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "RFMIngestTests",
            dependencies: ["RFMIngest", "RFMCore", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "RFMReportTests",
            dependencies: ["RFMReport", "RFMIngest", "RFMCore", "RFMSite", "XLSXReader", "Segmentation", "TestSupport"],
            resources: [.copy("Golden")]
        ),
        .testTarget(name: "RFMCommandTests", dependencies: ["rfm", "TestSupport"]),
        .testTarget(name: "TransactionGeneratorTests", dependencies: ["TransactionGenerator", "RFMIngest", "RFMCore", "TestSupport"]),
        .testTarget(name: "RFMOutputLibrariesTests", dependencies: ["RFMCharts", "RFMWorkbook", "CCairo", "CXLSXWriter"]),
        .testTarget(name: "RFMChartsTests", dependencies: ["RFMCharts", "CCairo", "CZlibSystem"]),
        .testTarget(name: "RFMWorkbookTests", dependencies: ["RFMWorkbook", "CXLSXWriter", "XLSXReader", "ZipIndex", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
