import CivicPulseCore
import CivicPulseIngest
import Foundation

/// Takes a forgotten resident out of the files fetch and serve archived (raw API pages and
/// webhook deliveries), so the archive can no longer give back what the log has made unreadable.
///
/// Their records are found as ingest finds them: each file is read by the reader `ingest` would
/// read it with, and the resident's are the messages whose author hashes to their lookup, or
/// whose event is one the erasure destroyed. A byte search for their id would also hit other
/// residents' replies to them. Those replies keep every byte but the id or handle, which become
/// a stand-in drawn at random for this erasure (docs/privacy.md, "Archives").
public struct ArchiveErasure {
    /// Whom to take out.
    public struct Resident: Sendable {
        /// Their keyed hash; nil after a restore, when only their events are known.
        public var lookup: Data?
        /// Events the erasure destroyed the keys of.
        public var messages: Set<UUID>
        /// The platform, user id and handle the request gave, when it gave them.
        public var platform: String?
        public var userID: String?
        public var handle: String?

        public init(lookup: Data?, messages: Set<UUID>, platform: String? = nil, userID: String? = nil, handle: String? = nil) {
            self.lookup = lookup
            self.messages = messages
            self.platform = platform
            self.userID = userID
            self.handle = handle
        }
    }

    public let archive: ResponseArchive
    public let reader: PayloadReader
    /// Says which file was left as it was, and why.
    public var notice: (String) -> Void

    public init(archive: ResponseArchive, reader: PayloadReader, notice: @escaping (String) -> Void) {
        self.archive = archive
        self.reader = reader
        self.notice = notice
    }

