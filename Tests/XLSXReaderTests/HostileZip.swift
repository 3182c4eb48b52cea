import CZlibSystem
import Foundation

/// Writes ZIP packages by hand for the hostile-input tests, so that no large or damaged file is committed: any
/// size, CRC-32 or offset can be declared, and central-directory records can point at data already written.
struct HostileZip {
    private(set) var bytes: [UInt8] = []
    private var central: [UInt8] = []
    private var count = 0

    /// An entry as the central directory will describe it.
    struct Record {
        var name: String
        var method: UInt16
        var crc: UInt32
        var compressedSize: Int
        var uncompressedSize: Int
        var localOffset: Int
    }

    /// Writes a local header and `payload` (already deflated when `method` is 8) and a central record for
    /// them; returns the record (for more records pointing at the same bytes).
    @discardableResult
    mutating func add(_ name: String, payload: [UInt8], method: UInt16, uncompressedSize: Int, crc: UInt32) -> Record {
        let r = addLocalOnly(name, payload: payload, method: method, uncompressedSize: uncompressedSize, crc: crc)
        addRecord(r)
        return r
    }

    /// Writes a local header and `payload` only; returns the record that would describe them.
    mutating func addLocalOnly(
        _ name: String, payload: [UInt8], method: UInt16, uncompressedSize: Int? = nil,
        crc: UInt32
    ) -> Record {
        let uncompressedSize = uncompressedSize ?? payload.count
        let n = Array(name.utf8)
        let offset = bytes.count
        put32(&bytes, 0x0403_4b50)
        put16(&bytes, 20)
        put16(&bytes, 0)
        put16(&bytes, method)
        put16(&bytes, 0)
        put16(&bytes, 0)
        put32(&bytes, crc)
        put32(&bytes, UInt32(payload.count))
        put32(&bytes, UInt32(truncatingIfNeeded: uncompressedSize))
        put16(&bytes, UInt16(n.count))
        put16(&bytes, 0)
        bytes += n
        bytes += payload
        return Record(
            name: name, method: method, crc: crc, compressedSize: payload.count,
            uncompressedSize: uncompressedSize, localOffset: offset)
    }

    /// A stored entry with its true CRC-32 (or `crc`).
    @discardableResult
    mutating func stored(_ name: String, _ data: [UInt8], crc: UInt32? = nil) -> Record {
        add(name, payload: data, method: 0, uncompressedSize: data.count, crc: crc ?? Self.crc(data))
    }

    /// A deflated entry with its true size and CRC-32 (or `crc`).
    @discardableResult
    mutating func deflated(_ name: String, _ data: [UInt8], crc: UInt32? = nil) -> Record {
        add(name, payload: Self.deflate(data), method: 8, uncompressedSize: data.count, crc: crc ?? Self.crc(data))
    }

    /// A central directory record only (pointing wherever `r` says).
    mutating func addRecord(_ r: Record) {
        let n = Array(r.name.utf8)
        put32(&central, 0x0201_4b50)
        put16(&central, 20)
        put16(&central, 20)
        put16(&central, 0)
        put16(&central, r.method)
        put16(&central, 0)
        put16(&central, 0)
        put32(&central, r.crc)
        put32(&central, UInt32(r.compressedSize))
        put32(&central, UInt32(truncatingIfNeeded: r.uncompressedSize))
        put16(&central, UInt16(n.count))
        put16(&central, 0)
        put16(&central, 0)
        put16(&central, 0)
        put16(&central, 0)
        put32(&central, 0)
        put32(&central, UInt32(r.localOffset))
        central += n
        count += 1
    }

    /// The whole file: entries, central directory, end record.
    func finished() -> [UInt8] {
        var out = bytes
        let cdOffset = out.count
        out += central
        put32(&out, 0x0605_4b50)
        put16(&out, 0)
        put16(&out, 0)
        put16(&out, UInt16(count))
        put16(&out, UInt16(count))
        put32(&out, UInt32(central.count))
        put32(&out, UInt32(cdOffset))
        put16(&out, 0)
        return out
    }

    /// Writes the file to a fresh temporary path.
    func write(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory
            .appendingPathComponent("hostile-\(label)-\(UUID().uuidString).xlsx")
        try Data(finished()).write(to: url)
        return url
    }

    private func put16(_ b: inout [UInt8], _ v: UInt16) { b += [UInt8(v & 0xFF), UInt8(v >> 8)] }
    private func put32(_ b: inout [UInt8], _ v: UInt32) {
        b += [UInt8(v & 0xFF), UInt8((v >> 8) & 0xFF), UInt8((v >> 16) & 0xFF), UInt8(v >> 24)]
    }

    // MARK: zlib

    static func crc(_ data: [UInt8]) -> UInt32 {
        UInt32(data.withUnsafeBufferPointer { crc32(0, $0.baseAddress, UInt32($0.count)) })
    }

