import Rainbow
import StowawayCore

/// `--format text`: findings grouped by file, the fix for each, and a summary line. Colours only on a terminal.
public struct TextReporter: Reporter {
    public init() {}

    public func render(_ report: ScanReport, context: ReportContext) -> String {
        let redactor = context.redactor
        let paint = Painter(enabled: context.colors)
        // Group occurrences by path, keeping each file's findings in line order.
        var byPath: [String: [(Finding, Occurrence)]] = [:]
        var pathOrder: [String] = []
        for finding in report.findings {
            for occurrence in finding.occurrences {
                let key = Self.groupKey(occurrence.provenance)
                if byPath[key] == nil { pathOrder.append(key) }
                byPath[key, default: []].append((finding, occurrence))
            }
        }
        var output = ""
        for path in pathOrder.sorted() {
            output += paint.bold(path.escapingControlCharacters) + "\n"
            let entries = byPath[path]!.sorted { ($0.1.location.line, $0.1.location.column) < ($1.1.location.line, $1.1.location.column) }
            for (finding, occurrence) in entries {
                let place = "\(occurrence.location.line):\(occurrence.location.column)"
                output += "  \(place)  \(paint.severity(finding.severity))  \(finding.ruleID)  \(finding.ruleName)"
                output += "  \(paint.dim(redactor.secret(finding.secret)))\n"
                for detail in Self.details(occurrence.provenance, secrets: [finding.secret], redactor: redactor) {
                    output += "      \(paint.dim(detail.escapingControlCharacters))\n"
                }
                if let line = occurrence.lineText {
                    let shown = redactor.line(line.trimmingCharacters(in: " \t"), secret: finding.secret)
                    output += "      \(paint.dim("│")) \(shown.escapingControlCharacters)\n"
                }
                for related in occurrence.related {
                    output += "      \(paint.dim("with \(related.ruleID) at \(related.location.line):\(related.location.column)"))\n"
                    if let line = related.lineText {
                        let shown = redactor.line(line.trimmingCharacters(in: " \t"), secret: finding.secret)
                        output += "      \(paint.dim("│")) \(shown.escapingControlCharacters)\n"
                    }
                }
                // Checks that compute a specific fix (the RUN --mount line for a build arg) say it in the message.
                if finding.message != finding.ruleName + " found", !finding.message.isEmpty {
                    output += "      \(redactor.text(finding.message, secrets: [finding.secret]).escapingControlCharacters)\n"
                }
                if !finding.remediation.isEmpty {
                    output += "      \(paint.cyan("fix:")) \(finding.remediation)\n"
                }
            }
            output += "\n"
        }
        for issue in report.issues { output += issue.description + "\n" }
        output += Self.summaryLine(report) + "\n"
        // Which configuration, baseline and ignore file shaped the result, so a reader knows what was filtered.
        if !context.appliedFiles.isEmpty {
            let applied = context.appliedFiles.sorted { $0.key < $1.key }.map { "\($0.key.replacing("_", with: " ")) \($0.value)" }
            output += "applied: " + applied.joined(separator: ", ").escapingControlCharacters + "\n"
        }
        return output
    }

    static func groupKey(_ provenance: Provenance) -> String {
        if let image = provenance.image {
            let layer = provenance.layerIndex.map { " layer \($0)" } ?? ""
            return "\(image)\(layer): \(provenance.path)"
        }
        if let commit = provenance.commit { return "\(provenance.path) @ \(commit.prefix(12))" }
        return provenance.path
    }

    static func details(_ provenance: Provenance, secrets: [String], redactor: Redactor) -> [String] {
        var lines: [String] = []
        if let commit = provenance.commit {
            var text = "commit \(commit.prefix(12))"
            if let author = provenance.author { text += " by \(author)" }
            if let date = provenance.date { text += " on \(date)" }
            lines.append(text)
        }
        if let createdBy = provenance.createdBy { lines.append("step: " + redactor.text(createdBy, secrets: secrets)) }
        if let deleted = provenance.deletedInLayer { lines.append("deleted in layer \(deleted), still in the image") }
        if let overwritten = provenance.overwrittenInLayer { lines.append("overwritten in layer \(overwritten), still in the image") }
        if let field = provenance.configField { lines.append("image config: \(field)") }
        return lines
    }

    static func summaryLine(_ report: ScanReport) -> String {
        let summary = report.summary
        var counts: [String] = []
        for severity in Severity.allCases.reversed() {
            let count = report.findings.filter { $0.severity == severity }.count
            if count > 0 { counts.append("\(count) \(severity.rawValue)") }
        }
        let found = summary.findings == 0
            ? "no findings"
            : "\(summary.findings) finding\(summary.findings == 1 ? "" : "s") (\(counts.joined(separator: ", "))) in \(summary.occurrences) place\(summary.occurrences == 1 ? "" : "s")"
        var text = "\(found); \(summary.filesScanned) file\(summary.filesScanned == 1 ? "" : "s"), \(Self.bytes(summary.bytesScanned)) scanned in \(Self.seconds(summary.durationSeconds))"
        var skipped: [String] = []
        if summary.binaryFilesSkipped > 0 { skipped.append("\(summary.binaryFilesSkipped) binary") }
        if summary.filesSkippedTooLarge > 0 { skipped.append("\(summary.filesSkippedTooLarge) too large") }
        if summary.symlinksSkipped > 0 { skipped.append("\(summary.symlinksSkipped) symlinks") }
        if summary.filesExcluded > 0 { skipped.append("\(summary.filesExcluded) excluded") }
        if !skipped.isEmpty { text += "; skipped " + skipped.joined(separator: ", ") }
        if summary.suppressed > 0 { text += "; \(summary.suppressed) suppressed" }
        if summary.hidden > 0 { text += "; \(summary.hidden) below the severity/confidence threshold" }
        let errors = report.issues.filter(\.isError).count
        if errors > 0 { text += "; \(errors) error\(errors == 1 ? "" : "s") (scan incomplete)" }
        return text
    }

    static func bytes(_ count: Int) -> String {
        if count >= 1 << 30 { return String(format1(Double(count) / Double(1 << 30))) + " GB" }
        if count >= 1 << 20 { return String(format1(Double(count) / Double(1 << 20))) + " MB" }
        if count >= 1 << 10 { return String(format1(Double(count) / Double(1 << 10))) + " KB" }
        return "\(count) B"
    }

    static func seconds(_ value: Double) -> String { "\((value * 100).rounded() / 100) s" }

    static func format1(_ value: Double) -> String { String((value * 10).rounded() / 10) }
}

/// ANSI styling through Rainbow, switched off entirely when not writing to a terminal.
struct Painter {
    let enabled: Bool

    func bold(_ text: String) -> String { enabled ? text.bold : text }
    func dim(_ text: String) -> String { enabled ? text.dim : text }
    func cyan(_ text: String) -> String { enabled ? text.cyan : text }

    func severity(_ severity: Severity) -> String {
        let label = severity.rawValue.uppercased()
        guard enabled else { return label }
        switch severity {
        case .critical: return label.red.bold
        case .high: return label.red
        case .medium: return label.yellow
        case .low: return label.blue
        case .info: return label.dim
        }
    }
}
