/// The fields of the record being scanned, reused from record to record: a plain growable buffer, so adding a
/// field is a store and an increment (an array's uniqueness and capacity checks on every field were a tenth of the
/// scanning thread's time). Only the scanning thread uses the list.
final class CSVFieldList {
    private(set) var base: UnsafeMutablePointer<CSVScanner.Field>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 32) {
        self.capacity = capacity
        base = .allocate(capacity: capacity)
    }

    deinit { base.deallocate() }

    @inline(__always)
    func removeAll() { count = 0 }

    @inline(__always)
    func append(_ field: CSVScanner.Field) {
        if count == capacity { grow() }
        base[count] = field
        count &+= 1
    }

    @inline(__always)
    subscript(_ i: Int) -> CSVScanner.Field { base[i] }

    private func grow() {
        let larger = UnsafeMutablePointer<CSVScanner.Field>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: base, count: count)
        base.deallocate()
        base = larger
        capacity *= 2
    }
}