    /// Rewrites every archived file that holds something of `resident`; returns how many were.
    public func erase(_ resident: Resident) throws -> Int {
        let files = PayloadFiles.expand([archive.root.path]).files.filter { FileManager.default.fileExists(atPath: $0) }
        var records: [String: Set<String>] = [:]
        var ids = Set([resident.userID].compactMap { $0 }), handles = Set([resident.handle].compactMap { $0.map(ActorHasher.bareHandle) })
        var platforms = Set([resident.platform].compactMap { $0 }), filePlatforms: [String: Set<String>] = [:]
        // The bytes of the files that hold the resident's messages, read once and rewritten from
        // them; every other file is read again only if it is on their platforms, where another
        // resident's reply may name them. Not all kept: the archive is months of pages.
        var theirs: [String: Data] = [:]
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else {
                notice("\(file): not read (\(UnreadableFile.reason(file))); left as it was")
                continue
            }
            let batch: NormalisedBatch
            do {
                batch = try reader.read(data: data, file: file)
            } catch {
                notice("\(file): not read (\(error)); left as it was")
                continue
            }
            filePlatforms[file] = Set(batch.events.map(\.platform))
            guard let found = found(resident, in: data, batch: batch) else { continue }
            theirs[file] = data
            records[file] = found.records
            ids.formUnion(found.ids)
            handles.formUnion(found.handles)
            platforms.insert(found.platform)
        }
        let redactions = ArchiveRedaction(records: [], ids: Self.standIns(for: ids), handles: Self.standIns(for: handles.map { $0.lowercased() }))
        var rewritten = 0
        // A file the reader could not read is left as the notice said; a user id or handle means
        // someone else on another platform, whose files are not this erasure's to edit.
        for file in files where !(filePlatforms[file] ?? []).isDisjoint(with: platforms) {
            var redaction = redactions
            redaction.records = (records[file] ?? []).union(ids)
            guard let data = theirs[file] ?? FileManager.default.contents(atPath: file) else { continue }
            if try rewrite(file, holding: data, by: redaction, leftHolding: "nothing of the resident") { rewritten += 1 }
        }
        return rewritten
    }

    /// Rewrites every archived file that holds one of `messages` (those `retention apply` just
    /// made unreadable): their records keep only what places them, as a forgotten resident's do
    /// (``ArchiveRedaction``), and nothing else in the file changes; no stand-in is drawn, as
    /// retention takes words, not people, whose other messages still count under their id.
    /// Returns how many files were rewritten. A file whose records are already redacted is left as it is.
    public func redact(messages: Set<UUID>) throws -> Int {
        guard !messages.isEmpty else { return 0 }
        var rewritten = 0
        for file in PayloadFiles.expand([archive.root.path]).files where FileManager.default.fileExists(atPath: file) {
            guard let data = FileManager.default.contents(atPath: file), let batch = try? reader.read(data: data, file: file) else {
                notice("\(file): not read; left as it was; check by hand that it holds no message past retention")
                continue
            }
            let records = Self.records(of: batch.events.filter { !$0.actorIsOrg && messages.contains($0.eventID) })
            guard !records.isEmpty else { continue }
            let redaction = ArchiveRedaction(records: records, ids: [:], handles: [:])
            if try rewrite(file, holding: data, by: redaction, leftHolding: "no message past retention") { rewritten += 1 }
        }
        return rewritten
    }

    /// Puts `file` (whose bytes are `data`) as `redaction` leaves it in its place; returns
    /// whether it changed. A file that is not JSON is left as it was and named, saying what to
    /// check by hand that it holds (`leftHolding`).
    private func rewrite(_ file: String, holding data: Data, by redaction: ArchiveRedaction, leftHolding: String) throws -> Bool {
        let redacted: Data?
        do {
            redacted = try redaction.apply(to: data)
        } catch {
            notice("\(file): not JSON, left as it was; check by hand that it holds \(leftHolding)")
            return false
        }
        guard let redacted else { return false }
        try archive.replace(file, with: redacted)
        return true
    }

    /// The record ids of `events`. An edit's source id is the message's id with a suffix each
    /// platform writes its own way (`@edited:…`, `:edited@…`, `:edited#n`); every reader names
    /// the original as its parent.
    private static func records(of events: [EngagementEvent]) -> Set<String> {
        Set(events.map { $0.kind == .edit ? $0.parentID ?? $0.sourceID : $0.sourceID })
    }

    /// The ids of the resident's records in a file (its bytes `data`, read as `batch`) and the
    /// user ids and handles those records still hold; nil when it holds none of their messages.
    private func found(_ resident: Resident, in data: Data, batch: NormalisedBatch) -> (records: Set<String>, ids: Set<String>, handles: Set<String>, platform: String)? {
        let theirs = batch.events.filter { event in
            !event.actorIsOrg && (resident.messages.contains(event.eventID) || (resident.lookup != nil && event.actorHash == resident.lookup))
        }
        guard let platform = theirs.first?.platform else { return nil }
        let records = Self.records(of: theirs)
        let actors = Set(theirs.compactMap(\.actorHash)), handleHashes = Set(theirs.compactMap(\.actorHandleHash))
        // Only records not yet redacted teach ids: a redacted one holds the last erasure's stand-ins.
        let held = (try? ArchiveRedaction(records: records, ids: [:], handles: [:]).heldTokens(in: data)) ?? []
        let ids = held.filter { actors.contains(reader.hasher.hash(platform: platform, userID: $0)) }
        let userObjects = (try? ArchiveRedaction(records: records.union(ids), ids: [:], handles: [:]).heldTokens(in: data)) ?? []
        let handles = userObjects.filter { !$0.isEmpty && handleHashes.contains(reader.hasher.hash(platform: platform, handle: $0)) }
        return (records, ids, handles, platform)
    }

    /// A random stand-in of the same shape for each term (digits for digits, letters for
    /// letters of the same case), so a numeric id field stays a number and a handle a handle.
    /// Drawn for each erasure and kept nowhere: it leads back to no one.
    static func standIns(for terms: some Sequence<String>) -> [String: String] {
        Dictionary(terms.map { term in (term, standIn(for: term)) }, uniquingKeysWith: { first, _ in first })
    }

    /// Drawn again while it equals `term`: a short id could be drawn as itself and stay.
    private static func standIn(for term: String) -> String {
        var drawn: String
        repeat {
            drawn = String(term.enumerated().map { index, character -> Character in
                switch character {
                case "0"..."9": Character(String(index == 0 ? Int.random(in: 1...9) : Int.random(in: 0...9)))
                case "a"..."z": "abcdefghijklmnopqrstuvwxyz".randomElement()!
                case "A"..."Z": "ABCDEFGHIJKLMNOPQRSTUVWXYZ".randomElement()!
                default: character
                }
            })
        } while drawn == term && term.contains(where: { $0.isASCII && ($0.isLetter || $0.isNumber) })
        return drawn
    }
}
