/// Bounds on the nesting of a JSON or YAML text, measured on the text before any parser sees it.
///
/// Yams' composer and the JSON parsers are recursive: a text nested 10,000 levels deep overflows the stack
/// before any error can be reported. These scanners run over the bytes with a constant amount of stack and
/// report the deepest nesting (and where it first passes a limit), so a hostile file is refused first.
public enum StructureScan {
    /// What a scan found.
    public struct Report: Sendable, Equatable {
        /// The deepest nesting of collections seen (the root collection is 1; a scalar document is 0). For YAML
        /// this is an upper bound of the depth of Yams' node tree (not counting the scalar leaves): a flow sequence
        /// counts 2 levels, as its entries can be mappings of one pair (`[a: b]`).
        public var maxDepth = 0
        /// The 1-based line where the nesting first went past the limit given to the scan, if it did.
        public var lineOverLimit: Int?
        /// YAML only: anchors (`&name`) and aliases (`*name`) outside quoted text, comments and block scalars.
        public var anchors = 0
        public var aliases = 0
    }

    /// JSON: `[` and `{` outside strings (the strings' escapes followed), exact.
    public static func json<C: Collection>(_ bytes: C, depthLimit: Int) -> Report where C.Element == UInt8 {
        var report = Report()
        var depth = 0
        var line = 1
        var inString = false
        var escaped = false
        for c in bytes {
            if c == 0x0A { line += 1 }
            if inString {
                if escaped {
                    escaped = false
                } else if c == 0x5C {
                    escaped = true
                } else if c == 0x22 {
                    inString = false
                }
                continue
            }
            switch c {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                depth += 1
                if depth > report.maxDepth {
                    report.maxDepth = depth
                    if depth > depthLimit, report.lineOverLimit == nil { report.lineOverLimit = line }
                }
            case 0x5D, 0x7D: depth = max(0, depth - 1)
            default: break
            }
        }
        return report
    }

    /// YAML: an upper bound of the nesting, following libyaml's rules for what starts a token: flow collections
    /// (`[`, `{`) outside quoted scalars, comments, plain scalars and block scalars; block collections by their
    /// columns (each block sequence `- ` and each mapping key opens a collection at its column, a deeper column
    /// nests), with compact nesting on one line (`- - - x`, `- key: value`) and a block sequence at the column
    /// of its mapping key; block scalars (`|`, `>`) skipped with libyaml's indentation rule; quoted scalars
    /// across lines; plain scalars continued on more indented lines. Also counts anchors and aliases.
    public static func yaml(_ bytes: [UInt8], depthLimit: Int) -> Report {
        var scanner = YAMLScanner(bytes, depthLimit: depthLimit)
        scanner.run()
        return scanner.report
    }
}

/// The state machine behind `StructureScan.yaml`. Every loop advances `i`; nothing recurses.
struct YAMLScanner {
    enum Mode { case token, plain, afterNode, doubleQuoted, singleQuoted }

    let b: [UInt8]
    let n: Int
    let depthLimit: Int
    var report = StructureScan.Report()
    var i = 0
    var line = 1
    /// Column in characters (UTF-8 continuation bytes are not counted), as libyaml counts.
    var col = 0
    var flowDepth = 0
    /// Levels the open flow collections can make: 1 for a mapping, 2 for a sequence, whose entry `a: b` is a
    /// mapping of one pair without brackets of its own (`[a: [b: [c: d]]]` nests 6 levels with 3 brackets).
    var flowLevels: [Int] = []
    var flowLevelTotal = 0
    /// The deepest `flowLevelTotal` inside the last top-level flow collection: when it turns out to be a key
    /// (`[a: b]: c`), the block mapping made around it adds a level to all of it.
    var keyFlowPeak = 0
    /// Open block collections: column and whether it is a sequence.
    var blocks: [(col: Int, seq: Bool)] = []
    var mode = Mode.token
    /// The innermost block collection's column on this line (libyaml's `parser->indent`), -1 at the top.
    var parentCol = -1
    /// Column where the current node's token started (a key's column when a `:` follows): its first property
    /// (`!tag`, `&anchor`) when it has any, as libyaml saves a simple key there.
    var tokenCol = 0
    /// The column of the first property of the node to come on this line, if any.
    var propertiesCol: Int?
    /// The innermost block collection's column when the plain scalar in progress started (for continuation).
    var plainParent = -1
    /// The previous character was white space or a line break (a `#` then starts a comment).
    var afterSpace = true

    init(_ bytes: [UInt8], depthLimit: Int) {
        b = bytes
        n = bytes.count
        self.depthLimit = depthLimit
    }

