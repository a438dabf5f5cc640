import ArgumentParser

/// Command names as typed, checked before argument-parser reads them: it says only "Unexpected
/// argument 'dashbaord'" for a command there is none of, and offers no hook to suggest one, so a
/// slip of the keys is caught here and answered with the nearest name.
enum CommandNames {
    /// Refuses the first name along `arguments` that is not a subcommand of the command it
    /// follows (`dashbaord`, `db lcoal`, `help frobnicate`), naming the nearest one when it is a
    /// slip of the keys away and listing them all. Names after an option, or after a command
    /// with no subcommands, are its arguments and are left to it. Returns the names of the
    /// command found (`["resident", "export"]`).
    @discardableResult
    static func check(_ arguments: [String], under root: ParsableCommand.Type) throws -> [String] {
        var command = root
        var path: [String] = []
        var rest = arguments[...]
        while let name = rest.first, !name.hasPrefix("-"), !command.configuration.subcommands.isEmpty {
            // argument-parser's own `help` precedes the names it is asked about.
            if name == "help" {
                rest = rest.dropFirst()
                continue
            }
            let subcommands = command.configuration.subcommands
            guard let next = subcommands.first(where: { $0._commandName == name }) else {
                let names = subcommands.map { $0._commandName }
                let guess = nearest(to: name, in: names).map { ": did you mean '\($0)'?" } ?? ""
                throw ValidationError("unknown command '\(name)'\(guess) (commands: \(names.joined(separator: ", ")))")
            }
            command = next
            path.append(name)
            rest = rest.dropFirst()
        }
        return path
    }

    /// The one name within two edits (a letter added, dropped, changed, or two swapped) of
    /// `typed`, or none when there is none or more than one at the least distance.
    static func nearest(to typed: String, in names: [String]) -> String? {
        let scored = names.map { (name: $0, distance: editDistance(typed, $0)) }.filter { $0.distance <= 2 }
        guard let least = scored.map(\.distance).min() else { return nil }
        let closest = scored.filter { $0.distance == least }
        return closest.count == 1 ? closest[0].name : nil
    }

    /// Optimal string alignment distance: Levenshtein's, with two neighbours swapped as one edit.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
