import Foundation
import StowawayCore
import Testing
@testable import StowawayDocker

/// Every example in `DockerRules` must produce a finding of its rule; every negative example must not.
@Suite struct RuleExampleTests {
    /// The file an example is written as, from the rule's first tag.
    static func path(for rule: Rule) -> String {
        switch rule.tags.first {
        case "compose": "docker-compose.yml"
        case "kubernetes": "deploy/manifest.yaml"
        case "helm-values": "chart/values.yaml"
        case "docker-config": ".docker/config.json"
        case "github-workflow": ".github/workflows/build.yml"
        case "gitlab-ci": ".gitlab-ci.yml"
        case "build-script": "scripts/build.sh"
        case "env-file": ".env"
        default: "Dockerfile"
        }
    }

    static func context(for rule: Rule) -> BuildContext? {
        rule.tags.contains("build-context") ? BuildContext(files: DockerRules.exampleContextFiles) : nil
    }

    @Test func everyRuleHasExamplesBothWays() {
        for rule in DockerRules.all {
            #expect(!rule.examples.isEmpty && !rule.negativeExamples.isEmpty, "\(rule.id)")
        }
    }

    static let examples = DockerRules.all.flatMap { rule in rule.examples.map { (rule.id, $0.text) } }
    static let negatives = DockerRules.all.flatMap { rule in rule.negativeExamples.map { (rule.id, $0.text) } }

    @Test(arguments: examples)
    func exampleProducesAFinding(ruleID: String, text: String) throws {
        let rule = try #require(DockerRules.all.first { $0.id == ruleID })
        let analysis = DockerAnalyzer.analyze(path: Self.path(for: rule), text: text, context: Self.context(for: rule))
        #expect(analysis.issues.isEmpty, "\(analysis.issues)")
        #expect(analysis.findings.contains { $0.rule.id == ruleID },
                "no \(ruleID) finding; got \(analysis.findings.map { "\($0.rule.id): \($0.secret)" })")
    }

    @Test(arguments: negatives)
    func negativeExampleProducesNoFinding(ruleID: String, text: String) throws {
        let rule = try #require(DockerRules.all.first { $0.id == ruleID })
        let analysis = DockerAnalyzer.analyze(path: Self.path(for: rule), text: text, context: Self.context(for: rule))
        #expect(analysis.issues.isEmpty, "\(analysis.issues)")
        #expect(analysis.findings.isEmpty, "\(analysis.findings.map { "\($0.rule.id): \($0.secret)" })")
    }

    /// `rules list` shows the pack and the semantic rules together; an id must mean one thing.
    @Test func semanticRuleIDsAreNotUsedByThePack() throws {
        let rules = URL(fileURLWithPath: #filePath).deletingLastPathComponent().resolvingSymlinksInPath()
            .appendingPathComponent("../../Rules").standardizedFileURL
        let files = try #require(FileManager.default.enumerator(atPath: rules.path)).compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }
        #expect(!files.isEmpty)
        var packIDs: Set<String> = []
        for file in files {
            let text = try String(contentsOf: rules.appendingPathComponent(file), encoding: .utf8)
            for line in text.split(separator: "\n") where line.trimmingCharacters(in: .whitespaces).hasPrefix("- id:") {
                packIDs.insert(line.split(separator: ":", maxSplits: 1)[1].trimmingCharacters(in: .whitespaces))
            }
        }
        let clashes = DockerRules.all.map(\.id).filter(packIDs.contains)
        #expect(clashes.isEmpty, "semantic rule ids also defined in Rules/: \(clashes)")
    }

    @Test func ruleIDsAreUniqueAndRulesCarryTheirMetadata() {
        let ids = DockerRules.all.map(\.id)
        #expect(Set(ids).count == ids.count)
        for rule in DockerRules.all {
            #expect(rule.pattern.isEmpty, "\(rule.id) is a semantic rule")
            #expect(!rule.remediation.isEmpty && !rule.name.isEmpty && !rule.references.isEmpty, "\(rule.id)")
            #expect(rule.id.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }, "\(rule.id) is kebab-case")
        }
    }
}
