#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
@preconcurrency import Dispatch  // DispatchSource is thread-safe but not yet annotated Sendable
import Foundation
import Synchronization

/// A progress line on standard error while a scan runs (only when standard error is a terminal and not --quiet):
/// items done of the total, bytes, rate and findings so far. Workers add to atomic counters; a timer on its own queue
/// redraws the line five times a second, so the scan never waits on the terminal.
public final class ScanProgress: Sendable {
    private let itemsDone = Atomic<Int>(0)
    private let bytesDone = Atomic<Int>(0)
    private let findings = Atomic<Int>(0)
    private let total = Atomic<Int>(0)
    private let noun: String
    private let started = DispatchTime.now()
    private let timer: DispatchSourceTimer
    private let queue = DispatchQueue(label: "stowaway.progress")

    /// A progress line when standard error is a terminal, else nil (nothing is printed).
    public static func onTerminal(total: Int, noun: String, enabled: Bool) -> ScanProgress? {
        guard enabled, isatty(STDERR_FILENO) == 1 else { return nil }
        return ScanProgress(total: total, noun: noun)
    }

    init(total: Int, noun: String) {
        self.total.store(total, ordering: .relaxed)
        self.noun = noun
        timer = DispatchSource.makeTimerSource(queue: queue)
        timer.schedule(deadline: .now() + .milliseconds(200), repeating: .milliseconds(200))
        timer.setEventHandler { [weak self] in self?.draw() }
        queue.sync { draw() }  // at once, so even a short scan shows what it is doing
        timer.resume()
    }

    /// More items to do (a walk that is still finding files).
    public func addToTotal(_ count: Int) {
        total.add(count, ordering: .relaxed)
    }

    /// Redraws at once (the walk has ended: the total is final).
    public func refresh() {
        queue.sync { draw() }
    }

    public func itemDone(bytes: Int, findings found: Int) {
        itemsDone.add(1, ordering: .relaxed)
        bytesDone.add(bytes, ordering: .relaxed)
        if found > 0 { findings.add(found, ordering: .relaxed) }
    }

    /// Stops redrawing and clears the line.
    public func finish() {
        timer.cancel()
        queue.sync { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
    }

    private func draw() {
        let seconds = max(0.001, Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9)
        let megabytes = Double(bytesDone.load(ordering: .relaxed)) / 1_048_576
        let line = String(format: "\r\u{1B}[Kscanning: %d/%d %@, %.1f MB, %.0f MB/s, %d finding(s)",
                          itemsDone.load(ordering: .relaxed), total.load(ordering: .relaxed), noun, megabytes, megabytes / seconds,
                          findings.load(ordering: .relaxed))
        FileHandle.standardError.write(Data(line.utf8))
    }
}
