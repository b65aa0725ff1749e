import StowawayCore
import StowawayRules
import Testing

@Suite struct RuleFileParserTests {
    static let valid = """
        rules:
          - id: demo-token
            name: Demo token
            severity: high
            confidence: high
            pattern: '\\b(demo_[a-z0-9]{20})\\b'
            allow:
              stopwords: [example]
            paths:
              exclude: ['**/testdata/**']
            examples:
              - 'x = demo_{{gen:[a-z0-9]{20}}}'
        """

    @Test func parsesFieldsAndPositions() throws {
        var parser = RuleFileParser(file: "Rules/demo.yml")
        let rules = try parser.parse(Self.valid)
        let rule = try #require(rules.first)
        #expect(rule.id == "demo-token")
        #expect(rule.severity == .high)
        #expect(rule.stopwords == ["example"])
        #expect(rule.pathExclude == ["**/testdata/**"])
        #expect(rule.origin?.line == 2)
        #expect(rule.examples.first?.origin?.line == 12)
        #expect(parser.warnings.isEmpty)
    }

    @Test func invalidYAMLNamesFileAndLine() {
        var parser = RuleFileParser(file: "Rules/broken.yml")
        #expect {
            _ = try parser.parse("rules:\n  - id: x\n    name: [unclosed\n")
        } throws: { error in
            let error = error as? RuleLoadError
            return error?.position.file == "Rules/broken.yml" && (error?.position.line ?? 0) >= 3
                && error?.description.contains("invalid YAML") == true
        }
    }

    @Test(arguments: [
        ("severity: huge", "severity must be one of"),
        ("confidence: sure", "confidence must be one of"),
        ("min_entropy: lots", "min_entropy"),
    ])
    func badFieldValuesAreRejectedWithTheirLine(replacement: String, message: String) {
        let key = String(replacement.split(separator: ":")[0])
        var text = Self.valid
        if text.contains("    \(key):") {
            text = text.split(separator: "\n").map { $0.hasPrefix("    \(key):") ? "    \(replacement)" : String($0) }
                .joined(separator: "\n")
        } else {
            text = text.replacingOccurrences(of: "    examples:", with: "    \(replacement)\n    examples:")
        }
        var parser = RuleFileParser(file: "Rules/demo.yml")
        #expect {
            _ = try parser.parse(text)
        } throws: { error in
            (error as? RuleLoadError)?.reason.contains(message) == true
        }
    }

    @Test func missingFieldsAndUnknownFields() throws {
        var parser = RuleFileParser(file: "Rules/demo.yml")
        #expect(throws: RuleLoadError.self) { _ = try parser.parse("rules:\n  - id: x\n    name: y\n") }
        var lenient = RuleFileParser(file: "Rules/demo.yml")
        _ = try lenient.parse(Self.valid.replacingOccurrences(of: "    confidence: high", with: "    confidence: high\n    severty: low"))
        #expect(lenient.warnings.contains { $0.message.contains("unknown rule field `severty`") })
    }
}

@Suite struct ExampleTextTests {
    @Test func generatorsAreDeterministicAndMarkersGiveTheSecret() throws {
        let a = try ExampleText(expanding: "t = «{{gen:ghp_[A-Za-z0-9]{36}}}»", seed: "s")
        let b = try ExampleText(expanding: "t = «{{gen:ghp_[A-Za-z0-9]{36}}}»", seed: "s")
        #expect(a == b)
        let secret = try #require(a.expectedSecret)
        #expect(secret.hasPrefix("ghp_") && secret.count == 40)
        #expect(a.text == "t = " + secret)
    }

    @Test func repeatedGeneratorGivesTheSameValue() throws {
        let text = try ExampleText(expanding: "{{gen:[a-f0-9]{8}}} {{gen:[a-f0-9]{8}}}", seed: "x").text
        let parts = text.split(separator: " ")
        #expect(parts.count == 2 && parts[0] == parts[1] && parts[0].count == 8)
    }

    @Test func quantifiersAndEscapes() throws {
        let text = try ExampleText(expanding: "{{gen:SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}}}|{{gen:\\d{4,6}}}", seed: "y").text
        let parts = text.split(separator: "|")
        #expect(parts[0].hasPrefix("SWMTKN-1-") && parts[0].count == 9 + 50 + 1 + 25)
        #expect((4...6).contains(parts[1].count) && parts[1].allSatisfy(\.isNumber))
    }

    @Test func badSyntaxIsReported() {
        #expect(throws: ExampleSyntaxError.self) { _ = try ExampleText(expanding: "{{gen:[a-z", seed: "") }
        #expect(throws: ExampleSyntaxError.self) { _ = try ExampleText(expanding: "{{gen:(a|b)}}", seed: "") }
        #expect(throws: ExampleSyntaxError.self) { _ = try ExampleText(expanding: "«open", seed: "") }
    }
}
