import Dispatch
import StowawayCore

/// The per-file time limit (`--timeout`). Checked between hyperscan hits being confirmed, between base64 spans and
/// between chunks, so one pathological file (a flood of near-matches, a rule that backtracks on every hit) is
/// abandoned with an error naming it instead of stalling its worker, and the rest of the scan goes on.
struct ScanDeadline {
    /// Monotonic time (nanoseconds since boot) at which the file is abandoned; `.max` for no limit.
    let limit: UInt64
    private(set) var expired = false

    static let none = ScanDeadline(limit: .max)

    init(limit: UInt64) { self.limit = limit }

    /// A limit `seconds` from now; nil or a non-positive value means no limit.
    init(seconds: Double?) {
        guard let seconds, seconds > 0, seconds.isFinite else {
            limit = .max
            return
        }
        let (sum, overflow) = DispatchTime.now().uptimeNanoseconds.addingReportingOverflow(UInt64(min(seconds, 1e9) * 1e9))
        limit = overflow ? .max : sum
    }

    /// True once the limit has passed (and from then on, without asking the clock again).
    mutating func check() -> Bool {
        guard limit != .max, !expired else { return expired }
        if DispatchTime.now().uptimeNanoseconds >= limit { expired = true }
        return expired
    }

    /// The error a timed-out file is reported with: an error, since findings in the rest of it may be missing.
    static func issue(path: String, seconds: Double?) -> ScanIssue {
        let shown = seconds.map { $0 == $0.rounded() ? String(Int($0)) : String($0) } ?? "?"
        return ScanIssue(.error, input: path,
                         message: "abandoned after the \(shown) s --timeout; the rest of this file was not scanned")
    }
}
