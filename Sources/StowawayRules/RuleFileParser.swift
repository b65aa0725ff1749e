import Foundation
import StowawayCore
import Yams

/// A rule file that cannot be used, with the place and reason ("Rules/x.yml:12: severity must be one of …").
public struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    public var position: SourcePosition
    public var reason: String

    public var description: String { "\(position): \(reason)" }
}

/// Reads one rule file (YAML) into rules. Walks the YAML node tree by hand rather than through `Codable` so that every
/// error and every example carries its file and line.
public struct RuleFileParser {
    public let file: String
    public private(set) var warnings: [ScanIssue] = []

    static let knownRuleKeys: Set<String> = [
        "id", "name", "description", "severity", "confidence", "pattern", "prefilter", "secret_group", "keywords", "min_entropy",
        "checksum", "composite", "part_only", "literal_percent", "check_placeholders", "allow", "paths", "references", "remediation", "tags", "examples", "negative_examples",
    ]

    public init(file: String) { self.file = file }

    public mutating func parse(_ text: String) throws(RuleLoadError) -> [Rule] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw RuleLoadError(position: position(of: error), reason: "invalid YAML: \(problem(of: error))")
        } catch {
            throw RuleLoadError(position: SourcePosition(file: file, line: 1), reason: "invalid YAML: \(error)")
        }
        guard let root, let mapping = root.mapping else {
            throw RuleLoadError(position: at(root), reason: "a rule file must be a mapping with a `rules:` list")
        }
        for (key, _) in mapping where key.string != "rules" {
            warnings.append(ScanIssue(.warning, input: at(key).description,
                                      message: "unknown top-level key `\(key.string ?? "?")` ignored"))
        }
        guard let rulesNode = mapping["rules"] else {
            throw RuleLoadError(position: at(root), reason: "missing `rules:` list")
        }
        guard let sequence = rulesNode.sequence else {
            throw RuleLoadError(position: at(rulesNode), reason: "`rules` must be a list of rules")
        }
        var rules: [Rule] = []
        for node in sequence { rules.append(try parseRule(node)) }
        return rules
    }

    private mutating func parseRule(_ node: Node) throws(RuleLoadError) -> Rule {
        guard let mapping = node.mapping else {
            throw RuleLoadError(position: at(node), reason: "each entry of `rules` must be a mapping")
        }
        for (key, _) in mapping {
            let name = key.string ?? ""
            if !Self.knownRuleKeys.contains(name) {
                warnings.append(ScanIssue(.warning, input: at(key).description,
                                          message: "unknown rule field `\(name)` ignored"))
            }
        }
        let id = try requiredString(mapping, "id", in: node)
        guard id.range(of: #"^[a-z0-9]+(-[a-z0-9]+)*$"#, options: .regularExpression) != nil else {
            throw RuleLoadError(position: at(mapping["id"]), reason: "rule id `\(id)` must be kebab-case (a-z, 0-9, -)")
        }
        let severityText = try requiredString(mapping, "severity", in: node)
        guard let severity = Severity(rawValue: severityText) else {
            throw RuleLoadError(position: at(mapping["severity"]),
                                reason: "rule \(id): severity must be one of critical, high, medium, low, info; got `\(severityText)`")
        }
        let confidenceText = try requiredString(mapping, "confidence", in: node)
        guard let confidence = Confidence(rawValue: confidenceText) else {
            throw RuleLoadError(position: at(mapping["confidence"]),
                                reason: "rule \(id): confidence must be one of high, medium, low; got `\(confidenceText)`")
        }
        let allow = try optionalMapping(mapping, "allow", rule: id, keys: ["patterns", "stopwords"])
        let paths = try optionalMapping(mapping, "paths", rule: id, keys: ["include", "exclude"])
        let checksum = try optionalString(mapping, "checksum", rule: id)
        if let checksum, !Checksums.names.contains(checksum) {
            throw RuleLoadError(position: at(mapping["checksum"]),
                                reason: "rule \(id): unknown checksum `\(checksum)` (known: \(Checksums.names.sorted().joined(separator: ", ")))")
        }
        let composite = try compositeSpec(mapping, rule: id)
        if composite != nil {
            // A composite rule matches nothing itself: fields about matching text would be silently ignored.
            let matching = ["pattern", "prefilter", "secret_group", "keywords", "min_entropy", "checksum", "allow", "paths", "part_only"]
            if let field = matching.first(where: { mapping[$0] != nil }) {
                throw RuleLoadError(position: at(mapping[field]),
                                    reason: "rule \(id): a composite rule has no `\(field)`; its parts' rules match the text")
            }
        }
        let examples = try exampleList(mapping, "examples", rule: id)
        if examples.isEmpty {
            throw RuleLoadError(position: at(node), reason: "rule \(id): needs at least one entry in `examples`")
        }
        return Rule(
            id: id,
            name: try requiredString(mapping, "name", in: node),
            description: try optionalString(mapping, "description", rule: id) ?? "",
            severity: severity,
            confidence: confidence,
            pattern: composite == nil ? try requiredString(mapping, "pattern", in: node) : "",
            prefilter: try optionalString(mapping, "prefilter", rule: id),
            secretGroup: try optionalInt(mapping, "secret_group", rule: id),
            keywords: try stringList(mapping, "keywords", rule: id),
            minEntropy: try optionalDouble(mapping, "min_entropy", rule: id),
            checksum: checksum,
            composite: composite,
            partOnly: try optionalBool(mapping, "part_only", rule: id) ?? false,
            literalPercent: try optionalBool(mapping, "literal_percent", rule: id) ?? false,
            checkPlaceholders: try optionalBool(mapping, "check_placeholders", rule: id) ?? true,
            allowPatterns: try stringList(allow, "patterns", rule: id),
            stopwords: try stringList(allow, "stopwords", rule: id),
            pathInclude: try stringList(paths, "include", rule: id),
            pathExclude: try stringList(paths, "exclude", rule: id),
            references: try stringList(mapping, "references", rule: id),
            remediation: try optionalString(mapping, "remediation", rule: id) ?? "",
            tags: try stringList(mapping, "tags", rule: id),
            examples: examples,
            negativeExamples: try exampleList(mapping, "negative_examples", rule: id),
            origin: at(node)
        )
    }

    /// `composite: {parts: [[rule ids], [rule ids]], within_lines: N}`. Whether the ids exist is checked when the
    /// whole pack is loaded (`RulePack.compositeProblems`).
    private func compositeSpec(_ mapping: Node.Mapping, rule: String) throws(RuleLoadError) -> CompositeSpec? {
        guard let inner = try optionalMapping(mapping, "composite", rule: rule, keys: ["parts", "within_lines"]) else {
            return nil
        }
        guard let partsNode = inner["parts"], let sequence = partsNode.sequence, sequence.count == 2 else {
            throw RuleLoadError(position: at(mapping["composite"]),
                                reason: "rule \(rule): `composite.parts` must be a list of two parts, each a list of rule ids")
        }
        var parts: [[String]] = []
        for part in sequence {
            let ids: [String]
            if let scalar = part.scalar {
                ids = [scalar.string]
            } else if let list = part.sequence {
                var collected: [String] = []
                for item in list { collected.append(try scalarString(item, field: "composite.parts", rule: rule)) }
                ids = collected
            } else {
                throw RuleLoadError(position: at(part), reason: "rule \(rule): each composite part must be a rule id or a list of them")
            }
            guard !ids.isEmpty, !ids.contains(rule) else {
                throw RuleLoadError(position: at(part), reason: "rule \(rule): a composite part needs rule ids other than its own")
            }
            parts.append(ids)
        }
        let within = try optionalInt(inner, "within_lines", rule: rule) ?? 5
        guard within <= 200 else {
            throw RuleLoadError(position: at(inner["within_lines"]), reason: "rule \(rule): `composite.within_lines` must be at most 200")
        }
        return CompositeSpec(parts: parts, withinLines: within)
    }

    // MARK: - Typed field access with positions

    private func at(_ node: Node?) -> SourcePosition {
        SourcePosition(file: file, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
    }

    private func scalarString(_ node: Node, field: String, rule: String?) throws(RuleLoadError) -> String {
        guard let scalar = node.scalar else {
            let owner = rule.map { "rule \($0): " } ?? ""
            throw RuleLoadError(position: at(node), reason: "\(owner)`\(field)` must be a string")
        }
        return scalar.string
    }

    private func requiredString(_ mapping: Node.Mapping, _ key: String, in node: Node) throws(RuleLoadError) -> String {
        let id = mapping["id"]?.scalar?.string
        guard let value = mapping[key] else {
            let owner = id.map { "rule \($0): " } ?? ""
            throw RuleLoadError(position: at(node), reason: "\(owner)missing required field `\(key)`")
        }
        let text = try scalarString(value, field: key, rule: id)
        if text.isEmpty {
            throw RuleLoadError(position: at(value), reason: "\(id.map { "rule \($0): " } ?? "")`\(key)` is empty")
        }
        return text
    }

    private func optionalString(_ mapping: Node.Mapping?, _ key: String, rule: String) throws(RuleLoadError) -> String? {
        guard let value = mapping?[key] else { return nil }
        return try scalarString(value, field: key, rule: rule)
    }

    private func optionalInt(_ mapping: Node.Mapping, _ key: String, rule: String) throws(RuleLoadError) -> Int? {
        guard let value = mapping[key] else { return nil }
        guard let number = value.scalar.flatMap({ Int($0.string) }), number >= 0 else {
            throw RuleLoadError(position: at(value), reason: "rule \(rule): `\(key)` must be a non-negative integer")
        }
        return number
    }

    private func optionalDouble(_ mapping: Node.Mapping, _ key: String, rule: String) throws(RuleLoadError) -> Double? {
        guard let value = mapping[key] else { return nil }
        guard let number = value.scalar.flatMap({ Double($0.string) }), number >= 0, number <= 8 else {
            throw RuleLoadError(position: at(value), reason: "rule \(rule): `\(key)` must be a number from 0 to 8")
        }
        return number
    }

    private func optionalBool(_ mapping: Node.Mapping, _ key: String, rule: String) throws(RuleLoadError) -> Bool? {
        guard let value = mapping[key] else { return nil }
        switch value.scalar?.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw RuleLoadError(position: at(value), reason: "rule \(rule): `\(key)` must be true or false")
        }
    }

    private func optionalMapping(
        _ mapping: Node.Mapping, _ key: String, rule: String, keys: Set<String>
    ) throws(RuleLoadError) -> Node.Mapping? {
        guard let value = mapping[key] else { return nil }
        guard let inner = value.mapping else {
            throw RuleLoadError(position: at(value),
                                reason: "rule \(rule): `\(key)` must be a mapping with \(keys.sorted().joined(separator: ", "))")
        }
        for (innerKey, _) in inner where !keys.contains(innerKey.string ?? "") {
            throw RuleLoadError(position: at(innerKey),
                                reason: "rule \(rule): unknown field `\(key).\(innerKey.string ?? "?")`")
        }
        return inner
    }

    private func stringList(_ mapping: Node.Mapping?, _ key: String, rule: String) throws(RuleLoadError) -> [String] {
        guard let value = mapping?[key] else { return [] }
        if let scalar = value.scalar, value.tag.rawValue == Tag.Name.null.rawValue || scalar.string.isEmpty { return [] }
        guard let sequence = value.sequence else {
            throw RuleLoadError(position: at(value), reason: "rule \(rule): `\(key)` must be a list of strings")
        }
        var result: [String] = []
        for item in sequence { result.append(try scalarString(item, field: key, rule: rule)) }
        return result
    }

    private func exampleList(_ mapping: Node.Mapping, _ key: String, rule: String) throws(RuleLoadError) -> [RuleExample] {
        guard let value = mapping[key] else { return [] }
        guard let sequence = value.sequence else {
            throw RuleLoadError(position: at(value), reason: "rule \(rule): `\(key)` must be a list of strings")
        }
        var result: [RuleExample] = []
        for item in sequence {
            result.append(RuleExample(text: try scalarString(item, field: key, rule: rule), origin: at(item)))
        }
        return result
    }

    // MARK: - YAML errors

    private func position(of error: YamlError) -> SourcePosition {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return SourcePosition(file: file, line: mark.line, column: mark.column)
        default:
            return SourcePosition(file: file, line: 1)
        }
    }

    private func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
             .composer(let context, let problem, _, _):
            return [context?.text, problem].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
        case .reader(let problem, _, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}
