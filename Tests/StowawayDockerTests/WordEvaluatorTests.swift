import Testing
@testable import StowawayDocker

@Suite struct WordEvaluatorTests {
    static func word(_ text: String) -> MappedText { MappedText(Array(text.utf8)[...], startingAt: 0) }

    static func binding(_ name: String, _ value: String?, kind: VariableBinding.Kind = .arg) -> VariableBinding {
        VariableBinding(name: name, kind: kind, value: value.map { word($0) }, declaration: 0..<1, fromArgs: kind == .arg ? [name] : [])
    }

    static let scope = ["A": binding("A", "alpha"), "EMPTY": binding("EMPTY", ""), "NODEFAULT": binding("NODEFAULT", nil)]
    static var evaluator: WordEvaluator { WordEvaluator(escape: UInt8(ascii: "\\"), lookup: { scope[$0] }) }

    @Test(arguments: [
        ("$A", "alpha"), ("${A}", "alpha"), ("x${A}y", "xalphay"), ("$A-suffix", "alpha-suffix"),
        ("${MISSING:-fallback}", "fallback"), ("${A:-fallback}", "alpha"), ("${EMPTY:-fallback}", "fallback"),
        ("${EMPTY-fallback}", ""), ("${A:+alt}", "alt"), ("${MISSING:+alt}", ""), ("${EMPTY:+alt}", ""),
        ("${EMPTY+alt}", "alt"), ("'$A'", "$A"), ("\"$A\"", "alpha"), ("\\$A", "$A"), ("\"a \\\"b\\\"\"", "a \"b\""),
        ("${MISSING:-${A}}", "alpha"), ("${NODEFAULT:-def}", "def"), ("$", "$"), ("a$1", "a$1"),
    ])
    func expandsLikeBuildKit(input: String, expected: String) {
        #expect(Self.evaluator.evaluate(Self.word(input)).string == expected)
    }

    @Test func referencesAndLiteralDefaultsAreReported() {
        let word = Self.evaluator.evaluate(Self.word("${TOKEN:-hunter2-prod}"))
        #expect(word.references.map(\.name) == ["TOKEN"])
        #expect(word.references.first?.modifier == ":-")
        #expect(word.literalDefaults.map(\.string) == ["hunter2-prod"])
        #expect(word.isSingleReference)
        #expect(Self.evaluator.evaluate(Self.word("\"${A}\"")).isSingleReference)
        #expect(!Self.evaluator.evaluate(Self.word("x${A}")).isSingleReference)
        #expect(Self.evaluator.evaluate(Self.word("plain")).isLiteral)
    }

    @Test func expandedBytesAreAttributedToTheReference() throws {
        let word = Self.evaluator.evaluate(Self.word("ab${A}"))
        #expect(word.text.offsets == [0, 1, 2, 2, 2, 2, 2])
        #expect(word.literal == [true, true, false, false, false, false, false])
        #expect(try #require(word.references.first).sourceRange == 2..<6)
    }

    @Test func backtickEscapeCharacter() {
        let evaluator = WordEvaluator(escape: UInt8(ascii: "`"), lookup: { _ in nil })
        #expect(evaluator.evaluate(Self.word("C:\\path`$x")).string == "C:\\path$x")
    }
}
