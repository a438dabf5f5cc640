import Foundation

/// Grafana's PostgreSQL macros and template variables expanded to plain SQL over a fixed time
/// range, as Grafana expands them before it sends a panel's query (docs/grafana.md), so that a
/// test can run the dashboards' statements as the analyst role would receive them.
///
/// Anything it does not know (a macro, a variable never defined) is an error, not left in place:
/// a dashboard using it would otherwise pass here and fail in Grafana.
struct GrafanaMacros {
    let from: Date
    let to: Date
    /// Each multi-value variable's selected values; Grafana writes them quoted and comma-separated.
    var variables: [String: [String]] = [:]

    struct Unknown: Error, CustomStringConvertible {
        let description: String
    }

    func expand(_ sql: String) throws -> String {
        var out = ""
        var rest = Substring(sql)
        while let dollar = rest.firstIndex(where: { $0 == "$" || $0 == "[" }) {
            out += rest[..<dollar]
            rest = rest[dollar...]
            if rest.hasPrefix("$__") {
                let (text, after) = try macro(rest)
                out += text
                rest = after
            } else if let (name, after) = Self.variableName(rest) {
                guard let values = variables[name] else { throw Unknown(description: "variable $\(name) is not defined by the dashboard") }
                out += values.map(Self.quoted).joined(separator: ",")
                rest = after
            } else if rest.hasPrefix("$") {
                throw Unknown(description: "a `$` Grafana would not expand: \(rest.prefix(30))")
            } else {
                out += "["
                rest = rest.dropFirst()
            }
        }
        return out + rest
    }

    /// `$name`, `${name}` or `[[name]]` at the start of `text`, and what follows it.
    static func variableName(_ text: Substring) -> (String, Substring)? {
        let word = { (s: Substring) in s.prefix { $0.isLetter || $0.isNumber || $0 == "_" } }
        if text.hasPrefix("${") {
            let name = word(text.dropFirst(2))
            let after = text.dropFirst(2 + name.count)
            return after.hasPrefix("}") && !name.isEmpty ? (String(name), after.dropFirst()) : nil
        }
        if text.hasPrefix("[[") {
            let name = word(text.dropFirst(2))
            let after = text.dropFirst(2 + name.count)
            return after.hasPrefix("]]") && !name.isEmpty ? (String(name), after.dropFirst(2)) : nil
        }
        guard text.hasPrefix("$") else { return nil }
        let name = word(text.dropFirst())
        return name.isEmpty ? nil : (String(name), text.dropFirst(1 + name.count))
    }

    /// One `$__name(arguments)` at the start of `text`: its expansion and what follows it.
    private func macro(_ text: Substring) throws -> (String, Substring) {
        let name = text.dropFirst(3).prefix { $0.isLetter || $0.isNumber || $0 == "_" }
        var rest = text.dropFirst(3 + name.count)
        guard rest.hasPrefix("(") else { throw Unknown(description: "$__\(name) without its parentheses") }
        rest = rest.dropFirst()
        var arguments: [String] = [], current = "", depth = 0, quoted = false
        while let character = rest.first {
            rest = rest.dropFirst()
            if character == "'" { quoted.toggle() }
            if !quoted, character == "(" { depth += 1 }
            if !quoted, character == ")" {
                if depth == 0 { break }
                depth -= 1
            }
            if !quoted, depth == 0, character == "," {
                arguments.append(current.trimmingCharacters(in: .whitespaces))
                current = ""
            } else {
                current.append(character)
            }
        }
        let last = current.trimmingCharacters(in: .whitespaces)
        if !last.isEmpty || !arguments.isEmpty { arguments.append(last) }
        let column = try arguments.first.map { try expand($0) }
        switch (String(name), column) {
        case ("timeFrom", _): return (Self.literal(from), rest)
        case ("timeTo", _): return (Self.literal(to), rest)
        case ("timeFilter", let column?): return ("\(column) BETWEEN \(Self.literal(from)) AND \(Self.literal(to))", rest)
        case ("time", let column?): return ("\(column) AS \"time\"", rest)
        case ("timeGroup", let column?): return (try group(column, arguments), rest)
        case ("timeGroupAlias", let column?): return (try group(column, arguments) + " AS \"time\"", rest)
        default: throw Unknown(description: "macro $__\(name)(\(arguments.joined(separator: ", "))) is not one the test knows")
        }
    }

    /// `$__timeGroup(column, 'interval')`: the start of the column's interval, in epoch seconds.
    private func group(_ column: String, _ arguments: [String]) throws -> String {
        guard arguments.count >= 2, let seconds = Self.seconds(arguments[1].trimmingCharacters(in: CharacterSet(charactersIn: "'"))) else {
            throw Unknown(description: "$__timeGroup needs a column and an interval such as '1h': \(arguments)")
        }
        return "floor(extract(epoch from \(column))/\(seconds))*\(seconds)"
    }

    static func seconds(_ interval: String) -> Int? {
        let units = ["s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604_800]
        guard let unit = interval.last.flatMap({ units[String($0)] }), let count = Int(interval.dropLast()) else { return nil }
        return count * unit
    }

    /// An instant as Grafana writes it into SQL: RFC 3339 in UTC, quoted.
    static func literal(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return "'\(formatter.string(from: date))'"
    }

    static func quoted(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }
}
