import Foundation
import Mustache

/// A report theme: Mustache templates, `style.css` and `palette.json`. The shipped themes (`default`, `dark`) are
/// carried in the binary (`EmbeddedThemes`, made from `themes/`), so `rfm` runs from any folder; a theme of one's own
/// is a folder `NAME/` in a theme folder (`--theme-dir DIR`, `$RFM_THEMES`). Files a theme does not have are taken
/// from the shipped `default` theme, so a theme can be as small as a palette.
public struct Theme: Sendable {
    public let name: String
    /// Where the theme's own files came from: its folder, or nil for a shipped theme.
    public let directory: URL?
    public let palette: ThemePalette
    public let stylesheet: String
    let library: MustacheLibrary

    /// The pages every theme renders (plus the `layout` and `chart` partials).
    public static let requiredTemplates = [
        "layout", "chart", "index", "data", "model", "method", "segment", "changes", "archive",
    ]

    /// The themes carried in the binary.
    public static var shippedThemes: [String] { EmbeddedThemes.files.keys.sorted() }

    /// Loads and checks the theme `name`: from `NAME/` in the first of `searchPaths` that has it, else the shipped
    /// theme of that name; the palette must parse and every template compile.
    public static func load(name: String, searchPaths: [URL] = []) throws(ThemeError) -> Theme {
        let fm = FileManager.default
        func isFolder(_ url: URL) -> Bool {
            var isDirectory: ObjCBool = false
            return fm.fileExists(atPath: url.path, isDirectory: &isDirectory) && isDirectory.boolValue
        }
        let folder =
            name.contains("/") || name.hasPrefix(".") || name.isEmpty
            ? nil : searchPaths.map { $0.appendingPathComponent(name) }.first(where: isFolder)
        let shipped = EmbeddedThemes.files[name]
        guard folder != nil || shipped != nil else {
            var available = Set(shippedThemes)
            for path in searchPaths {
                for entry in (try? fm.contentsOfDirectory(atPath: path.path)) ?? []
                where !entry.hasPrefix(".") && isFolder(path.appendingPathComponent(entry)) {
                    available.insert(entry)
                }
            }
            let looked = searchPaths.isEmpty ? "" : " (looked in \(searchPaths.map(\.path).joined(separator: ", ")))"
            throw ThemeError(
                theme: name, file: nil,
                message: "no such theme\(looked); available: \(available.sorted().joined(separator: ", "))")
        }
        let fallback = EmbeddedThemes.files["default"] ?? [:]
        func read(_ file: String) throws(ThemeError) -> String {
            if let folder {
                let url = folder.appendingPathComponent(file)
                if fm.fileExists(atPath: url.path) {
                    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                        throw ThemeError(theme: name, file: url.path, message: "cannot read the file as UTF-8 text")
                    }
                    return text
                }
            } else if let text = shipped?[file] {
                return text
            }
            if let text = fallback[file] { return text }
            throw ThemeError(theme: name, file: file, message: "missing (and the default theme has none either)")
        }
        let palette: ThemePalette
        do {
            palette = try JSONDecoder().decode(ThemePalette.self, from: Data(try read("palette.json").utf8))
        } catch let error as ThemeError {
            throw error
        } catch {
            throw ThemeError(theme: name, file: "palette.json", message: "not a valid palette: \(Self.describe(error))")
        }
        for colour in [palette.page.background, palette.page.text, palette.page.accent] + palette.chart.series
        where ThemePalette.rgb(colour) == nil {
            throw ThemeError(theme: name, file: "palette.json", message: "\"\(colour)\" is not a colour like #1F2937")
        }
        var library = MustacheLibrary()
        for template in requiredTemplates {
            let text = try read(template + ".mustache")
            do {
                try library.register(text, named: template)
            } catch {
                throw ThemeError(
                    theme: name, file: template + ".mustache", message: "the template does not compile: \(error)")
            }
        }
        return Theme(
            name: name, directory: folder, palette: palette, stylesheet: try read("style.css"), library: library)
    }

    /// Loads `name` from `themesDirectory/NAME/` (or the shipped theme of that name).
    public static func load(name: String, themesDirectory: URL) throws(ThemeError) -> Theme {
        try load(name: name, searchPaths: [themesDirectory])
    }

    /// Where a user's themes are looked for: `--theme-dir DIR` first, then `$RFM_THEMES`. A folder given that does
    /// not exist is an error (exit 2), not a silent fall-back to the shipped themes.
    public static func searchPaths(
        for theme: String, themeDirectory: String?, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws(ThemeError) -> [URL] {
        var paths: [URL] = []
        for (path, origin) in [(themeDirectory, "--theme-dir"), (environment["RFM_THEMES"], "$RFM_THEMES")] {
            guard let path, !path.isEmpty else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ThemeError(theme: theme, file: nil, message: "\(origin) \(path) is not a folder")
            }
            paths.append(URL(fileURLWithPath: path))
        }
        return paths
    }

    /// Renders a page template with a context of dictionaries and arrays.
    public func render(_ template: String, _ context: [String: Any]) throws(ThemeError) -> String {
        guard let html = library.render(context, withTemplate: template) else {
            throw ThemeError(theme: name, file: template + ".mustache", message: "no such template")
        }
        return html
    }

    private static func describe(_ error: Error) -> String {
        if case DecodingError.keyNotFound(let key, let context) = error {
            return "missing \((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))"
        }
        if case DecodingError.typeMismatch(_, let context) = error {
            return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))"
        }
        return "\(error)"
    }
}
