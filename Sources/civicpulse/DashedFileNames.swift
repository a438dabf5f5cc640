import ArgumentParser

/// A file named with a leading dash (`-dash.json`) is read by argument-parser as a row of short
/// flags, and when one of them is `h` it prints the help and succeeds: nothing ingested, exit 0.
/// No flag of ours holds a `.` or a `/`, so a word after a single dash that does is a file name,
/// refused with the way to write it.
enum DashedFileNames {
    static func check(_ arguments: [String]) throws {
        for argument in arguments.prefix(while: { $0 != "--" })
        where argument.hasPrefix("-") && !argument.hasPrefix("--") && argument.contains(where: { $0 == "." || $0 == "/" }) && Double(argument) == nil {
            throw ValidationError("\(ArgumentCheck.shown(argument)) is no option: a file whose name starts with '-' is written ./\(argument), or after --")
        }
    }
}
