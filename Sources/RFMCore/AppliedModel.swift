import Foundation

/// A saved model and the folder (or file) it was read from.
public struct AppliedModel: Sendable {
    public let model: SavedModel
    public let source: String

    public init(model: SavedModel, source: String) {
        self.model = model
        self.source = source
    }

    /// Reads `DIR/model.json` (or a model file given directly).
    public static func load(path: String) throws(ModelFileError) -> AppliedModel {
        var isFolder: ObjCBool = false
        let file =
            FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) && isFolder.boolValue
            ? (path as NSString).appendingPathComponent("model.json") : path
        return AppliedModel(model: try SavedModel.load(path: file), source: path)
    }
}
