/// The options every command shares, accepted before the command's name as well as after it:
/// `civicpulse -q --pipeline p.yaml sla` is `civicpulse sla -q --pipeline p.yaml`.
///
/// argument-parser reads an option only after the (sub)command that declares it, and these are
/// declared by each command (`DatabaseOptions`, `PipelineOptions`), so those written first are
/// moved behind the command's name. A command that does not take one refuses it as it would
/// anywhere else.
enum LeadingOptions {
    static let flags: Set<String> = ["-q", "--quiet"]
    static let valued: Set<String> = ["--database", "--pipeline", "--home"]

    /// `arguments` with the shared options before the first command name moved to after the
    /// command's names (before a `--`, past which everything is a value).
    static func moved(_ arguments: [String]) -> [String] {
        var leading: [String] = []
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            let name = String(argument.prefix { $0 != "=" })
            if flags.contains(argument) || (valued.contains(name) && argument.contains("=")) {
                leading.append(argument)
                index += 1
            } else if valued.contains(argument), index + 1 < arguments.endIndex {
                leading += arguments[index...index + 1]
                index += 2
            } else {
                break
            }
        }
        guard !leading.isEmpty, index < arguments.endIndex else { return arguments }
        var rest = Array(arguments[index...])
        rest.insert(contentsOf: leading, at: rest.firstIndex(of: "--") ?? rest.endIndex)
        return rest
    }
}
