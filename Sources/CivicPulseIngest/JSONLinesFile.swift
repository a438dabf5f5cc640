import CivicPulseCore
import Foundation

/// A JSON Lines file read from disk a piece at a time, so that a file of any length is held in
/// memory only a few pieces at once: a 100 MB listening export read whole took 960 MB to ingest.
///
/// Used by one thread (the one scheduling the work); the pieces it hands out are values that
/// other threads normalise.
final class JSONLinesFile {
    /// How a piece's lines are to be read: the same for every piece of the file.
    let format: LinesFormat
    private let descriptor: Int32
    /// Bytes read from the file and not yet handed out as a piece; always starts at a line's start.
    private var pending: [UInt8] = []
    /// Index in the file of the first line in `pending`.
    private var nextLineIndex = 0
    private var endOfFile = false

    /// About this many bytes of whole lines make a piece (a line longer than that is a piece alone).
    static let pieceBytes = 512 * 1024
    /// Bytes asked of the file at once.
    static let readBytes = 256 * 1024
    /// Bytes asked first while looking for the first line: most files are JSON documents, read
    /// again whole, and need only their first line or two looked at. Each further read asks as
    /// much again as was read so far: at 16 KB a read, a 300 KB page on one line was scanned
    /// from its start twenty times on the thread that appends, about 3 % of ingest's client CPU.
    static let headBytes = 16 * 1024
    /// A file whose first line runs longer than this is read whole, as before: a JSON document
    /// on one line, not the first line of JSON Lines.
    static let longestFirstLine = 4 * 1024 * 1024

    private init(descriptor: Int32, format: LinesFormat) {
        self.descriptor = descriptor
        self.format = format
    }

    deinit {
        close(descriptor)
    }

    /// Opens `file` when it reads as JSON Lines: its first line that is not blank is a JSON value
    /// and more that is not blank follows. Else nil: the file is read whole (a JSON document, or
    /// something that is neither, which the whole-file reading explains).
    ///
    /// - Parameter format: the reading of the file's lines, given its first line's JSON; throws
    ///   ``IngestError`` when that line names no payload the readers know.
    static func open(_ file: String, format: (_ firstLine: JSONValue) throws -> LinesFormat) throws -> JSONLinesFile? {
        let descriptor = Glibc.open(file, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw IngestError(file: file, reason: "cannot read the file: \(UnreadableFile.systemMessage(errno))") }
        var bytes: [UInt8] = []
        var endOfFile = false
        do {
            while JSONLinesHead.firstLine(in: bytes, endOfFile: endOfFile) == .unknown, !endOfFile, bytes.count <= longestFirstLine {
                // As much again as read so far, never past the longest first line by more than before.
                let count = min(max(headBytes, bytes.count), longestFirstLine + headBytes - bytes.count)
                endOfFile = try read(descriptor, into: &bytes, count: count, file: file)
            }
        } catch {
            close(descriptor)
            throw error
        }
        guard case .found(let range) = JSONLinesHead.firstLine(in: bytes, endOfFile: endOfFile),
              let first = try? JSONValue.parse(Data(bytes[range])) else {
            close(descriptor)
            return nil
        }
        let lines: JSONLinesFile
        do {
            lines = JSONLinesFile(descriptor: descriptor, format: try format(first))
        } catch {
            close(descriptor)
            throw error
        }
        lines.pending = bytes
        lines.endOfFile = endOfFile
        return lines
    }

    /// The next piece of whole lines in file order; nil after the last. Throws ``IngestError``
    /// when the file cannot be read on.
    func nextPiece() throws -> LinePiece? {
        while !endOfFile, pending.count < Self.pieceBytes || !pending.contains(0x0A) {
            endOfFile = try Self.read(descriptor, into: &pending, count: Self.readBytes, file: format.context.file)
        }
        guard !pending.isEmpty else { return nil }
        // Whole lines only: up to the last newline, or everything at the end of the file.
        let end = endOfFile ? pending.count : pending.lastIndex(of: 0x0A)! + 1
        let text = Data(pending[..<end])
        pending.removeSubrange(..<end)
        var lines = PayloadReader.lines(of: text)
        if text.last == 0x0A { lines.removeLast() } // the empty "line" after the piece's last newline
        defer { nextLineIndex += lines.count }
        return LinePiece(lines: lines, firstIndex: nextLineIndex)
    }

    /// Whether the last piece has been handed out.
    var isFinished: Bool { endOfFile && pending.isEmpty }

    /// Appends what the next read of up to `count` bytes gives to `bytes`; true at the end of the file.
    private static func read(_ descriptor: Int32, into bytes: inout [UInt8], count: Int, file: String) throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: count)
        var got = -1
        repeat {
            got = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, count) }
        } while got < 0 && errno == EINTR
        guard got >= 0 else {
            throw IngestError(file: file, reason: "cannot read the file: \(UnreadableFile.systemMessage(errno))")
        }
        bytes += chunk[..<got]
        return got == 0
    }
}

/// Finds a JSON Lines file's first line that is not blank, and whether anything follows it.
enum JSONLinesHead {
    enum Finding: Equatable {
        /// Not decided by the bytes so far: read on.
        case unknown
        /// The file is not JSON Lines (blank, or one line with nothing after it).
        case none
        /// The first non-blank line's bytes, with more that is not blank after it.
        case found(Range<Int>)
    }

    /// What `bytes`, the start of a file, say of its first line; `endOfFile` when they are all of it.
    static func firstLine(in bytes: [UInt8], endOfFile: Bool) -> Finding {
        guard let content = bytes.firstIndex(where: { !Self.isSpace($0) }) else { return endOfFile ? .none : .unknown }
        let start = bytes[..<content].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        guard let newline = bytes[content...].firstIndex(of: 0x0A) else { return endOfFile ? .none : .unknown }
        guard bytes[newline...].contains(where: { !Self.isSpace($0) }) else { return endOfFile ? .none : .unknown }
        return .found(start..<newline)
    }

    /// JSON's white space, the line ending included.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A
    }
}

/// Consecutive whole lines of a JSON Lines file.
struct LinePiece: Sendable {
    let lines: [Data]
    /// The index in the file of `lines[0]` (its line number less one).
    let firstIndex: Int
}

/// How the lines of one JSON Lines file are read: which payload, and for whom.
struct LinesFormat: Sendable {
    let source: IngestSource
    let context: IngestContext

    /// "keyword-listening stream JSON Lines".
    var recognisedAs: String { "\(source.format.displayName) JSON Lines" }
}
