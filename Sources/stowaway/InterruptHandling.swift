#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import StowawayCore

/// Ctrl-C (SIGINT) and SIGTERM end a scan cleanly: named temporary files are removed, one line says why the scan
/// stopped, and the exit code is the shell's convention (128 + signal: 130, 143) so CI never mistakes an interrupted
/// scan for a clean one. Signals are taken through dispatch sources, so the cleanup runs as ordinary code on a queue
/// thread rather than inside an async-signal handler.
enum InterruptHandling {
    nonisolated(unsafe) private static var sources: [DispatchSourceSignal] = []

    static func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global(qos: .userInitiated))
            source.setEventHandler {
                TemporaryFiles.removeAll()
                let name = number == SIGINT ? "interrupted (SIGINT)" : "terminated (SIGTERM)"
                let line = Array("\nstowaway: \(name); the scan did not complete\n".utf8)
                _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
                _exit(128 + number)
            }
            source.resume()
            sources.append(source)
        }
    }
}
