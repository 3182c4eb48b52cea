import Foundation

/// Where the site writes its files (the run's staging folder): paths are relative to the report's root.
public protocol SiteOutput: Sendable {
    func write(_ data: Data, to relativePath: String) throws
    func write(_ text: String, to relativePath: String) throws
}
