import StowawayCore

/// `--format csv`: one occurrence per row (RFC 4180), for spreadsheets. Cells that a spreadsheet would run as a
/// formula (`=`, `+`, `-`, `@` first) are prefixed with `'`: scanned content must not execute in someone's Excel.
public struct CSVReporter: Reporter {
    public init() {}

    static let columns = ["rule_id", "rule_name", "severity", "confidence", "fingerprint", "secret", "source", "path",
                          "line", "column", "end_line", "commit", "author", "date", "image", "layer_index",
                          "layer_digest", "deleted_in_layer", "config_field", "decoded_from"]

    public func render(_ report: ScanReport, context: ReportContext) -> String {
        let redactor = context.redactor
        var rows = [Self.columns.joined(separator: ",")]
        for finding in report.findings {
            for occurrence in finding.occurrences {
                let provenance = occurrence.provenance
                let cells: [String] = [
                    finding.ruleID, finding.ruleName, finding.severity.rawValue, finding.confidence.rawValue,
                    finding.fingerprint.value, redactor.secret(finding.secret), provenance.source, provenance.path,
                    String(occurrence.location.line), String(occurrence.location.column), String(occurrence.location.endLine),
                    provenance.commit ?? "", provenance.author.map { redactor.text($0, secrets: [finding.secret]) } ?? "",
                    provenance.date ?? "", provenance.image ?? "", provenance.layerIndex.map(String.init) ?? "",
                    provenance.layerDigest ?? "", provenance.deletedInLayer.map(String.init) ?? "",
                    provenance.configField ?? "", occurrence.decodedFrom ?? "",
                ]
                rows.append(cells.map(Self.cell).joined(separator: ","))
            }
        }
        return rows.joined(separator: "\r\n") + "\r\n"
    }

    static func cell(_ value: String) -> String {
        var text = value
        if let first = text.first, "=+-@\t\r".contains(first) { text = "'" + text }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
