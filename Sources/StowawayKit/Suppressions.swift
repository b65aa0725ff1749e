import Foundation
import StowawayCore

/// Known findings a team has accepted: a baseline (a previous report or `stowaway baseline create` output) and an
/// ignore file of fingerprints and path globs. Matching is by fingerprint (rule id + SHA-256 of the secret), so it
/// survives moved lines and files and never hides a different secret at the same place.
public struct Suppressions: Sendable {
    public var fingerprints: Set<Fingerprint> = []
    public var pathGlobs: [Glob] = []

    public init() {}

    public var isEmpty: Bool { fingerprints.isEmpty && pathGlobs.isEmpty }

    /// Reads a baseline: any JSON document with `findings[].fingerprint` (a baseline file or a `--format json` report).
    public mutating func addBaseline(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StowawayError(path, "cannot read the baseline")
        }
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let findings = object["findings"] as? [[String: Any]]
        else {
            throw StowawayError(path, "not a stowaway baseline or JSON report (expected a `findings` list)")
        }
        for finding in findings {
            guard let value = finding["fingerprint"] as? String else {
                throw StowawayError(path, "a finding without a `fingerprint`")
            }
            fingerprints.insert(Fingerprint(rawValue: value))
        }
    }

    /// Reads an ignore file: one fingerprint (`rule-id:sha256hex`) or path glob per line; `#` starts a comment.
    public mutating func addIgnoreFile(_ path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StowawayError(path, "cannot read the ignore file")
        }
        for raw in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            var line = String(raw)
            if let hash = line.firstIndex(of: "#") { line = String(line[..<hash]) }
            line = line.trimmingCharacters(in: " \t")
            guard !line.isEmpty else { continue }
            if Self.isFingerprint(line) {
                fingerprints.insert(Fingerprint(rawValue: line))
            } else {
                pathGlobs.append(Glob(line))
            }
        }
    }

    static func isFingerprint(_ text: String) -> Bool {
        guard let colon = text.lastIndex(of: ":") else { return false }
        let hash = text[text.index(after: colon)...]
        return hash.count == 64 && hash.allSatisfy { $0.isHexDigit } && !text[..<colon].isEmpty
            && text[..<colon].allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
    }

    /// Removes accepted findings (and occurrences under ignored paths), counting each removed finding as suppressed.
    public func apply(to report: inout ScanReport) {
        guard !isEmpty else { return }
        var kept: [Finding] = []
        for var finding in report.findings {
            if fingerprints.contains(finding.fingerprint) {
                report.summary.suppressed += 1
                continue
            }
            if !pathGlobs.isEmpty {
                finding.occurrences.removeAll { occurrence in pathGlobs.contains { $0.matches(occurrence.provenance.path) } }
                if finding.occurrences.isEmpty {
                    report.summary.suppressed += 1
                    continue
                }
            }
            kept.append(finding)
        }
        report.findings = kept
        report.summary.findings = kept.count
        report.summary.occurrences = kept.reduce(0) { $0 + $1.occurrences.count }
    }
}

/// `stowaway baseline create`: the fingerprints of the current findings, with where they were (no secrets).
public enum BaselineWriter {
    public static func document(for report: ScanReport, toolVersion: String) -> String {
        var lines: [String] = []
        for finding in report.findings {
            let first = finding.occurrences.first
            let path = first.map { jsonString($0.provenance.path) } ?? "null"
            let line = first.map { String($0.location.line) } ?? "null"
            lines.append("    {\"fingerprint\": \(jsonString(finding.fingerprint.value)), \"rule_id\": \(jsonString(finding.ruleID)), \"path\": \(path), \"line\": \(line)}")
        }
        return """
            {
              "stowaway_baseline": 1,
              "tool": {"name": "stowaway", "version": \(jsonString(toolVersion))},
              "findings": [
            \(lines.joined(separator: ",\n"))
              ]
            }

            """
    }

    static func jsonString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        let array = String(decoding: data, as: UTF8.self)
        return String(array.dropFirst().dropLast())
    }
}
