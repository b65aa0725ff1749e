import Foundation
import StowawayCore
import StowawayReport

/// Renders a report in a format and writes it to a file or standard output.
public enum ReportWriting {
    public static func write(_ report: ScanReport, format: ReportFormat, context: ReportContext, to path: String?) throws {
        let text = format.reporter.render(report, context: context)
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
                throw StowawayError(path, "cannot write the report")
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }
}