    func at(_ k: Int) -> UInt8 { k < n ? b[k] : 0 }
    /// A line break at `k`: LF, CR, NEL (C2 85), LS/PS (E2 80 A8/A9); returns its length, 0 if none.
    func breakLength(_ k: Int) -> Int {
        switch at(k) {
        case 0x0A: return 1
        case 0x0D: return at(k + 1) == 0x0A ? 2 : 1
        case 0xC2: return at(k + 1) == 0x85 ? 2 : 0
        case 0xE2: return at(k + 1) == 0x80 && (at(k + 2) == 0xA8 || at(k + 2) == 0xA9) ? 3 : 0
        default: return 0
        }
    }
    func isEOL(_ k: Int) -> Bool { k >= n || breakLength(k) > 0 }
    func isBlank(_ k: Int) -> Bool { at(k) == 0x20 || at(k) == 0x09 }
    func isBlankOrEOL(_ k: Int) -> Bool { isBlank(k) || isEOL(k) }
    func isFlowIndicator(_ c: UInt8) -> Bool { c == 0x2C || c == 0x5B || c == 0x5D || c == 0x7B || c == 0x7D }

    mutating func advance() {
        if b[i] & 0xC0 != 0x80 { col += 1 }
        i += 1
    }

    /// Past the line break at `i` (or the end), to the start of the next line.
    mutating func newLine() {
        let k = breakLength(i)
        i += max(k, i < n ? 1 : 0)
        line += 1
        col = 0
        afterSpace = true
    }

    mutating func checkDepth(extra: Int = 0) {
        let depth = blocks.count + flowLevelTotal + extra
        if depth > report.maxDepth {
            report.maxDepth = depth
            if depth > depthLimit, report.lineOverLimit == nil { report.lineOverLimit = line }
        }
    }

    /// A block collection at `c`: a sequence entry (`- `) or a mapping key.
    mutating func block(at c: Int, seq: Bool) {
        guard flowDepth == 0 else { return }
        while let top = blocks.last, top.col > c { blocks.removeLast() }
        if let top = blocks.last, top.col == c {
            if top.seq == seq {
                parentCol = c
                return
            }
            if seq {
                blocks.append((c, true))  // a block sequence as the value of the key at the same column
            } else {
                blocks.removeLast()  // a key after such a sequence: back to its mapping
                if let outer = blocks.last, outer.col == c, !outer.seq {
                    parentCol = c
                    return
                }
                blocks.append((c, false))
            }
        } else {
            blocks.append((c, seq))
        }
        parentCol = c
        checkDepth()
    }

    mutating func openFlow() {
        if flowDepth == 0 { tokenCol = propertiesCol ?? col }
        propertiesCol = nil
        flowDepth += 1
        flowLevels.append(b[i] == 0x5B ? 2 : 1)
        flowLevelTotal += flowLevels[flowLevels.count - 1]
        if flowDepth == 1 { keyFlowPeak = 0 }
        keyFlowPeak = max(keyFlowPeak, flowLevelTotal)
        checkDepth()
    }

    /// An anchor, alias or tag name: up to white space or (in flow) a flow indicator.
    mutating func skipName() {
        while !isBlankOrEOL(i), !isFlowIndicator(b[i]) { advance() }
    }

