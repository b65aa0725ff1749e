import Testing
@testable import StowawayDocker

@Suite struct DockerfileParserTests {
    @Test func parserDirectivesSetTheEscapeCharacter() throws {
        let file = try DockerfileParser.parse("# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine\nRUN echo a `\n  b\n")
        #expect(file.directives.map(\.name) == ["syntax", "escape"])
        #expect(file.escape == UInt8(ascii: "`"))
        #expect(file.instructions.map(\.keyword) == ["FROM", "RUN"])
        #expect(file.instructions[1].arguments.string == "echo a   b")
        #expect(file.instructions[1].line == 4 && file.instructions[1].endLine == 5)
    }

    @Test func directivesAfterACommentAreComments() throws {
        let file = try DockerfileParser.parse("# a comment\n# escape=`\nFROM alpine\nRUN echo \\\n  b\n")
        #expect(file.directives.isEmpty)
        #expect(file.escape == UInt8(ascii: "\\"))
        #expect(file.instructions[1].arguments.string == "echo   b")
    }

    @Test func duplicateOrInvalidDirectivesAreErrors() {
        #expect(throws: DockerfileParseError.self) { try DockerfileParser.parse("# escape=`\n# escape=\\\nFROM a\n") }
        #expect(throws: DockerfileParseError.self) { try DockerfileParser.parse("# escape=x\nFROM a\n") }
    }

    @Test func continuationsSkipCommentAndBlankLines() throws {
        let text = """
            FROM alpine
            RUN apt-get update && \\
                # install tools
                apt-get install -y curl \\

                && rm -rf /var/lib/apt/lists/*
            ENV A=1
            """
        let file = try DockerfileParser.parse(text)
        let run = file.instructions[1]
        #expect(run.arguments.string.contains("apt-get install -y curl"))
        #expect(run.arguments.string.hasSuffix("&& rm -rf /var/lib/apt/lists/*"))
        #expect(!run.arguments.string.contains("install tools"))
        #expect(run.comments == ["    # install tools"])
        #expect(run.line == 2 && run.endLine == 6)
        #expect(file.instructions[2].line == 7)
    }

    @Test func commentsAboveAnInstructionAreKeptForAllowMarkers() throws {
        let file = try DockerfileParser.parse("FROM alpine\n\n# stowaway:allow\nENV A=1\n")
        #expect(file.instructions[1].comments == ["# stowaway:allow"])
        let separated = try DockerfileParser.parse("FROM alpine\n# stowaway:allow\n\nENV A=1\n")
        #expect(separated.instructions[1].comments.isEmpty)
    }

    @Test func heredocsInRunAndCopy() throws {
        let text = "FROM alpine\nRUN <<EOF\necho hi\nEOF\nCOPY <<-\"CONF\" /etc/app.conf\n\tkey = $VALUE\n\tCONF\n"
            + "RUN cat <<A > /a && cat <<'B' > /b\none\nA\ntwo\nB\nUSER app\n"
        let file = try DockerfileParser.parse(text)
        let run = file.instructions[1]
        #expect(run.heredocs.count == 1)
        #expect(run.heredocs[0].name == "EOF" && !run.heredocs[0].isQuoted && !run.heredocs[0].stripsTabs)
        #expect(run.heredocs[0].body.string == "echo hi\n")
        #expect(run.endLine == 4)
        let copy = file.instructions[2]
        #expect(copy.heredocs[0].name == "CONF" && copy.heredocs[0].isQuoted && copy.heredocs[0].stripsTabs)
        #expect(copy.heredocs[0].body.string == "key = $VALUE\n")
        let two = file.instructions[3]
        #expect(two.heredocs.map(\.name) == ["A", "B"])
        #expect(two.heredocs.map(\.body.string) == ["one\n", "two\n"])
        #expect(file.instructions[4].keyword == "USER" && file.instructions[4].line == 13)
    }

    @Test func heredocBodyBytesKeepTheirSourcePositions() throws {
        let text = "FROM alpine\nRUN <<EOF\nsecret-here\nEOF\n"
        let file = try DockerfileParser.parse(text)
        let body = file.instructions[1].heredocs[0].body
        let source = SourceText(text)
        #expect(source.location(try #require(body[0..<11].sourceRange)).line == 3)
    }

    @Test func unterminatedHeredocIsAnErrorWithItsLine() {
        #expect(throws: DockerfileParseError.self) { try DockerfileParser.parse("FROM alpine\nRUN <<EOF\necho\n") }
        do {
            _ = try DockerfileParser.parse("FROM alpine\nRUN <<EOF\necho\n")
        } catch {
            #expect(error.line == 3 || error.line == 2)
        }
    }

