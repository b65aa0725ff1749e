import StowawayCore

/// `--format junit`: one test case per occurrence (a CI test tab lists each leak); a clean scan is one passing case so
/// dashboards show that the scan ran.
public struct JUnitReporter: Reporter {
    public init() {}

    public func render(_ report: ScanReport, context: ReportContext) -> String {
        let redactor = context.redactor
        var cases: [String] = []
        for finding in report.findings {
            for occurrence in finding.occurrences {
                let place = "\(occurrence.provenance.path):\(occurrence.location.line)"
                var details = "\(finding.ruleName) (\(finding.severity.rawValue), confidence \(finding.confidence.rawValue))\n"
                details += "at \(place):\(occurrence.location.column)\n"
                details += "secret: \(redactor.secret(finding.secret))\n"
                if let line = occurrence.lineText { details += "line: \(redactor.line(line, secret: finding.secret))\n" }
                if let commit = occurrence.provenance.commit { details += "commit: \(commit)\n" }
                if let image = occurrence.provenance.image {
                    details += "image: \(image) layer \(occurrence.provenance.layerIndex.map(String.init) ?? "-")\n"
                }
                details += "fingerprint: \(finding.fingerprint.value)\n"
                if !finding.remediation.isEmpty { details += "fix: \(finding.remediation)\n" }
                let message = "\(finding.ruleName) at \(place)"
                cases.append("""
                      <testcase classname="\(Self.xml(finding.ruleID))" name="\(Self.xml(place))" file="\(Self.xml(occurrence.provenance.path))" line="\(occurrence.location.line)">
                        <failure message="\(Self.xml(message))" type="\(finding.severity.rawValue)">\(Self.xml(details))</failure>
                      </testcase>
                  """)
            }
        }
        let errors = report.issues.filter(\.isError)
        for issue in errors {
            cases.append("""
                  <testcase classname="stowaway" name="\(Self.xml(issue.input))">
                    <error message="\(Self.xml(issue.message))" type="scan-error">\(Self.xml(issue.description))</error>
                  </testcase>
              """)
        }
        if cases.isEmpty {
            cases.append("    <testcase classname=\"stowaway\" name=\"no secrets found\"/>")
        }
        let failures = report.summary.occurrences
        // The configuration, baseline and ignore file applied, as JUnit suite properties.
        let properties = context.appliedFiles.isEmpty ? "" : "\n    <properties>\n" + context.appliedFiles.sorted { $0.key < $1.key }
            .map { "      <property name=\"stowaway.\(Self.xml($0.key))\" value=\"\(Self.xml($0.value))\"/>" }
            .joined(separator: "\n") + "\n    </properties>"
        let total = max(cases.count, 1)
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <testsuites name="stowaway" tests="\(total)" failures="\(failures)" errors="\(errors.count)" time="\(report.summary.durationSeconds)">
              <testsuite name="stowaway secret scan" tests="\(total)" failures="\(failures)" errors="\(errors.count)" time="\(report.summary.durationSeconds)">\(properties)
            \(cases.joined(separator: "\n"))
              </testsuite>
            </testsuites>

            """
    }

    /// XML 1.0 text: the five entities escaped, line breaks kept as character references (attribute values would
    /// otherwise fold them into spaces), and control characters (not allowed in XML 1.0) replaced.
    static func xml(_ text: String) -> String {
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            case "\n": output += "&#10;"
            case "\r": output += "&#13;"
            case "\t": output += "&#9;"
            case _ where scalar.value < 0x20 || (0xFFFE...0xFFFF).contains(scalar.value): output += "\u{FFFD}"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
