import RFMConcurrency
import RFMCore
import XLSXReader

extension ChunkQueue {
    /// The next chunk, or nil at the end; the producer's `InputError` as it is, any other failure as the file
    /// being unreadable.
    func popInput(file: String) throws(InputError) -> Chunk? {
        do {
            return try pop()
        } catch let error as InputError {
            throw error
        } catch {
            throw .unreadable(file: file, reason: "\(error)")
        }
    }
}
