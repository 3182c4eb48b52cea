#if arch(x86_64)
    import _Builtin_intrinsics.intel
#endif

/// Square roots of a buffer in place, two at a time with SSE2 on x86-64.
///
/// `Double.squareRoot()` compiles to a scalar `sqrtsd` guarded by a call to libm's `sqrt` for negative inputs (to
/// set errno), which keeps loops of it from being vectorised; `_mm_sqrt_pd` is the same IEEE correctly rounded
/// square root, so the values are identical. The silhouette takes a square root per pair of points.
enum SquareRoots {
    static func inPlace(_ values: UnsafeMutableBufferPointer<Double>) {
        guard let base = values.baseAddress else { return }
        let n = values.count
        var i = 0
        #if arch(x86_64)
            while i &+ 2 <= n {
                _mm_storeu_pd(base + i, _mm_sqrt_pd(_mm_loadu_pd(base + i)))
                i &+= 2
            }
        #endif
        while i < n {
            base[i] = base[i].squareRoot()
            i += 1
        }
    }
}
