import Foundation

/// A duration as a person types it on the command line: `90s`, `2m`, `1h`, or plain seconds.
struct FetchInterval {
    let seconds: Int

    init?(_ text: String) {
        let units: [Character: Int] = ["s": 1, "m": 60, "h": 3600]
        let unit = text.last.flatMap { units[$0] }
        guard let number = Int(unit == nil ? text : String(text.dropLast())), number >= 0 else { return nil }
        seconds = number * (unit ?? 1)
    }

    var duration: Duration { .seconds(seconds) }
}
