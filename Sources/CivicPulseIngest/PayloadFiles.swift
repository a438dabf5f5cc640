import Foundation

/// The files that paths given to ingest or inspect name: a file as itself, a folder as every
/// payload file below it (`.json`, `.jsonl`, `.ndjson`, `.csv`).
///
/// `simulate` and fetch's archive write folders of payloads, and a council's exports arrive as
/// folders; a shell's `find | sort` in front of each run was the only way in. Files come in one
/// order whatever the machine (paths compared byte by byte), so two runs over the same folder
/// append the same log. A folder's other files (a README, notes) are counted, not read, so a
/// run says it passed them over; hidden files and folders (`.DS_Store`, `.git`) are not
/// counted, and links to folders are not followed, so a link cannot make the walk loop.
public enum PayloadFiles {
    public static let extensions: Set<String> = ["json", "jsonl", "ndjson", "csv"]

    /// A folder given, with what was found below it.
    public struct Folder: Sendable, Equatable {
        public var path: String
        public var payloads: Int
        public var passedOver: Int

        /// `exports: 2 files passed over (…)`, or nil when the folder's files are all read.
        public var note: String? {
            if payloads == 0, passedOver == 0 { return "\(path): no files in the folder" }
            guard passedOver > 0 else { return nil }
            let read = PayloadFiles.extensions.sorted().map { ".\($0)" }.joined(separator: ", ")
            return "\(path): \(passedOver) file\(passedOver == 1 ? "" : "s") passed over (only \(read) files in a folder are read)"
        }
    }

    /// `paths` with each folder replaced by its payload files, and what each folder held.
    public static func expand(_ paths: [String]) -> (files: [String], folders: [Folder]) {
        var files: [String] = [], folders: [Folder] = []
        for path in paths {
            guard isFolder(path) else {
                files.append(path)
                continue
            }
            let found = filesBelow(path)
            let payloads = found.filter { extensions.contains(URL(fileURLWithPath: $0).pathExtension.lowercased()) }
            folders.append(Folder(path: path, payloads: payloads.count, passedOver: found.count - payloads.count))
            files += payloads
        }
        return (files, folders)
    }

    private static func filesBelow(_ folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder)
        guard let walk = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey],
                                                        options: [.skipsHiddenFiles]) else { return [] }
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"
        var files: [String] = []
        for case let url as URL in walk where (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true {
            // Named under the folder as the user wrote it, as a file given by hand would be: the
            // quarantine knows a file by the path ingest was given.
            files.append(prefix + String(url.path.dropFirst(root.path.count + 1)))
        }
        return files.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    private static func isFolder(_ path: String) -> Bool {
        var folder: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &folder) && folder.boolValue
    }
}
