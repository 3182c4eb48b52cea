import Foundation

/// `rfm bench`: whole reports run several times in one process, each stage's median and spread from the runs'
/// `timings.json`, and the peak resident memory; as a Markdown table.
public struct ReportBenchmark {
    public let options: ReportOptions
    public let runs: Int

    public init(options: ReportOptions, runs: Int) {
        self.options = options
        self.runs = max(1, runs)
    }

    /// The stages, in pipeline order, with what they cover.
    /// The rows of the table: the run's steps (`step NAME`, from timings.json's `steps`) and, inside `cluster`, the
    /// clustering's stages.
    public static let stages: [(key: String, label: String)] = [
        ("step read", "read (one streaming pass, row rules)"), ("step clean", "clean (duplicates)"),
        ("step rfm", "RFM"), ("step score", "scores"), ("step segment", "segments"),
        ("step compare_months", "compare months"),
        ("scaling", "  log1p + robust scaling"), ("kmeans", "  KMeans, every k (summed over threads)"),
        ("ward_tree", "  Ward (one tree, cut at every k)"),
        ("gaussian_mixture", "  Gaussian mixture, every k (summed over threads)"),
        ("silhouette", "  silhouette, every fit"),
        ("davies_bouldin_calinski_harabasz", "  Davies-Bouldin + Calinski-Harabasz"), ("pca", "  PCA"),
        ("holdout", "  holdout refit"),
        ("step cluster", "cluster, all of the above from scaling on"),
        ("step charts", "charts (PNG + SVG; beside the pages, files and workbook)"),
        ("step pages", "HTML pages (beside the others)"),
        ("step files", "CSV, JSON and model files (beside the others)"),
        ("step workbook", "workbook (beside the others)"),
        ("total", "total"),
    ]

    public struct Result: Sendable {
        /// Seconds per stage key, one value per run.
        public let samples: [String: [Double]]
        /// Wall seconds of each whole run (reading to the last file).
        public let wall: [Double]
        public let peakResidentMiB: Double
    }

    public func run() throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("rfm-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        var samples: [String: [Double]] = [:]
        var wall: [Double] = []
        for i in 0..<runs {
            var o = options
            o.outputFolder = scratch.appendingPathComponent("run-\(i)").path
            o.quiet = true
            let started = Date()
            let outcome = try ReportRun(options: o).run()
            wall.append(Date().timeIntervalSince(started))
            let data = try Data(contentsOf: outcome.folder.appendingPathComponent("timings.json"))
            let document = try JSONSerialization.jsonObject(with: data) as? [String: Any]
            // The clustering's stages, and every run step by its name ("step read", ..., "step workbook").
            let stages = document?["stages"] as? [String: Double] ?? [:]
            let steps = document?["steps"] as? [String: Double] ?? [:]
            for (key, value) in stages { samples[key, default: []].append(value) }
            for (key, value) in steps { samples["step \(key)", default: []].append(value) }
            try? FileManager.default.removeItem(at: outcome.folder)
        }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Result(samples: samples, wall: wall, peakResidentMiB: Double(usage.ru_maxrss) / 1024)
    }

    /// Median of the values.
    public static func median(_ v: [Double]) -> Double {
        let s = v.sorted()
        guard !s.isEmpty else { return 0 }
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    /// The result as a Markdown table: median, min and max seconds per stage.
    public func markdown(_ r: Result, machine: String) -> String {
        var out = "`rfm bench \(options.inputs.joined(separator: " ")) --runs \(runs)` — \(machine)\n\n"
        out += "| stage | median (s) | min (s) | max (s) |\n|---|---:|---:|---:|\n"
        for (key, label) in Self.stages {
            guard let v = r.samples[key], !v.isEmpty else { continue }
            out +=
                "| \(label) | \(String(format: "%.3f", Self.median(v))) | \(String(format: "%.3f", v.min()!)) | \(String(format: "%.3f", v.max()!)) |\n"
        }
        out +=
            "| whole run, wall | \(String(format: "%.3f", Self.median(r.wall))) | \(String(format: "%.3f", r.wall.min()!)) | \(String(format: "%.3f", r.wall.max()!)) |\n"
        out +=
            "\nPeak resident memory: \(String(format: "%.0f", r.peakResidentMiB)) MiB (the process, over all runs).\n"
        return out
    }
}
