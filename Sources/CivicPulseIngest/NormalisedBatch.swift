import CivicPulseCore
import Foundation

/// An error the platform itself reported inside a payload (not bad data of ours).
public struct PlatformError: Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var message: String
    /// True when the whole file is an error response with no data: someone must fetch it again.
    public var isWholeResponse: Bool

    public var description: String { "\(file): platform error: \(message)" }
}

/// What one payload file turned into.
///
/// Every record a reader reads goes through ``read(_:at:id:index:_:)`` (or ``startRecord(_:at:id:index:)``
/// and ``accept(from:_:)`` when its events can only be made once the whole document is read), so
/// each record read is accepted with at least one event, passed over as holding nothing to store
/// (``ignore(_:at:id:index:as:)``, with what it is), or quarantined with a reason:
/// `recordsRead == recordsWithEvents + ignoredRecords + rejections.count`. Events are made storable there too
/// (``EngagementEvent/makeStorable()``), so a value PostgreSQL cannot hold costs one record,
/// never the file.
public struct NormalisedBatch: Sendable {
    public var file: String
    /// What the reader recognised, in words: "Twitter API v2 page (12 tweets, 3 included)".
    /// It is stored with the run, and may name things from the payload, so a NUL is replaced.
    public var recognisedAs: String {
        didSet { recognisedAs = recognisedAs.withoutNUL }
    }
    public var recordsRead = 0
    /// Records that gave events; with ``ignored`` and ``rejections`` they account for every record read.
    public var recordsWithEvents = 0
    /// Records read that hold nothing to store (an Insights row with no data, a DM participant
    /// joining), by what they are: counted, never quarantined, and named in the description.
    public var ignored: [String: Int] = [:]
    public var events: [EngagementEvent] = []
    public var rejections: [Rejection] = []
    public var platformErrors: [PlatformError] = []

    public init(file: String, recognisedAs: String) {
        self.file = file
        self.recognisedAs = recognisedAs.withoutNUL
    }

    /// Adds a piece of the same file read on its own (a run of JSON Lines), the piece after
    /// those already added.
    public mutating func absorb(_ piece: NormalisedBatch) {
        rejections += piece.rejectionsNumbered(after: recordsRead)
        recordsRead += piece.recordsRead
        recordsWithEvents += piece.recordsWithEvents
        ignored.merge(piece.ignored, uniquingKeysWith: +)
        events += piece.events
        platformErrors += piece.platformErrors
    }

    /// The rejections with their record indexes moved past the `earlier` records the file's
    /// pieces before this one read. A piece numbers its records from 0, since pieces are read at
    /// the same time; left so, a record of a later piece took the place (file, index, field) of
    /// one in the first, and the quarantine kept only one of them.
    func rejectionsNumbered(after earlier: Int) -> [Rejection] {
        rejections.map { rejection in
            var numbered = rejection
            numbered.recordIndex += earlier
            return numbered
        }
    }

    /// Reads one record: counts it, then appends the events `produce` makes of it, or quarantines
    /// it whole when `produce` throws, makes no event, or makes one the log cannot store.
    ///
    /// - Parameters:
    ///   - record: the record as it arrived, kept with a rejection.
    ///   - path: where it sits: `data[3]`, `line 17`, `entry[0].changes[1]`.
    ///   - id: its platform id, when it has one.
    ///   - index: its index in the file's stream of records; the count of records read so far when nil.
    mutating func read(_ record: JSONValue, at path: String, id: String?, index: Int? = nil,
                       _ produce: () throws -> [EngagementEvent]) {
        accept(from: startRecord(record, at: path, id: id, index: index), produce)
    }

    /// Records read that hold nothing to store.
    public var ignoredRecords: Int { ignored.values.reduce(0, +) }

    /// `; read and ignored: 2 Insights rows with no data` for the file's description, or empty.
    var ignoredSummary: String {
        guard !ignored.isEmpty else { return "" }
        return "; read and ignored: " + ignored.keys.sorted().map { "\(ignored[$0]!) \($0)" }.joined(separator: ", ")
    }

    /// Counts a record that holds nothing to store, as `what` ("DM ParticipantsJoin events (not messages)").
    mutating func ignore(_ record: JSONValue, at path: String, id: String?, index: Int? = nil, as what: String) {
        ignore(startRecord(record, at: path, id: id, index: index), as: what)
    }

    /// Counts the record already started as `origin` (already counted as read) as holding nothing
    /// to store: it is neither accepted nor quarantined.
    mutating func ignore(_ origin: RecordOrigin, as what: String) {
        ignored[what, default: 0] += 1
    }

    /// Counts a record as read, for a reader that makes its events later with ``accept(from:_:)``.
    mutating func startRecord(_ record: JSONValue, at path: String, id: String?, index: Int? = nil) -> RecordOrigin {
        defer { recordsRead += 1 }
        return RecordOrigin(index: index ?? recordsRead, path: path, id: id, record: record)
    }

    /// Appends the events `produce` makes of the record counted as `origin`, or quarantines it.
    mutating func accept(from origin: RecordOrigin, _ produce: () throws -> [EngagementEvent]) {
        do {
            var made = try produce()
            guard !made.isEmpty else {
                throw FieldProblem(field: "(record)", reason: "nothing in it becomes an event")
            }
            for index in made.indices { try made[index].makeStorable() }
            events += made
            recordsWithEvents += 1
        } catch {
            reject(origin, error)
        }
    }

    /// Quarantines the record counted as `origin` for `error`, naming the field when it is a ``FieldProblem``.
    mutating func reject(_ origin: RecordOrigin, _ error: any Error) {
        let problem = error as? FieldProblem ?? FieldProblem(field: "(record)", reason: "\(error)")
        rejections.append(Rejection(file: file, recordIndex: origin.index, recordPath: origin.path, recordID: origin.id,
                                    field: problem.field, reason: problem.reason, payload: origin.record.jsonText))
    }
}

/// Where a record read sits in its file: what quarantining it needs.
struct RecordOrigin {
    var index: Int
    var path: String
    var id: String?
    var record: JSONValue
}

/// A record's problem, raised while normalising it and turned into a ``Rejection``.
struct FieldProblem: Error {
    var field: String
    var reason: String

    static func missing(_ field: String) -> FieldProblem {
        FieldProblem(field: field, reason: "missing")
    }
}

extension JSONValue {
    /// A required string field (ids may arrive as numbers).
    func requiredID(_ key: String) throws -> String {
        guard let value = self[key] else { throw FieldProblem.missing(key) }
        guard let id = value.idString, !id.isEmpty else { throw FieldProblem(field: key, reason: "expected an id string, got \(value.jsonText.prefix(40))") }
        return id
    }

    /// A required timestamp in any format the platforms use, within the years the log takes.
    func requiredTime(_ key: String) throws -> Date {
        guard let value = self[key] else { throw FieldProblem.missing(key) }
        return try EventTime.read(value, field: key)
    }
}