    @Test func unknownInstructionIsAnError() {
        #expect(throws: DockerfileParseError.self) { try DockerfileParser.parse("FROM alpine\nFROB x\n") }
    }

    @Test func jsonExecFormIsDecodedAndInvalidJSONIsShellForm() throws {
        let file = try DockerfileParser.parse("FROM alpine\nCMD [\"sh\", \"-c\", \"echo \\\"hi\\\"\"]\nRUN [ \"broken\" \n")
        #expect(file.instructions[1].execForm?.map(\.string) == ["sh", "-c", "echo \"hi\""])
        #expect(file.instructions[2].execForm == nil)
        #expect(file.instructions[2].arguments.string == "[ \"broken\"")
    }

    @Test func leadingFlagsAreSeparatedFromArguments() throws {
        let file = try DockerfileParser.parse(
            "FROM --platform=linux/amd64 alpine\nRUN --mount=type=secret,id=npm,env=NPM_TOKEN --network=none npm ci\nCOPY --from=build --chown=app:app /a /b\n")
        #expect(file.instructions[0].flag("platform").first?.value?.string == "linux/amd64")
        let run = file.instructions[1]
        #expect(run.flags.map(\.name) == ["mount", "network"])
        #expect(run.flag("mount").first?.value?.string == "type=secret,id=npm,env=NPM_TOKEN")
        #expect(run.arguments.string == "npm ci")
        #expect(file.instructions[2].flag("from").first?.value?.string == "build")
        #expect(file.instructions[2].arguments.string == "/a /b")
    }

    @Test func argBeforeFromIsGlobalAndStagesSplitAtFrom() throws {
        let file = try DockerfileParser.parse("ARG BASE=alpine\nFROM ${BASE} AS build\nRUN make\nFROM build\nCMD [\"app\"]\n")
        #expect(file.globals.map(\.keyword) == ["ARG"])
        #expect(file.stages.map { $0.map(\.keyword) } == [["FROM", "RUN"], ["FROM", "CMD"]])
    }

    @Test func onbuildWrapsAnInstruction() throws {
        let file = try DockerfileParser.parse("FROM alpine\nONBUILD RUN echo hi\n")
        #expect(file.instructions[1].keyword == "RUN" && file.instructions[1].isOnBuild)
        #expect(file.instructions[1].arguments.string == "echo hi")
    }

    @Test func keyValueFormsOfEnv() throws {
        let escape = UInt8(ascii: "\\")
        let modern = try KeyValueArguments.parse(MappedText(Array("A=1 B=\"two words\" C=three\\ words".utf8)[...], startingAt: 0),
                                                 keyword: "ENV", escape: escape, line: 1)
        let evaluator = WordEvaluator(escape: escape, lookup: { _ in nil })
        #expect(modern.map(\.key.string) == ["A", "B", "C"])
        #expect(modern.map { evaluator.evaluate($0.value!).string } == ["1", "two words", "three words"])
        let legacy = try KeyValueArguments.parse(MappedText(Array("API_PASSWORD some value  here".utf8)[...], startingAt: 0),
                                                 keyword: "ENV", escape: escape, line: 1)
        #expect(legacy.count == 1 && legacy[0].isLegacyForm)
        #expect(legacy[0].key.string == "API_PASSWORD" && legacy[0].value?.string == "some value  here")
        #expect(throws: DockerfileParseError.self) {
            try KeyValueArguments.parse(MappedText(Array("A=1 B".utf8)[...], startingAt: 0), keyword: "ENV", escape: escape, line: 1)
        }
        let args = try KeyValueArguments.parse(MappedText(Array("A B=2".utf8)[...], startingAt: 0), keyword: "ARG", escape: escape, line: 1)
        #expect(args.map(\.key.string) == ["A", "B"] && args[0].value == nil && args[1].value?.string == "2")
    }

    @Test func byteOrderMarkBeforeTheFirstInstruction() throws {
        let file = try DockerfileParser.parse("\u{FEFF}FROM alpine\nENV A=1\n")
        #expect(file.instructions.map(\.keyword) == ["FROM", "ENV"])
    }

    @Test func crlfLineEndingsAreHandled() throws {
        let file = try DockerfileParser.parse("FROM alpine\r\nENV A=1 \\\r\n    B=2\r\nRUN echo\r\n")
        #expect(file.instructions.map(\.keyword) == ["FROM", "ENV", "RUN"])
        #expect(file.instructions[1].arguments.string == "A=1     B=2")
    }
}
