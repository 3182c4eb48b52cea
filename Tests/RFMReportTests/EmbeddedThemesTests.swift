import Foundation
import Testing

@testable import RFMSite

/// The themes carried in the binary are exactly the files under `themes/` (made by `python3 themes/embed.py`).
@Suite struct EmbeddedThemesTests {
    @Test func theEmbeddedThemesAreTheFilesOfTheThemesFolder() throws {
        let folder = packageRoot.appendingPathComponent("themes")
        let fm = FileManager.default
        var onDisk: [String: [String: String]] = [:]
        for theme in try fm.contentsOfDirectory(atPath: folder.path) {
            let dir = folder.appendingPathComponent(theme)
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDirectory), isDirectory.boolValue else { continue }
            for file in try fm.contentsOfDirectory(atPath: dir.path) {
                onDisk[theme, default: [:]][file] = try String(
                    contentsOf: dir.appendingPathComponent(file), encoding: .utf8)
            }
        }
        #expect(Set(onDisk.keys) == Set(EmbeddedThemes.files.keys), "run: python3 themes/embed.py")
        for (theme, files) in onDisk {
            #expect(
                Set(files.keys) == Set((EmbeddedThemes.files[theme] ?? [:]).keys),
                "\(theme): run python3 themes/embed.py")
            for (name, text) in files {
                #expect(
                    EmbeddedThemes.files[theme]?[name] == text, "\(theme)/\(name) differs: run python3 themes/embed.py")
            }
        }
    }

    @Test func theShippedThemesLoadWithoutAFolder() throws {
        #expect(Theme.shippedThemes == ["dark", "default"])
        for name in Theme.shippedThemes {
            let theme = try Theme.load(name: name)
            #expect(theme.directory == nil)
            #expect(theme.stylesheet == EmbeddedThemes.files["default"]?["style.css"])
        }
        #expect(throws: ThemeError.self) { try Theme.load(name: "../default") }
    }
}
