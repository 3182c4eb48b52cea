import Foundation
import ZipIndex

/// One OPC relationship (`<Relationship Id Type Target TargetMode>`).
struct Relationship {
    let id: String
    let type: String
    let target: String
    let external: Bool
}

/// Parsing of OPC relationship parts and resolution of their targets (ECMA-376 Part 2).
enum Relationships {
    /// The relationships listed in a `.rels` part.
    static func parse(_ bytes: [UInt8], limits: XLSXLimits = .default) throws(ScanFailure) -> [Relationship] {
        var out: [Relationship] = []
        try SmallPartReader.forEachTag(bytes, limits: limits) { (x, t, attrs) in
            guard x.isNamed(t, "Relationship") else { return }
            let target = attrs["Target"] ?? ""
            out.append(
                Relationship(
                    id: attrs["Id"] ?? "", type: attrs["Type"] ?? "", target: target,
                    external: attrs["TargetMode"] == "External"))
        }
        return out
    }

    /// The relationships part of a source part: `xl/workbook.xml` → `xl/_rels/workbook.xml.rels`.
    static func relsPath(for part: String) -> String {
        if let slash = part.lastIndex(of: "/") {
            return part[..<slash] + "/_rels/" + part[part.index(after: slash)...] + ".rels"
        }
        return "_rels/" + part + ".rels"
    }

    /// Resolves a target relative to the folder of `source` (or absolute when it starts with `/`)
    /// into a ZIP entry name, decoding percent escapes and `.`/`..` segments.
    static func resolve(_ target: String, from source: String) -> String {
        var t = target.replacingBackslashes()
        t = t.removingPercentEncoding ?? t
        if let hash = t.firstIndex(of: "#") { t = String(t[..<hash]) }
        var segments: [Substring] = []
        if !t.hasPrefix("/") {
            if let slash = source.lastIndex(of: "/") {
                segments = source[..<slash].split(separator: "/")
            }
        }
        for s in t.split(separator: "/", omittingEmptySubsequences: true) {
            if s == "." { continue }
            if s == ".." {
                if !segments.isEmpty { segments.removeLast() }
                continue
            }
            segments.append(s)
        }
        return segments.joined(separator: "/")
    }
}
