/// The mean and the median every report computes in Swift, so they agree with each other and
/// with PostgreSQL's to the last digit once durations carry milliseconds.
public enum Averages {
    /// Summed in whole milliseconds and divided once, as `avg(…::numeric)` sums exactly: adding
    /// the doubles one by one rounds at each step and can differ from the SQL mean in the last digit.
    public static func mean(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let millis = values.reduce(Int64(0)) { $0 + Int64(($1 * 1000).rounded()) }
        return Double(millis) / Double(1000 * values.count)
    }

    /// Interpolated between the middle two as `percentile_cont(0.5)` does, `lo + (hi - lo) * 0.5`,
    /// so a median worked out in Swift is the SQL reports' for the same values; `(lo + hi) / 2`
    /// can differ from it in the last digit.
    public static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        guard sorted.count % 2 == 0 else { return sorted[middle] }
        let lo = sorted[middle - 1], hi = sorted[middle]
        return lo + (hi - lo) * 0.5
    }
}
