/// The mean and the median every report computes in Swift, so they agree with each other and
/// with PostgreSQL's.
public enum Averages {
    public static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    /// Interpolated between the middle two, as `percentile_cont(0.5)` does, so a median worked out
    /// in Swift is the SQL reports' for the same values.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
