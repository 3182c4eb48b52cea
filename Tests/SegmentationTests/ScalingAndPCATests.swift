import Segmentation
import Testing

@Suite("RobustScaler and PCA against scikit-learn")
struct ScalingAndPCATests {
    let uci = UCIFixture.shared

    /// 1e-12: sklearn and this scaler sort the same values and interpolate with the same formula;
    /// only log1p may differ in the last bit between libm implementations.
    @Test func robustScalerMatchesSklearn() throws {
        let fitted = try RobustScaler().fit(uci.logFeatures)
        for j in 0..<3 {
            #expect(relativelyClose(fitted.center[j], uci.golden.scaler_log1p.center[j], 1e-12))
            #expect(relativelyClose(fitted.scale[j], uci.golden.scaler_log1p.scale[j], 1e-12))
        }
    }

    @Test func zeroIQRFeatureGetsScaleOne() throws {
        let x = try FeatureMatrix([[1, 5], [1, 6], [1, 7], [2, 8], [1, 9]])
        let fitted = try RobustScaler().fit(x)
        #expect(fitted.scale[0] == 1)
        #expect(fitted.center[0] == 1)
        #expect(fitted.scale[1] == 2)
        #expect(try fitted.transform(x)[3, 0] == 1)
    }

    @Test func linearQuantilesMatchNumpy() throws {
        // np.percentile([1, 2, 4, 8], [25, 75]) == [1.75, 5.0]; np.median == 3.0
        let fitted = try RobustScaler().fit(try FeatureMatrix([[8], [1], [4], [2]]))
        #expect(fitted.center == [3.0])
        #expect(fitted.scale == [3.25])
    }

    /// 1e-9: a 3 × 3 Jacobi eigen-solve agrees with LAPACK's to ~1e-15; the covariance sums differ in order.
    @Test func pcaMatchesSklearn() throws {
        let p = try PCA(components: 2).fit(uci.scaled)
        for c in 0..<2 {
            #expect(relativelyClose(p.explainedVarianceRatio[c], uci.golden.pca.explained_variance_ratio[c], 1e-9))
            for j in 0..<3 {
                #expect(abs(p.components[c][j] - uci.golden.pca.components[c][j]) <= 1e-9)
            }
        }
        for j in 0..<3 { #expect(abs(p.mean[j] - uci.golden.pca.mean[j]) <= 1e-12) }
        let coords = try p.transform(uci.scaled)
        #expect(coords.columns == 2 && coords.rows == uci.scaled.rows)
    }
}
