import Foundation
import StowawayCore
import StowawayEngine
import StowawayKit
import StowawayRules
import Testing

/// The repository's `Rules/` folder, loaded once for all tests in this file.
enum RepositoryRules {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let directory = root.appendingPathComponent("Rules").path

    /// The pack and its checker, or why Rules/ could not be loaded or compiled (reported by `rulesLoadAndCompile`;
    /// the parameterised cases are then empty instead of crashing the test run).
    static let loaded: Result<(RulePack, RulePackChecker), Error> = Result {
        let pack = try RulePack.load(directory: directory, displayPrefix: "Rules")
        return (pack, RulePackChecker(pack: pack, engine: try Engine(rules: pack.rules)))
    }

    static var pack: RulePack { (try? loaded.get().0) ?? RulePack(rules: []) }

    static var checker: RulePackChecker? { try? loaded.get().1 }

    /// One case per example, described by its YAML position so a failure names the line to fix.
    struct Case: Sendable, CustomTestStringConvertible {
        var rule: Rule
        var example: RuleExample
        var kind: RulePackChecker.ExampleKind

        var testDescription: String { "\(example.origin?.description ?? "?") \(rule.id) \(kind.rawValue)" }
    }

    static var cases: [Case] {
        pack.rules.flatMap { rule in
            rule.examples.map { Case(rule: rule, example: $0, kind: .positive) }
                + rule.negativeExamples.map { Case(rule: rule, example: $0, kind: .negative) }
        }
    }
}

@Suite struct RulePackExamplesTests {
    /// Every example must match and every negative example must not. A failure is reported at the example's YAML line.
    @Test func rulesLoadAndCompile() throws {
        _ = try RepositoryRules.loaded.get()
        #expect(RepositoryRules.pack.rules.count >= 300)
    }

    @Test(arguments: RepositoryRules.cases)
    func exampleBehaves(_ testCase: RepositoryRules.Case) throws {
        let checker = try #require(RepositoryRules.checker)
        let failure = checker.checkExample(rule: testCase.rule, example: testCase.example, kind: testCase.kind)
        let origin = testCase.example.origin ?? SourcePosition(file: "Rules", line: 1)
        let location = SourceLocation(fileID: "Rules/\(origin.file)", filePath: RepositoryRules.root.path + "/" + origin.file,
                                      line: origin.line, column: max(origin.column, 1))
        #expect(failure == nil, "\(testCase.rule.id): \(failure ?? "")", sourceLocation: location)
    }

    @Test func packHasUniqueIdsAndEveryRuleCompiles() throws {
        let checker = try #require(RepositoryRules.checker)
        #expect(RepositoryRules.pack.duplicateIDs.isEmpty, "duplicate ids: \(RepositoryRules.pack.duplicateIDs.map(\.id))")
        #expect(checker.engine.problems.isEmpty, "\(checker.engine.problems)")
        for compiled in checker.engine.rules {
            #expect(throws: Never.self, "\(compiled.rule.id)") { try compiled.compileNow() }
        }
    }

    @Test func everyRuleHasTwoExamplesOneNegativeAndARemediation() {
        for rule in RepositoryRules.pack.rules {
            #expect(rule.examples.count >= 2, "\(rule.origin?.description ?? "") \(rule.id) needs two examples")
            #expect(!rule.negativeExamples.isEmpty, "\(rule.origin?.description ?? "") \(rule.id) needs a negative example")
            #expect(!rule.remediation.isEmpty, "\(rule.origin?.description ?? "") \(rule.id) needs a remediation")
        }
    }

    @Test func builtinPackIsRegeneratedFromRules() throws {
        let generatedPath = RepositoryRules.root.appendingPathComponent("Sources/StowawayRules/BuiltinPack.generated.swift").path
        let onDisk = try String(contentsOfFile: generatedPath, encoding: .utf8)
        let expected = try RepositoryRules.pack.generatedSwiftSource()
        #expect(onDisk == expected, "BuiltinPack.generated.swift is out of date with Rules/: run `make rules`")
        #expect(try RulePack.builtin().rules.count == RepositoryRules.pack.rules.count)
        // A scan decodes the rules without examples; a rule check gets them back exactly as the YAML has them.
        #expect(try RulePack.builtin().rules.allSatisfy { $0.examples.isEmpty && $0.negativeExamples.isEmpty })
        let withExamples = try RulePack.builtin(withExamples: true).rules
        #expect(withExamples.map(\.examples) == RepositoryRules.pack.rules.map(\.examples))
        #expect(withExamples.map(\.negativeExamples) == RepositoryRules.pack.rules.map(\.negativeExamples))
    }
}
