import Foundation
import StowawayCore
import StowawayReport

/// A JSON report written earlier by `--format json`, read back to render it again (`stowaway report FILE.json`).
/// It is checked to be a stowaway report before anything is rendered, so a wrong file gets a clear error naming it
/// rather than an empty page.
public struct SavedReport: Sendable {
    /// The file's text, exactly as written: rendering embeds it unchanged, so the page holds what the file holds.
    public let json: String
    public let findingCount: Int

    /// Reads `path` (`-` for standard input) and checks its shape.
    public static func load(_ path: String) throws -> SavedReport {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw StowawayError(path, "no such file")
            }
            guard !isDirectory.boolValue, let contents = FileManager.default.contents(atPath: path) else {
                throw StowawayError(path, isDirectory.boolValue ? "is a directory, not a JSON report" : "cannot read the file")
            }
            data = contents
        }
        let name = path == "-" ? "standard input" : path
        guard let text = String(data: data, encoding: .utf8) else {
            throw StowawayError(name, "not a stowaway JSON report: the file is not UTF-8 text")
        }
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw StowawayError(name, "not a stowaway JSON report: not valid JSON (\(Self.reason(error)))")
        }
        let problem = Self.problem(in: parsed)
        if let problem { throw StowawayError(name, "not a stowaway JSON report (from --format json): \(problem)") }
        let findings = (parsed as? [String: Any])?["findings"] as? [Any] ?? []
        return SavedReport(json: text.trimmingCharacters(in: .whitespacesAndNewlines), findingCount: findings.count)
    }

    /// What keeps a parsed document from being a stowaway JSON report, or nil when it is one.
    static func problem(in parsed: Any) -> String? {
        guard let object = parsed as? [String: Any] else { return "the top level is not an object" }
        guard let tool = object["tool"] as? [String: Any], tool["name"] as? String == "stowaway" else {
            return "no `tool` object naming stowaway"
        }
        guard let findings = object["findings"] as? [Any] else { return "no `findings` list" }
        guard object["summary"] is [String: Any] else { return "no `summary` object" }
        for (index, item) in findings.enumerated() {
            guard let finding = item as? [String: Any] else { return "finding \(index + 1) is not an object" }
            for key in ["rule_id", "severity", "fingerprint"] where !(finding[key] is String) {
                return "finding \(index + 1) has no `\(key)` string"
            }
            guard let occurrences = finding["occurrences"] as? [Any], occurrences.allSatisfy({ $0 is [String: Any] }) else {
                return "finding \(index + 1) has no `occurrences` list of objects"
            }
        }
        if let errors = object["errors"], !(errors is [Any]) { return "`errors` is not a list" }
        return nil
    }

    private static func reason(_ error: Error) -> String {
        let description = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
        return description ?? error.localizedDescription
    }
}
