/// The three columns of four consecutive rows of a row-major three-column matrix, as SIMD lanes: rows i..<i+4 are 12
/// consecutive doubles (x0 y0 z0 x1 y1 z1 x2 y2 z2 x3 y3 z3), read as three vectors and rearranged.
enum FourRows {
    @inline(__always)
    static func columns(_ base: UnsafeRawPointer, row i: Int) -> (x: SIMD4<Double>, y: SIMD4<Double>, z: SIMD4<Double>)
    {
        let p0 = base.loadUnaligned(fromByteOffset: 24 &* i, as: SIMD4<Double>.self)
        let p1 = base.loadUnaligned(fromByteOffset: 24 &* i &+ 32, as: SIMD4<Double>.self)
        let p2 = base.loadUnaligned(fromByteOffset: 24 &* i &+ 64, as: SIMD4<Double>.self)
        return (SIMD4(p0[0], p0[3], p1[2], p2[1]), SIMD4(p0[1], p1[0], p1[3], p2[2]), SIMD4(p0[2], p1[1], p2[0], p2[3]))
    }
}
