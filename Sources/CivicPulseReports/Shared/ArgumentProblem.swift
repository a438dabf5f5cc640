/// Why a value typed on the command line cannot be used, as words that follow the value:
/// `--as-of '0000-01-01' ` + `is outside the years 1970 to 9999`. Holds only what the user
/// typed, so it is safe to print.
public struct ArgumentProblem: Error, Equatable, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
