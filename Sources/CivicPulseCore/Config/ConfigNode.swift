import Foundation
import Yams

/// A problem in a pipeline file, pointing at the file, line and key a person must fix.
public struct ConfigError: Error, CustomStringConvertible, Sendable, Equatable {
    public let file: String
    public let line: Int?
    public let path: String
    public let problem: String

    public init(file: String, line: Int?, path: String, problem: String) {
        self.file = file
        self.line = line
        self.path = path
        self.problem = problem
    }

    public var description: String {
        let location = line.map { "\(file):\($0)" } ?? file
        return path.isEmpty ? "\(location): \(problem)" : "\(location): \(path): \(problem)"
    }
}

/// A YAML node that knows where it came from, so every validation error can say so.
///
/// Readers walk the document with ``required(_:)``, ``optional(_:)`` and the typed
/// accessors; each failure becomes a ``ConfigError`` naming file, line and dotted key path.
public struct ConfigNode {
    public let node: Node
    public let file: String
    public let path: String

    public init(node: Node, file: String, path: String = "") {
        self.node = node
        self.file = file
        self.path = path
    }

    /// Parses YAML text; a syntax error is reported with its line.
    public static func parse(yaml: String, file: String) throws -> ConfigNode {
        do {
            guard let node = try Yams.compose(yaml: yaml) else {
                throw ConfigError(file: file, line: nil, path: "", problem: "the file is empty")
            }
            return ConfigNode(node: node, file: file)
        } catch let error as YamlError {
            throw ConfigError(file: file, line: error.line, path: "", problem: "not valid YAML: \(error.summary)")
        }
    }

    public var line: Int? { node.mark?.line }

    public func error(_ problem: String) -> ConfigError {
        ConfigError(file: file, line: line, path: path, problem: problem)
    }

    private func child(_ key: String, _ node: Node) -> ConfigNode {
        ConfigNode(node: node, file: file, path: path.isEmpty ? key : "\(path).\(key)")
    }

    /// The entries of a mapping, in file order.
    public func entries() throws -> [(key: String, value: ConfigNode)] {
        guard let mapping = node.mapping else { throw error("expected a mapping of keys to values") }
        return try mapping.map { key, value in
            guard let name = key.string else { throw child("?", key).error("keys must be plain strings") }
            return (name, child(name, value))
        }
    }

    /// Fails on keys this reader does not know, so a typo is caught instead of ignored.
    public func allowOnly(_ keys: Set<String>) throws {
        for (key, value) in try entries() where !keys.contains(key) {
            throw value.error("unknown key '\(key)' (expected one of: \(keys.sorted().joined(separator: ", ")))")
        }
    }

    public func optional(_ key: String) throws -> ConfigNode? {
        try entries().first { $0.key == key }?.value
    }

    public func required(_ key: String) throws -> ConfigNode {
        guard let value = try optional(key) else {
            throw error("missing required key '\(key)'")
        }
        return value
    }

    public func items() throws -> [ConfigNode] {
        guard let sequence = node.sequence else { throw error("expected a list") }
        return sequence.enumerated().map { index, item in
            ConfigNode(node: item, file: file, path: "\(path)[\(index)]")
        }
    }

    public func string() throws -> String {
        guard let scalar = node.scalar else { throw error("expected a single value, not a list or mapping") }
        return scalar.string
    }

    /// A list of strings, or a single string taken as a list of one.
    public func strings() throws -> [String] {
        if node.scalar != nil { return [try string()] }
        return try items().map { try $0.string() }
    }

    public func int() throws -> Int {
        guard let value = Int(try string()) else { throw error("expected a whole number, got '\(try string())'") }
        return value
    }

    public func bool() throws -> Bool {
        switch try string().lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("expected true or false, got '\(try string())'")
        }
    }

    /// A value from a fixed set, with the allowed values named in the error.
    public func oneOf<T: RawRepresentable>(_ type: T.Type) throws -> T where T.RawValue == String, T: CaseIterable {
        let text = try string()
        guard let value = T(rawValue: text) else {
            throw error("'\(text)' is not one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }
}

private extension YamlError {
    var line: Int? {
        switch self {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            mark.line
        default:
            nil
        }
    }

    var summary: String {
        switch self {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            problem
        default:
            String(describing: self).split(separator: "\n").first.map(String.init) ?? "syntax error"
        }
    }
}
