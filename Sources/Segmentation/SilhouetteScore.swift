/// Mean silhouette coefficient of one labelling (scikit-learn's `silhouette_score`; see `SilhouetteBatch`).
public enum SilhouetteScore {
    /// The mean silhouette, exact up to `exactLimit` points and sampled above; nil with fewer than 2
    /// or more than n − 1 clusters.
    public static func score(
        _ x: FeatureMatrix, labels: [Int], exactLimit: Int = 20_000, sampleSize: Int = 20_000,
        seed: UInt64 = 42, threads: Int = 1
    ) throws -> Double? {
        try SilhouetteBatch(exactLimit: exactLimit, sampleSize: sampleSize, seed: seed, threads: threads)
            .scores(x, labelings: [labels])[0]
    }
}
