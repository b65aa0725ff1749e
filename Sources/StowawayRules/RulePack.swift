import Foundation
import StowawayCore

/// A set of rules with the warnings met while loading them.
public struct RulePack: Sendable {
    public var rules: [Rule]
    public var warnings: [ScanIssue]

    public init(rules: [Rule], warnings: [ScanIssue] = []) {
        self.rules = rules
        self.warnings = warnings
    }

    /// The pack compiled into the binary (generated from `Rules/` by `make rules`). A scan needs no examples, and
    /// decoding them was a third of the start-up of every run (a pre-commit hook pays it on each commit): they are
    /// stored apart and decoded only for a rule check.
    public static func builtin(withExamples: Bool = false) throws -> RulePack {
        var rules = try JSONDecoder().decode([Rule].self, from: Data(BuiltinRulePack.json.utf8))
        if withExamples {
            let examples = try JSONDecoder().decode([String: Examples].self, from: Data(BuiltinRulePack.examplesJSON.utf8))
            for index in rules.indices {
                guard let own = examples[rules[index].id] else { continue }
                rules[index].examples = own.examples
                rules[index].negativeExamples = own.negativeExamples
            }
        }
        return RulePack(rules: rules)
    }

    /// A rule's examples, stored apart from the rule in the generated pack.
    struct Examples: Codable {
        var examples: [RuleExample]
        var negativeExamples: [RuleExample]
    }

    /// Every `*.yml`/`*.yaml` file below `directory`, in path order. Paths in rule origins are relative to
    /// `displayRoot` (e.g. "Rules/…") so messages are stable wherever the folder lives.
    public static func load(directory: String, displayPrefix: String? = nil) throws -> RulePack {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) else {
            throw StowawayError(directory, "rules folder does not exist")
        }
        let files: [String]
        if isDirectory.boolValue {
            files = try ruleFiles(in: directory)
        } else {
            files = [directory]
        }
        var rules: [Rule] = []
        var warnings: [ScanIssue] = []
        for file in files {
            let display = displayName(file, root: directory, prefix: displayPrefix)
            guard let data = FileManager.default.contents(atPath: file) else {
                throw StowawayError(display, "cannot read rule file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw StowawayError(display, "rule file is not UTF-8")
            }
            var parser = RuleFileParser(file: display)
            rules += try parser.parse(text)
            warnings += parser.warnings
        }
        return RulePack(rules: rules, warnings: warnings)
    }

    static func ruleFiles(in directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw StowawayError(directory, "cannot list rules folder")
        }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".yml") || relative.hasSuffix(".yaml") {
                files.append(directory + "/" + relative)
            }
        }
        return files.sorted()
    }

    static func displayName(_ file: String, root: String, prefix: String?) -> String {
        guard let prefix else { return file }
        let trimmedRoot = root.hasSuffix("/") ? String(root.dropLast()) : root
        guard file.hasPrefix(trimmedRoot + "/") else { return file }
        return prefix + "/" + file.dropFirst(trimmedRoot.count + 1)
    }

    /// Ids that occur more than once, with every place they are defined.
    public var duplicateIDs: [(id: String, origins: [SourcePosition])] {
        var byID: [String: [SourcePosition]] = [:]
        for rule in rules { byID[rule.id, default: []].append(rule.origin ?? SourcePosition(file: "?", line: 0)) }
        return byID.filter { $0.value.count > 1 }.map { ($0.key, $0.value) }.sorted { $0.id < $1.id }
    }

    /// Swift source embedding these rules, as written to `BuiltinPack.generated.swift`.
    public func generatedSwiftSource() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let bare = rules.map { rule -> Rule in
            var rule = rule
            rule.examples = []
            rule.negativeExamples = []
            return rule
        }
        let examples = Dictionary(rules.map { ($0.id, Examples(examples: $0.examples, negativeExamples: $0.negativeExamples)) },
                                  uniquingKeysWith: { first, _ in first })
        let json = String(decoding: try encoder.encode(bare), as: UTF8.self)
        let examplesJSON = String(decoding: try encoder.encode(examples), as: UTF8.self)
        var delimiter = "#"
        while json.contains("\"" + delimiter) || examplesJSON.contains("\"" + delimiter) { delimiter += "#" }
        return """
            // GENERATED by `make rules` (stowaway rules generate Rules --output …) from the YAML files in Rules/.
            // Do not edit: change Rules/ and regenerate. A test fails when this file is out of date.
            enum BuiltinRulePack {
                /// The rules without their examples: what every run decodes.
                static let json = \(delimiter)"\(json)"\(delimiter)
                /// Each rule's examples by rule id, for `stowaway rules check`.
                static let examplesJSON = \(delimiter)"\(examplesJSON)"\(delimiter)
            }

            """
    }
}
