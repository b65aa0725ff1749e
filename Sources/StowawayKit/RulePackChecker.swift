import StowawayCore
import StowawayEngine
import StowawayRules

/// Validates a rule pack the way the test suite does: unique ids, patterns that both engines compile, every example
/// found (with the marked secret), every negative example not found. Backs `stowaway rules check`.
public struct RulePackChecker: Sendable {
    public struct Problem: Sendable, CustomStringConvertible {
        public var position: SourcePosition?
        public var ruleID: String
        public var message: String

        public var description: String {
            (position.map { "\($0): " } ?? "") + "\(ruleID): \(message)"
        }
    }

    public enum ExampleKind: String, Sendable { case positive = "example", negative = "negative example" }

    public let pack: RulePack
    public let engine: Engine
    private let ruleIndex: [String: Int]

    public init(pack: RulePack, engine: Engine) {
        self.pack = pack
        self.engine = engine
        var index: [String: Int] = [:]
        for (position, compiled) in engine.rules.enumerated() { index[compiled.rule.id] = position }
        ruleIndex = index
    }

    /// Every problem in the pack.
    public func check() -> [Problem] {
        var problems: [Problem] = []
        for duplicate in pack.duplicateIDs {
            for origin in duplicate.origins {
                problems.append(Problem(position: origin, ruleID: duplicate.id, message: "duplicate rule id"))
            }
        }
        for issue in engine.problems {
            let origin = pack.rules.first { $0.id == issue.input }?.origin
            problems.append(Problem(position: origin, ruleID: issue.input, message: issue.message))
        }
        for compiled in engine.rules {
            do {
                try compiled.compileNow()
            } catch {
                problems.append(Problem(position: compiled.rule.origin, ruleID: compiled.rule.id, message: error.message))
                continue
            }
            let rule = compiled.rule
            if rule.severity != .info && rule.negativeExamples.isEmpty {
                problems.append(Problem(position: rule.origin, ruleID: rule.id, message: "needs at least one negative example"))
            }
            for example in rule.examples {
                if let failure = checkExample(rule: rule, example: example, kind: .positive) {
                    problems.append(Problem(position: example.origin, ruleID: rule.id, message: failure))
                }
            }
            for example in rule.negativeExamples {
                if let failure = checkExample(rule: rule, example: example, kind: .negative) {
                    problems.append(Problem(position: example.origin, ruleID: rule.id, message: failure))
                }
            }
        }
        return problems
    }

    /// nil when the example behaves; otherwise what went wrong, in words.
    public func checkExample(rule: Rule, example: RuleExample, kind: ExampleKind) -> String? {
        let expanded: ExampleText
        do {
            expanded = try ExampleText(expanding: example.text, seed: "\(rule.id)|\(example.text)")
        } catch {
            return "\(kind.rawValue) has bad syntax: \(error.message)"
        }
        guard let index = ruleIndex[rule.id] else { return "rule is not in the engine" }
        // A scanner per check keeps the checker usable from parallel tests (scanners are per thread).
        let scanner: BlobScanner
        do {
            scanner = try engine.makeScanner()
        } catch {
            return error.message
        }
        // Composite rules are checked with parts combined; every other rule on its own (a part rule's example may
        // hold its partner too).
        let result = Array(expanded.text.utf8).withUnsafeBytes {
            scanner.scan($0, path: "example", applyPathFilters: false, resolveOverlaps: false,
                         combineParts: rule.composite != nil, pathScopedRules: .everywhere)
        }
        if let issue = result.issues.first(where: { $0.input == rule.id }) { return issue.message }
        let found = result.candidates.filter { $0.ruleIndex == index }
        switch kind {
        case .positive:
            guard !found.isEmpty else { return "example is not matched: \(Self.quote(expanded.text))" }
            let expectedParts = Set(expanded.expectedSecrets)
            if let expected = expanded.expectedSecret,
               !found.contains(where: { $0.secret == expected || Set(CompositeSecret.parts(of: $0.secret)) == expectedParts }) {
                let got = found.map { Self.quote($0.secret) }.joined(separator: ", ")
                return "example matched \(got) but the marked secret is \(Self.quote(expected))"
            }
            return nil
        case .negative:
            guard let first = found.first else { return nil }
            return "negative example is matched (secret \(Self.quote(first.secret))): \(Self.quote(expanded.text))"
        }
    }

    static func quote(_ text: String) -> String {
        let flat = text.replacing("\n", with: "\\n")
        return "`" + (flat.count > 160 ? String(flat.prefix(157)) + "..." : flat) + "`"
    }
}
