import Foundation

/// A point in CSS px, y down.
struct Point: Sendable, Equatable {
    var x: Double
    var y: Double
}

/// An axis-aligned rectangle in CSS px.
struct Rect: Sendable, Equatable {
    var x: Double, y: Double, width: Double, height: Double

    var minX: Double { x }
    var minY: Double { y }
    var maxX: Double { x + width }
    var maxY: Double { y + height }

    /// True when the interiors overlap (touching edges do not count).
    func intersects(_ o: Rect) -> Bool {
        minX < o.maxX - 0.01 && o.minX < maxX - 0.01 && minY < o.maxY - 0.01 && o.minY < maxY - 0.01
    }

    /// True when `o` lies inside this rectangle (with 0.01 px tolerance).
    func contains(_ o: Rect) -> Bool {
        o.minX >= minX - 0.01 && o.maxX <= maxX + 0.01 && o.minY >= minY - 0.01 && o.maxY <= maxY + 0.01
    }
}

/// Overlap test for convex polygons (separating axis theorem); used for rotated label boxes.
func polygonsOverlap(_ a: [Point], _ b: [Point]) -> Bool {
    for poly in [a, b] {
        for i in poly.indices {
            let p = poly[i]
            let q = poly[(i + 1) % poly.count]
            let axis = Point(x: -(q.y - p.y), y: q.x - p.x)
            let pa = a.map { $0.x * axis.x + $0.y * axis.y }
            let pb = b.map { $0.x * axis.x + $0.y * axis.y }
            let len = (axis.x * axis.x + axis.y * axis.y).squareRoot()
            if pa.max()! <= pb.min()! + 0.01 * len || pb.max()! <= pa.min()! + 0.01 * len { return false }
        }
    }
    return true
}
