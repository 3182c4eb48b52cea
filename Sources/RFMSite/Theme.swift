import Foundation
import Mustache

/// A report theme: `themes/NAME/` with Mustache templates, `style.css` and `palette.json`. Files a theme does not
/// have are taken from the `default` theme, so a theme can be as small as a palette.
public struct Theme: Sendable {
    public let name: String
    public let directory: URL
    public let palette: ThemePalette
    public let stylesheet: String
    let library: MustacheLibrary

    /// The pages every theme renders (plus the `layout` and `chart` partials).
    public static let requiredTemplates = [
        "layout", "chart", "index", "data", "model", "method", "segment", "changes", "archive",
    ]

    /// Loads and checks a theme: the palette parses, every template compiles.
    public static func load(name: String, themesDirectory: URL) throws(ThemeError) -> Theme {
        let fm = FileManager.default
        let dir = themesDirectory.appendingPathComponent(name)
        var isDirectory: ObjCBool = false
        guard !name.contains("/"), fm.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue
        else {
            let available = ((try? fm.contentsOfDirectory(atPath: themesDirectory.path)) ?? [])
                .filter { entry in
                    var isDir: ObjCBool = false
                    return !entry.hasPrefix(".")
                        && fm.fileExists(
                            atPath: themesDirectory.appendingPathComponent(entry).path, isDirectory: &isDir)
                        && isDir.boolValue
                }.sorted()
            throw ThemeError(
                theme: name, file: nil,
                message: "no such theme in \(themesDirectory.path); available: \(available.joined(separator: ", "))")
        }
        let fallback = themesDirectory.appendingPathComponent("default")
        func read(_ file: String) throws(ThemeError) -> String {
            for base in [dir, fallback] {
                let url = base.appendingPathComponent(file)
                if fm.fileExists(atPath: url.path) {
                    guard let text = try? String(contentsOf: url, encoding: .utf8) else {
                        throw ThemeError(theme: name, file: url.path, message: "cannot read the file as UTF-8 text")
                    }
                    return text
                }
            }
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
        return Theme(name: name, directory: dir, palette: palette, stylesheet: try read("style.css"), library: library)
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

    /// Where themes are looked for: `$RFM_THEMES`, `./themes`, then beside the executable (and two levels up, for
    /// `.build/release/rfm` in a checkout).
    public static func locateThemes(executable: String = CommandLine.arguments.first ?? "") -> URL? {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["RFM_THEMES"] { candidates.append(URL(fileURLWithPath: env)) }
        candidates.append(
            URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("themes"))
        let exe = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        candidates += [
            exe.appendingPathComponent("themes"), exe.appendingPathComponent("../../themes").standardizedFileURL,
            exe.appendingPathComponent("../share/rfm/themes").standardizedFileURL,
        ]
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("default/palette.json").path)
        }
    }
}
