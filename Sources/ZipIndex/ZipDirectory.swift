/// One entry of a ZIP central directory.
package struct ZipEntryInfo: Sendable {
    package let name: String
    package let method: UInt16
    package let flags: UInt16
    package let compressedSize: UInt64
    package let uncompressedSize: UInt64
    package let localHeaderOffset: UInt64
    /// CRC-32 of the uncompressed data, as the central directory records it.
    package let crc32: UInt32
    /// Where this entry's central directory record starts in the file, and its length.
    package let centralRecordOffset: Int
    package let centralRecordLength: Int
}

/// A minimal, bounds-checked reader of a ZIP (and ZIP64) central directory over a mapped file.
package struct ZipDirectory: Sendable {
    /// Entries by exact name.
    package let entries: [String: ZipEntryInfo]
    /// Entry names by lowercased name (OPC part names are case-insensitive).
    package let lowercased: [String: String]
    /// Every entry in central-directory order.
    package let ordered: [ZipEntryInfo]
    /// Where the central directory starts and how long it is.
    package let centralDirectoryOffset: Int
    package let centralDirectorySize: Int
    /// True when the archive uses ZIP64 records (its end record points to a ZIP64 one).
    package let isZip64: Bool

    /// Reads the central directory; `path` is used in errors only. Refuses a directory with more entries or
    /// bytes than `limits` allow, and entries whose bytes overlap each other or the directory.
    package init(file: MappedFile, path: String, limits: ZipLimits = .default) throws(ZipError) {
        let n = file.count
        guard n >= 4, let base = file.base else { throw .notAZip(path: path) }
        let startsLikeZip = file.le(0, 4) == 0x0403_4b50 || file.le(0, 4) == 0x0605_4b50
        // Find the end-of-central-directory record (22 bytes + comment of up to 65535 bytes).
        var eocd = -1
        if n >= 22 {
            var i = n - 22
            let lowest = max(0, n - 22 - 65535)
            while i >= lowest {
                if base.load(fromByteOffset: i, as: UInt8.self) == 0x50, file.le(i, 4) == 0x0605_4b50 {
                    eocd = i
                    break
                }
                i -= 1
            }
        }
        guard eocd >= 0 else {
            throw startsLikeZip ? .truncated(path: path, part: nil) : .notAZip(path: path)
        }
        var zip64 = false
        var total = file.le(eocd + 10, 2)
        var cdSize = file.le(eocd + 12, 4)
        var cdOffset = file.le(eocd + 16, 4)
        if total == 0xFFFF || cdSize == 0xFFFF_FFFF || cdOffset == 0xFFFF_FFFF {
            let loc = eocd - 20
            if loc >= 0, file.le(loc, 4) == 0x0706_4b50 {
                let z = file.le(loc + 8, 8)
                guard n >= 56, z <= UInt64(n - 56), file.le(Int(z), 4) == 0x0606_4b50 else {
                    throw .truncated(path: path, part: nil)
                }
                zip64 = true
                total = file.le(Int(z) + 32, 8)
                cdSize = file.le(Int(z) + 40, 8)
                cdOffset = file.le(Int(z) + 48, 8)
            }
        }
        guard cdOffset <= UInt64(n), cdSize <= UInt64(n) - cdOffset else {
            throw .truncated(path: path, part: nil)
        }
        if total > UInt64(max(limits.maxEntries, 0)) {
            throw .limitExceeded(
                path: path, part: Self.directoryName, what: "entries in the ZIP archive",
                limit: limits.maxEntries)
        }
        if cdSize > UInt64(max(limits.maxCentralDirectoryBytes, 0)) {
            throw .limitExceeded(
                path: path, part: Self.directoryName, what: "bytes of the ZIP central directory",
                limit: limits.maxCentralDirectoryBytes)
        }
        var map: [String: ZipEntryInfo] = [:]
        var lower: [String: String] = [:]
        var ordered: [ZipEntryInfo] = []
        var p = Int(cdOffset)
        let cdEnd = Int(cdOffset + cdSize)
        var k: UInt64 = 0
        while k < total {
            guard p + 46 <= cdEnd, file.le(p, 4) == 0x0201_4b50 else { throw .truncated(path: path, part: nil) }
            let flags = UInt16(file.le(p + 8, 2))
            let method = UInt16(file.le(p + 10, 2))
            var csize = file.le(p + 20, 4)
            var usize = file.le(p + 24, 4)
            let nameLen = Int(file.le(p + 28, 2))
            let extraLen = Int(file.le(p + 30, 2))
            let commentLen = Int(file.le(p + 32, 2))
            var offset = file.le(p + 42, 4)
            guard p + 46 + nameLen + extraLen + commentLen <= cdEnd else { throw .truncated(path: path, part: nil) }
            let nameBytes = UnsafeRawBufferPointer(start: base + p + 46, count: nameLen)
            var name = String(decoding: nameBytes, as: UTF8.self)
            if name.contains("\\") { name = name.replacingBackslashes() }
            // ZIP64 extended information extra field.
            var e = p + 46 + nameLen
            let eEnd = e + extraLen
            while e + 4 <= eEnd {
                let id = file.le(e, 2)
                let size = Int(file.le(e + 2, 2))
                if id == 0x0001 {
                    var q = e + 4
                    let qEnd = min(e + 4 + size, eEnd)
                    if usize == 0xFFFF_FFFF, q + 8 <= qEnd {
                        usize = file.le(q, 8)
                        q += 8
                    }
                    if csize == 0xFFFF_FFFF, q + 8 <= qEnd {
                        csize = file.le(q, 8)
                        q += 8
                    }
                    if offset == 0xFFFF_FFFF, q + 8 <= qEnd {
                        offset = file.le(q, 8)
                        q += 8
                    }
                }
                e += 4 + size
            }
            let info = ZipEntryInfo(
                name: name, method: method, flags: flags, compressedSize: csize,
                uncompressedSize: usize, localHeaderOffset: offset,
                crc32: UInt32(file.le(p + 16, 4)), centralRecordOffset: p,
                centralRecordLength: 46 + nameLen + extraLen + commentLen)
            ordered.append(info)
            map[name] = info
            lower[name.lowercased()] = name
            p += 46 + nameLen + extraLen + commentLen
            k += 1
        }
        try Self.refuseOverlaps(
            ordered, file: file, path: path,
            directory: Int(cdOffset)..<Int(cdOffset + cdSize))
        entries = map
        lowercased = lower
        self.ordered = ordered
        centralDirectoryOffset = Int(cdOffset)
        centralDirectorySize = Int(cdSize)
        isZip64 = zip64
    }

    /// How errors about the ZIP structure itself name the "part".
    package static let directoryName = "ZIP central directory"

    /// Throws `overlappingEntries` when the bytes of two entries (local header, name, extra field and
    /// compressed data) overlap, or when an entry overlaps the central directory: the "zip bomb by overlap"
    /// that makes many large parts out of the same compressed bytes. O(n log n) in the number of entries.
    /// An entry whose local header or data lies outside the file is left out here: reading it fails as truncated.
    /// (A data descriptor after the data is not counted, so a valid archive never overlaps.)
    static func refuseOverlaps(
        _ ordered: [ZipEntryInfo], file: MappedFile, path: String,
        directory: Range<Int>
    ) throws(ZipError) {
        let n = UInt64(file.count)
        var spans: [(start: Int, end: Int, entry: Int)] = []
        spans.reserveCapacity(ordered.count)
        for (k, e) in ordered.enumerated() {
            let lh = e.localHeaderOffset
            guard lh <= n, n - lh >= 30, file.le(Int(lh), 4) == 0x0403_4b50 else { continue }
            let dataStart = lh + 30 + file.le(Int(lh) + 26, 2) + file.le(Int(lh) + 28, 2)
            guard dataStart <= n, e.compressedSize <= n - dataStart else { continue }
            let span = (start: Int(lh), end: Int(dataStart + e.compressedSize), entry: k)
            if span.start < directory.upperBound && directory.lowerBound < span.end {
                throw .overlappingEntries(path: path, part: e.name, other: "the ZIP central directory")
            }
            spans.append(span)
        }
        spans.sort { $0.start < $1.start }
        var reach = -1
        var reacher = -1
        for s in spans {
            if s.start < reach {
                throw .overlappingEntries(
                    path: path, part: ordered[s.entry].name,
                    other: "the part '\(ordered[reacher].name)'")
            }
            if s.end > reach {
                reach = s.end
                reacher = s.entry
            }
        }
    }

    /// The entry for an OPC part name (exact match first, then case-insensitive).
    package func entry(_ part: String) -> ZipEntryInfo? {
        if let e = entries[part] { return e }
        if let real = lowercased[part.lowercased()] { return entries[real] }
        return nil
    }
}

extension String {
    /// The string with every backslash replaced by a slash (some writers use DOS separators).
    package func replacingBackslashes() -> String {
        String(self.map { $0 == "\\" ? "/" : $0 })
    }
}