    /// An anchor or alias name as libyaml scans it: letters, digits, `-` and `_` (`&a:` is the anchor `a`, then `:`).
    mutating func skipAnchorName() {
        while i < n {
            let c = b[i]
            guard
                (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x2D
                    || c == 0x5F
            else { return }
            advance()
        }
    }

    mutating func skipToEOL() {
        while !isEOL(i) { advance() }
    }

    mutating func run() {
        if at(0) == 0xEF, at(1) == 0xBB, at(2) == 0xBF { i = 3 }
        while i < n {
            startLine()
            while !isEOL(i) {
                step()
                if pendingLineStart {
                    pendingLineStart = false
                    startLine()
                }
            }
            if mode == .plain { afterSpace = true }  // a plain scalar may continue on the next line
            if i >= n { break }
            newLine()
        }
    }

    /// At the start of a line: indentation, then what the line continues or opens.
    mutating func startLine() {
        var indent = 0
        while at(i) == 0x20 {
            advance()
            indent += 1
        }
        afterSpace = true
        propertiesCol = nil
        if isEOL(i) { return }  // blank lines change nothing (also inside quoted and plain scalars)
        switch mode {
        case .doubleQuoted, .singleQuoted:
            return
        case _ where at(i) == 0x23:
            // A comment line changes no indentation (it ends a plain scalar: `step` skips it as a comment).
            return
        case .plain where flowDepth > 0:
            return  // a flow plain scalar continues unless an indicator follows (see `step`)
        case .plain:
            if at(i) != 0x23, indent > plainParent { return }  // continued on a more indented line
            mode = .token
        default:
            if flowDepth > 0 { return }
            mode = .token
        }
        // A new line of block structure.
        if indent == 0 {
            let three = (at(i), at(i + 1), at(i + 2))
            if three == (0x2D, 0x2D, 0x2D) || three == (0x2E, 0x2E, 0x2E), isBlankOrEOL(i + 3) {
                blocks.removeAll()
                parentCol = -1
                for _ in 0..<3 { advance() }
                return
            }
            if at(i) == 0x25 {
                skipToEOL()
                return
            }  // a directive
        }
        while let top = blocks.last, top.col > indent { blocks.removeLast() }
        parentCol = blocks.last?.col ?? -1
    }

    mutating func step() {
        let c = b[i]
        switch mode {
        case .doubleQuoted:
            if c == 0x5C {
                advance()
                if !isEOL(i) { advance() }
            } else {
                if c == 0x22 { mode = .afterNode }
                advance()
            }
            afterSpace = false
            return
        case .singleQuoted:
            if c == 0x27 {
                if at(i + 1) == 0x27 { advance() } else { mode = .afterNode }
            }
            advance()
            afterSpace = false
            return
        case .plain:
            plainStep(c)
            return
        case .afterNode:
            afterNodeStep(c)
            return
        case .token:
            tokenStep(c)
        }
    }

    mutating func plainStep(_ c: UInt8) {
        if isBlank(i) {
            afterSpace = true
            advance()
            return
        }
        if c == 0x23, afterSpace {
            skipToEOL()
            mode = .token
            return
        }
        if flowDepth > 0 {
            if isFlowIndicator(c) {
                mode = .token
                return
            }  // handled as a token next step
            if c == 0x3A, isBlankOrEOL(i + 1) || isFlowIndicator(at(i + 1)) {
                advance()
                mode = .token
                afterSpace = false
                return
            }
        } else if c == 0x3A, isBlankOrEOL(i + 1) {
            // The plain scalar was a key.
            block(at: tokenCol, seq: false)
            advance()
            mode = .token
            return
        }
        afterSpace = false
        advance()
    }

    mutating func afterNodeStep(_ c: UInt8) {
        if isBlank(i) {
            afterSpace = true
            advance()
            return
        }
        if c == 0x23, afterSpace {
            skipToEOL()
            mode = .token
            return
        }
        if c == 0x3A, flowDepth > 0 || isBlankOrEOL(i + 1) {
            // The node was a key (a JSON-like key in flow needs no space after the colon).
            block(at: tokenCol, seq: false)
            if flowDepth == 0, keyFlowPeak > 0 {
                checkDepth(extra: keyFlowPeak)  // a flow collection as the key, inside the new mapping
                keyFlowPeak = 0
            }
            advance()
            mode = .token
            afterSpace = false
            return
        }
        mode = .token
        tokenStep(c)
    }

    mutating func tokenStep(_ c: UInt8) {
        if isBlank(i) {
            afterSpace = true
            advance()
            return
        }
        let wasAfterSpace = afterSpace
        afterSpace = false
        switch c {
        case 0x23 where wasAfterSpace:  // comment
            skipToEOL()
        case 0x5B, 0x7B:
            openFlow()
            advance()
        case 0x5D, 0x7D:
            if flowDepth > 0 {
                flowDepth -= 1
                flowLevelTotal -= flowLevels.removeLast()
            }
            advance()
            mode = .afterNode
        case 0x2C where flowDepth > 0:
            advance()
        case 0x2D where isBlankOrEOL(i + 1), 0x3F where isBlankOrEOL(i + 1), 0x3A where isBlankOrEOL(i + 1):
            // `- `, `? `, `: `: a block sequence entry, an explicit key or value (in flow: an explicit key or value)
            // An explicit key or value after properties (`&a : b`) starts at the first property.
            block(at: c == 0x2D ? col : (propertiesCol ?? col), seq: c == 0x2D)
            propertiesCol = nil
            advance()
        case 0x26:  // anchor
            report.anchors += 1
            if propertiesCol == nil { propertiesCol = col }
            advance()
            skipAnchorName()
        case 0x21:  // tag
            if propertiesCol == nil { propertiesCol = col }
            advance()
            if at(i) == 0x3C {
                while !isEOL(i), at(i) != 0x3E { advance() }
                if at(i) == 0x3E { advance() }
            } else {
                skipName()
            }
        case 0x2A:  // alias
            report.aliases += 1
            if flowDepth == 0 {
                tokenCol = propertiesCol ?? col
                keyFlowPeak = 0
            }
            propertiesCol = nil
            advance()
            skipAnchorName()
            mode = .afterNode
        case 0x22:
            if flowDepth == 0 {
                tokenCol = propertiesCol ?? col
                keyFlowPeak = 0
            }
            propertiesCol = nil
            advance()
            mode = .doubleQuoted
        case 0x27:
            if flowDepth == 0 {
                tokenCol = propertiesCol ?? col
                keyFlowPeak = 0
            }
            propertiesCol = nil
            advance()
            mode = .singleQuoted
        case 0x7C where flowDepth == 0, 0x3E where flowDepth == 0:  // `|`, `>`
            blockScalar()
        default:
            if flowDepth == 0 {
                tokenCol = propertiesCol ?? col
                keyFlowPeak = 0
            }
            propertiesCol = nil
            plainParent = parentCol
            advance()
            mode = .plain
        }
    }

    /// A block scalar header at `i`: skips its content lines as libyaml does
    /// (`yaml_parser_scan_block_scalar` and `yaml_parser_scan_block_scalar_breaks`).
    mutating func blockScalar() {
        advance()
        var increment = 0
        for _ in 0..<2 {
            let c = at(i)
            if c == 0x2B || c == 0x2D {
                advance()
            } else if c >= 0x31, c <= 0x39 {
                increment = Int(c - 0x30)
                advance()
            }
        }
        while isBlank(i) { advance() }
        if at(i) == 0x23 { skipToEOL() }
        guard isEOL(i) else {
            mode = .token
            return
        }  // libyaml refuses this; keep scanning
        var indent = increment > 0 ? (parentCol >= 0 ? parentCol + increment : increment) : 0
        mode = .token
        guard i < n else { return }
        newLine()
        // Leading breaks: find the indentation when it is not given.
        var maxIndent = 0
        while true {
            while indent == 0 || col < indent, at(i) == 0x20 { advance() }
            maxIndent = max(maxIndent, col)
            guard i < n, breakLength(i) > 0 else { break }
            newLine()
        }
        if indent == 0 { indent = max(maxIndent, parentCol + 1, 1) }
        // Content lines: at least `indent` columns; blank lines in between.
        while col == indent, i < n {
            skipToEOL()
            guard i < n else { return }
            newLine()
            while col < indent, at(i) == 0x20 { advance() }
            while i < n, col < indent, breakLength(i) > 0 {
                newLine()
                while col < indent, at(i) == 0x20 { advance() }
            }
        }
        // This line is not content: rewind to its start so `run` sees its indentation.
        while i > 0, col > 0 {
            i -= 1
            if b[i] & 0xC0 != 0x80 { col -= 1 }
        }
        mode = .token
        pendingLineStart = true
    }

    var pendingLineStart = false
}

extension StructureScan {
    /// JSON: the path (`clustering.centres[1][1]`) of the first number that is not a finite `Double` (such as
    /// `1e999`), to name the field when a decoder refuses the number without saying where. Nil when there is none.
    public static func jsonPathOfFirstNonFiniteNumber(_ data: [UInt8]) -> String? {
        enum Container {
            case array(Int)
            case object(String?)
        }
        var stack: [Container] = []
        var i = 0
        let n = data.count
        var expectingKey = false
        func path() -> String {
            var out = ""
            for c in stack {
                switch c {
                case .array(let k): out += "[\(k)]"
                case .object(let key): if let key { out += (out.isEmpty ? "" : ".") + key }
                }
            }
            return out
        }
        while i < n {
            let c = data[i]
            switch c {
            case 0x22:
                var j = i + 1
                var bytes: [UInt8] = []
                while j < n, data[j] != 0x22 {
                    if data[j] == 0x5C { j += 1 }
                    if j < n { bytes.append(data[j]) }
                    j += 1
                }
                if expectingKey, case .object = stack.last {
                    stack[stack.count - 1] = .object(
                        TerminalText.escape(String(decoding: bytes.prefix(60), as: UTF8.self)))
                    expectingKey = false
                }
                i = j + 1
                continue
            case 0x5B: stack.append(.array(0))
            case 0x7B:
                stack.append(.object(nil))
                expectingKey = true
            case 0x5D, 0x7D: if !stack.isEmpty { stack.removeLast() }
            case 0x2C:
                if case .array(let k) = stack.last { stack[stack.count - 1] = .array(k + 1) }
                if case .object = stack.last { expectingKey = true }
            case 0x2D, 0x30...0x39:
                var j = i
                while j < n,
                    (0x30...0x39).contains(data[j]) || data[j] == 0x2D || data[j] == 0x2B || data[j] == 0x2E
                        || data[j] == 0x65 || data[j] == 0x45
                { j += 1 }
                if let d = Double(String(decoding: data[i..<j], as: UTF8.self)), !d.isFinite { return path() }
                i = j
                continue
            default: break
            }
            i += 1
        }
        return nil
    }
}
