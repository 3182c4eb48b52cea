/// Rewrites the ids Cairo writes into an SVG so several SVGs can share one HTML page.
enum SVGIdentifiers {
    /// A prefix must start with a letter and hold only letters, digits, "-" and "_".
    static func isValidPrefix(_ p: String) -> Bool {
        guard let f = p.unicodeScalars.first, f.isASCIILetter else { return false }
        return p.unicodeScalars.allSatisfy { $0.isASCIILetter || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    /// Prefixes every `id="…"`, `href="#…"` and `url(#…)`; Cairo's process-wide surface numbers
    /// (`surface17`, `image3`) are renumbered by first appearance so the same chart gives the same bytes.
    static func prefixed(_ svg: String, prefix: String) -> String {
        var source = svg
        return source.withUTF8 { bytes in
            let n = bytes.count
            var out: [UInt8] = []
            out.reserveCapacity(n + 4096)
            let markers: [[UInt8]] = [Array(" id=\"".utf8), Array("href=\"#".utf8), Array("url(#".utf8)]
            let prefixBytes = Array(prefix.utf8)
            var renumbered: [String: [String: Int]] = [:]
            // Bytes are copied a span at a time, up to the next marker.
            var copied = 0
            var i = 0
            outer: while i < n {
                let b = bytes[i]
                if b == UInt8(ascii: " ") || b == UInt8(ascii: "h") || b == UInt8(ascii: "u") {
                    for m in markers where m[0] == b && i + m.count <= n && Self.matches(bytes, at: i, m) {
                        i += m.count
                        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<i]))
                        var j = i
                        while j < n, bytes[j] != UInt8(ascii: "\""), bytes[j] != UInt8(ascii: ")") { j += 1 }
                        let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<j]), as: UTF8.self)
                        out += prefixBytes
                        out += Array(canonical(name, &renumbered).utf8)
                        i = j
                        copied = j
                        continue outer
                    }
                }
                i += 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[copied..<n]))
            return String(decoding: out, as: UTF8.self)
        }
    }

    @inline(__always)
    private static func matches(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, _ marker: [UInt8]) -> Bool {
        for k in 1..<marker.count where bytes[i + k] != marker[k] { return false }
        return true
    }

    /// `surface123` → `surface1` (by order of first appearance); other names unchanged.
    private static func canonical(_ name: String, _ table: inout [String: [String: Int]]) -> String {
        for stem in ["surface", "image", "source"] where name.hasPrefix(stem) {
            let digits = name.dropFirst(stem.count)
            guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit) else { continue }
            var map = table[stem, default: [:]]
            let n = map[name] ?? (map.count + 1)
            map[name] = n
            table[stem] = map
            return "\(stem)\(n)"
        }
        return name
    }

    /// Adds `role="img"` and an `aria-label` to the root element.
    static func accessible(_ svg: String, label: String) -> String {
        guard let r = svg.range(of: "<svg ") else { return svg }
        var s = svg
        s.insert(contentsOf: "role=\"img\" aria-label=\"\(escape(label))\" ", at: r.upperBound)
        return s
    }

    /// XML attribute escaping.
    static func escape(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