    /// The CRC-32 of `prefix`, `block` repeated `times` times and `suffix`.
    static func crcRepeated(prefix: [UInt8], block: [UInt8], times: Int, suffix: [UInt8]) -> UInt32 {
        func add(_ c: UInt, _ d: [UInt8]) -> UInt {
            d.withUnsafeBufferPointer { crc32(c, $0.baseAddress, UInt32($0.count)) }
        }
        var c = add(0, prefix)
        for _ in 0..<times { c = add(c, block) }
        return UInt32(add(c, suffix))
    }

    /// Raw deflate (no zlib header) of `data`.
    static func deflate(_ data: [UInt8]) -> [UInt8] {
        let d = Deflater()
        var out = d.run(data, flush: Z_FINISH)
        out += d.end()
        return out
    }

    /// Raw deflate of `prefix`, then `block` repeated `times` times, then `suffix`, built in time independent of
    /// `times`: each block is compressed once after a full flush (which resets the compressor's history), so its
    /// compressed bytes can be repeated. `times` blocks of 1 MiB make a part of `times` MiB from a few KiB.
    static func deflateRepeated(prefix: [UInt8], block: [UInt8], times: Int, suffix: [UInt8]) -> [UInt8] {
        precondition(times >= 1)
        let d = Deflater()
        var out = d.run(prefix, flush: Z_FULL_FLUSH)
        out += d.run(block, flush: Z_FULL_FLUSH)  // the first block (state after the prefix)
        let again = d.run(block, flush: Z_FULL_FLUSH)  // a block after a full flush: repeatable
        for _ in 1..<times { out += again }
        out += d.run(suffix, flush: Z_FINISH)
        out += d.end()
        return out
    }

    /// A raw deflate stream, one call at a time.
    private struct Deflater {
        let stream: UnsafeMutablePointer<z_stream>

        init() {
            stream = .allocate(capacity: 1)
            stream.initialize(to: z_stream())
            let rc = deflateInit2_(
                stream, 6, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
                Int32(MemoryLayout<z_stream>.size))
            precondition(rc == Z_OK)
        }

        func run(_ data: [UInt8], flush: Int32) -> [UInt8] {
            var out: [UInt8] = []
            var input = data
            input.withUnsafeMutableBufferPointer { inp in
                stream.pointee.next_in = inp.baseAddress
                stream.pointee.avail_in = UInt32(inp.count)
                var buffer = [UInt8](repeating: 0, count: 1 << 16)
                repeat {
                    buffer.withUnsafeMutableBufferPointer { o in
                        stream.pointee.next_out = o.baseAddress
                        stream.pointee.avail_out = UInt32(o.count)
                        _ = CZlibSystem.deflate(stream, flush)
                        out += o[0..<(o.count - Int(stream.pointee.avail_out))]
                    }
                } while stream.pointee.avail_out == 0
            }
            return out
        }

        func end() -> [UInt8] {
            deflateEnd(stream)
            stream.deallocate()
            return []
        }
    }
}

/// The parts of a minimal workbook around hostile sheet or workbook XML.
enum HostileWorkbook {
    static let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let pkg = "http://schemas.openxmlformats.org/package/2006/relationships"

    static let rootRels = Array(
        ("<Relationships xmlns=\"\(pkg)\"><Relationship Id=\"rId1\" Type=\"\(rel)/officeDocument\" "
            + "Target=\"xl/workbook.xml\"/></Relationships>").utf8)

    /// `workbook.xml` listing `sheets` sheets (rId1 ... rIdN).
    static func workbook(sheets: Int) -> [UInt8] {
        let list = (1...sheets).map { "<sheet name=\"S\($0)\" sheetId=\"\($0)\" r:id=\"rId\($0)\"/>" }.joined()
        return Array("<workbook xmlns=\"\(main)\" xmlns:r=\"\(rel)\"><sheets>\(list)</sheets></workbook>".utf8)
    }

    /// `workbook.xml.rels` pointing rIdK at `xl/worksheets/sheetK.xml`.
    static func workbookRels(sheets: Int) -> [UInt8] {
        let list = (1...sheets).map {
            "<Relationship Id=\"rId\($0)\" Type=\"\(rel)/worksheet\" Target=\"worksheets/sheet\($0).xml\"/>"
        }.joined()
        return Array("<Relationships xmlns=\"\(pkg)\">\(list)</Relationships>".utf8)
    }

    /// A package with the three small parts (deflated, true CRCs) and nothing else yet.
    static func package(sheets: Int = 1, workbook: [UInt8]? = nil) -> HostileZip {
        var z = HostileZip()
        z.deflated("_rels/.rels", rootRels)
        z.deflated("xl/workbook.xml", workbook ?? self.workbook(sheets: sheets))
        z.deflated("xl/_rels/workbook.xml.rels", workbookRels(sheets: sheets))
        return z
    }

    /// Sheet XML with `rows` simple rows.
    static func sheet(rows: Int, extra: String = "") -> [UInt8] {
        let body = (1...max(rows, 1)).map { "<row r=\"\($0)\"><c r=\"A\($0)\"><v>\($0)</v></c></row>" }.joined()
        return Array("<worksheet xmlns=\"\(main)\"><sheetData>\(body)\(extra)</sheetData></worksheet>".utf8)
    }
}
