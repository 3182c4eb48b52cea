import CCairo
import Foundation

/// Collects the bytes Cairo streams out (PNG or SVG); handed to Cairo as an unretained pointer.
final class ByteSink {
    var data = Data()

    /// Cairo's `cairo_write_func_t`: appends to the sink passed as `closure`.
    static let write: cairo_write_func_t = { closure, bytes, length in
        guard let closure else { return CAIRO_STATUS_WRITE_ERROR }
        let sink = Unmanaged<ByteSink>.fromOpaque(closure).takeUnretainedValue()
        if let bytes, length > 0 { sink.data.append(bytes, count: Int(length)) }
        return CAIRO_STATUS_SUCCESS
    }

    var pointer: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}
