#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import StowawayCore
import StowawayReport

/// Renders a report in a format and writes it to a file or standard output.
public enum ReportWriting {
    public static func write(_ report: ScanReport, format: ReportFormat, context: ReportContext, to path: String?) throws {
        try write(text: format.reporter.render(report, context: context), to: path,
                  ownerOnly: context.redactor.showSecrets)
    }

    /// Writes rendered text to a file, or to standard output when `path` is nil. `ownerOnly`: the text holds secrets in
    /// full (--show-secrets), so a new file is created readable by its owner only.
    public static func write(text: String, to path: String?, ownerOnly: Bool = false) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        // Open and truncate in place rather than replacing the file: `-o /dev/null` or a named pipe must stay what it
        // is, and a report must not swap out a file the user pointed at.
        let mode: mode_t = ownerOnly ? 0o600 : 0o644
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else {
            throw StowawayError(path, "cannot write the report: \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                throw StowawayError(path, "cannot write the report: \(String(cString: strerror(errno)))")
            }
            bytes = bytes.dropFirst(written)
        }
    }
}
