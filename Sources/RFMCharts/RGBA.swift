import Foundation

/// A colour with components in 0...1.
struct RGBA: Sendable, Equatable, Hashable {
    var r: Double, g: Double, b: Double, a: Double

    init(r: Double, g: Double, b: Double, a: Double = 1) {
        self.r = r
        self.g = g
        self.b = b
        self.a = a
    }

    /// Parses `#RRGGBB`; anything else is a validation error naming the field.
    init(hex: String, field: String) throws(ChartError) {
        let digits = Array(hex.utf8)
        guard digits.count == 7, digits[0] == UInt8(ascii: "#"),
            let value = UInt32(String(decoding: digits[1...], as: UTF8.self), radix: 16)
        else {
            throw ChartError(operation: "palette", message: "\(field) colour \"\(hex)\" is not #RRGGBB")
        }
        self.init(
            r: Double((value >> 16) & 0xFF) / 255, g: Double((value >> 8) & 0xFF) / 255,
            b: Double(value & 0xFF) / 255)
    }

    static let black = RGBA(r: 0, g: 0, b: 0)
    static let white = RGBA(r: 1, g: 1, b: 1)

    func withAlpha(_ alpha: Double) -> RGBA { RGBA(r: r, g: g, b: b, a: alpha) }

    /// Linear interpolation in sRGB, t in 0...1.
    func mixed(with other: RGBA, _ t: Double) -> RGBA {
        RGBA(r: r + (other.r - r) * t, g: g + (other.g - g) * t, b: b + (other.b - b) * t, a: a + (other.a - a) * t)
    }

    /// WCAG 2 relative luminance.
    var luminance: Double {
        func channel(_ c: Double) -> Double { c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4) }
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// WCAG 2 contrast ratio (1...21) between two opaque colours.
    static func contrast(_ x: RGBA, _ y: RGBA) -> Double {
        let (l1, l2) = (x.luminance, y.luminance)
        return (max(l1, l2) + 0.05) / (min(l1, l2) + 0.05)
    }

    /// The candidate with the highest contrast on `fill` if it reaches 4.5:1, else black or white, whichever is higher.
    static func readable(on fill: RGBA, preferring candidates: [RGBA]) -> RGBA {
        if let best = candidates.max(by: { contrast($0, fill) < contrast($1, fill) }), contrast(best, fill) >= 4.5 {
            return best
        }
        return contrast(.black, fill) >= contrast(.white, fill) ? .black : .white
    }
}
