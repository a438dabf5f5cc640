import Foundation

extension ArrivalHeatmap {
    /// Two grids, a row a weekday and two characters an hour, shaded ` ░▒▓█` with a legend under
    /// each: items opened, then their median first response; `·` marks an hour the period does not have.
    public func text() -> String {
        let scope = [service.map { "service \($0)" }, channel.map { "channel \($0)" }].compactMap { $0 }.joined(separator: ", ")
        var out = [header.text(scope: scope.isEmpty ? nil : scope), ""]
        // Not recorded: the header says why, and there is no figure to show.
        guard let arrivals else { return out.dropLast().joined(separator: "\n") }
        let counts = arrivals.items.map { $0.map { $0.map(Double.init) } }
        let medians = arrivals.medianFirstResponseSeconds
        let total = arrivals.total
        guard total > 0 else { return (out + ["No messages from residents in this period."]).joined(separator: "\n") }

        let volume = Shade(maximum: counts.joined().compactMap { $0 }.max() ?? 0)
        out.append("When residents write: items opened by hour of arrival (\(header.timeZone)), \(Formatting.count(total)) in all")
        out += grid(counts.map { $0.map { $0 == 0 ? Optional<Double>.none : $0 } }, unknown: counts, shade: volume)
        out.append("Key: blank none, " + volume.countLegend().joined(separator: ", ") + " items; · not in the period")
        if let busiest = busiest(counts) {
            out.append("Busiest hour: \(busiest.label), \(Formatting.count(Int(busiest.value))) \(busiest.value == 1 ? "item" : "items")")
        }

        out.append("")
        let wait = Shade(maximum: medians.joined().compactMap { $0 }.max() ?? 0)
        out.append("How long they wait: median first response (wall clock) by hour of arrival")
        out += grid(medians, unknown: counts, shade: wait)
        if medians.joined().contains(where: { $0 != nil }) {
            out.append("Key: blank no answer yet, " + wait.durationLegend().joined(separator: ", ") + "; · not in the period")
        }
        if let longest = busiest(medians) {
            out.append("Longest median wait: \(longest.label), \(Formatting.duration(longest.value))")
        }
        return out.joined(separator: "\n")
    }

    /// The hours' heading and a row a weekday: each hour its shade twice, `··` where `unknown`
    /// has no figure (the period has no such hour).
    private func grid(_ values: [[Double?]], unknown: [[Double?]], shade: Shade) -> [String] {
        let heading = "    " + stride(from: 0, to: 24, by: 2).map { String(format: "%02d  ", $0) }.joined()
        let rows = zip(values, unknown).enumerated().map { day, pair in
            WeekHours.dayLabel(day) + " " + zip(pair.0, pair.1).map { value, known in
                known == nil ? "··" : String(repeating: shade.character(value), count: 2)
            }.joined()
        }
        return [heading.trimmingTrailingSpaces()] + rows.map { $0.trimmingTrailingSpaces() }
    }

    /// The weekday-hour with the largest value, the first in the week on a tie, as `Mon 10:00–11:00`.
    private func busiest(_ values: [[Double?]]) -> (label: String, value: Double)? {
        var best: (day: Int, hour: Int, value: Double)?
        for (day, row) in values.enumerated() {
            for (hour, value) in row.enumerated() {
                if let value, value > 0, value > best?.value ?? 0 { best = (day, hour, value) }
            }
        }
        return best.map { ("\(WeekHours.dayLabel($0.day)) \(WeekHours.hourLabel($0.hour))", $0.value) }
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
