import Foundation
import StowawayCore
import StowawayReport
import Yams

/// `stowaway.yml` / `.stowaway.yml`: extra rule packs, disabled rules, severity overrides, excludes, default format and
/// thresholds. Unknown keys and wrong types are errors naming the file and line: a typo must not silently loosen a CI
/// gate.
public struct ConfigFile: Sendable {
    public let path: String
    private let apply: @Sendable (inout Settings) -> Void

    public static let names = ["stowaway.yml", ".stowaway.yml", "stowaway.yaml", ".stowaway.yaml"]

    /// The config file at the top of a folder, if any.
    public static func find(in directory: String) -> String? {
        names.map { directory + "/" + $0 }.first { FileManager.default.fileExists(atPath: $0) }
    }

    public static func load(_ path: String) throws -> ConfigFile {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StowawayError(path, "cannot read the configuration file")
        }
        let text = String(decoding: data, as: UTF8.self)
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw StowawayError(path, "invalid YAML: \(error)")
        }
        guard let root else { return ConfigFile(path: path, apply: { _ in }) }
        guard let mapping = root.mapping else { throw StowawayError(path, "the configuration must be a mapping") }
        let reader = Reader(path: path)
        var steps: [@Sendable (inout Settings) -> Void] = []
        let directory = (path as NSString).deletingLastPathComponent
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            switch key {
            case "rules":
                // Relative rule folders are relative to the config file, not to where stowaway runs.
                let folders = try reader.strings(value, key).map { $0.hasPrefix("/") ? $0 : directory + "/" + $0 }
                steps.append { $0.ruleDirectories += folders }
            case "builtin_rules":
                let flag = try reader.bool(value, key)
                steps.append { $0.builtinRules = flag }
            case "disabled_rules":
                let ids = try reader.strings(value, key)
                steps.append { $0.disabledRules.formUnion(ids) }
            case "severity":
                let overrides = try reader.severityMap(value, key)
                steps.append { $0.severityOverrides.merge(overrides) { $1 } }
            case "exclude":
                let globs = try reader.strings(value, key)
                steps.append { $0.excludes += globs }
            case "format":
                let specs = try reader.strings(value, key).map { text in
                    guard let spec = OutputSpec(argument: text) else {
                        throw reader.error(value, "`format`: unknown format `\(text)` (\(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")))")
                    }
                    return spec
                }
                steps.append { $0.outputs = specs }
            case "fail_on":
                let severity = try reader.severity(value, key)
                steps.append { $0.failOn = severity }
            case "min_severity":
                let severity = try reader.severity(value, key)
                steps.append { $0.minSeverity = severity }
            case "min_confidence":
                let text = try reader.string(value, key)
                guard let confidence = Confidence(rawValue: text) else {
                    throw reader.error(value, "`min_confidence` must be high, medium or low")
                }
                steps.append { $0.minConfidence = confidence }
            case "max_file_size":
                guard let size = value.scalar.flatMap({ Int($0.string) }), size >= 0 else {
                    throw reader.error(value, "`max_file_size` must be a number of bytes")
                }
                steps.append { $0.maxFileSize = size }
            case "timeout":
                guard let seconds = value.scalar.flatMap({ Double($0.string) }), seconds >= 0, seconds.isFinite else {
                    throw reader.error(value, "`timeout` must be a number of seconds (0: no limit)")
                }
                steps.append { $0.timeout = seconds > 0 ? seconds : nil }
            case "respect_gitignore":
                let flag = try reader.bool(value, key)
                steps.append { $0.respectGitignore = flag }
            case "baseline":
                let file = try reader.string(value, key)
                steps.append { $0.baseline = file.hasPrefix("/") ? file : directory + "/" + file }
            case "ignore_file":
                let file = try reader.string(value, key)
                steps.append { $0.ignoreFile = file.hasPrefix("/") ? file : directory + "/" + file }
            default:
                throw reader.error(keyNode, "unknown key `\(key)` (known: rules, builtin_rules, disabled_rules, severity, exclude, format, fail_on, min_severity, min_confidence, max_file_size, timeout, respect_gitignore, baseline, ignore_file)")
            }
        }
        let all = steps
        return ConfigFile(path: path, apply: { settings in for step in all { step(&settings) } })
    }

    public func apply(to settings: inout Settings) { apply(&settings) }

    /// Typed reads that name the file and line on a wrong type.
    struct Reader {
        let path: String

        func error(_ node: Node, _ message: String) -> StowawayError {
            StowawayError("\(path):\(node.mark?.line ?? 1)", message)
        }

        func string(_ node: Node, _ key: String) throws -> String {
            guard let scalar = node.scalar else { throw error(node, "`\(key)` must be a string") }
            return scalar.string
        }

        func strings(_ node: Node, _ key: String) throws -> [String] {
            if let scalar = node.scalar { return [scalar.string] }
            guard let sequence = node.sequence else { throw error(node, "`\(key)` must be a list of strings") }
            return try sequence.map { try string($0, key) }
        }

        func bool(_ node: Node, _ key: String) throws -> Bool {
            switch node.scalar?.string.lowercased() {
            case "true", "yes", "on": return true
            case "false", "no", "off": return false
            default: throw error(node, "`\(key)` must be true or false")
            }
        }

        func severity(_ node: Node, _ key: String) throws -> Severity {
            let text = try string(node, key)
            guard let severity = Severity(rawValue: text) else {
                throw error(node, "`\(key)` must be one of critical, high, medium, low, info; got `\(text)`")
            }
            return severity
        }

        func severityMap(_ node: Node, _ key: String) throws -> [String: Severity] {
            guard let mapping = node.mapping else { throw error(node, "`\(key)` must map rule ids to severities") }
            var result: [String: Severity] = [:]
            for (idNode, value) in mapping { result[try string(idNode, key)] = try severity(value, key) }
            return result
        }
    }
}
