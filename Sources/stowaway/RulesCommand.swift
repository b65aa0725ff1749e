import ArgumentParser
import Foundation
import StowawayCore
import StowawayKit
import StowawayRules

struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, check and package detection rules.",
        subcommands: [List.self, Check.self, Generate.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules in use, one per line.")

        @OptionGroup var ruleOptions: RuleOptions

        func run() throws {
            let pack = try ruleOptions.source.load()
            var output = ""
            // The semantic checks (Dockerfile, Compose, Kubernetes, CI) run in every tree scan next to the pack.
            for rule in (pack.rules + FileScan.semanticRules).sorted(by: { $0.id < $1.id }) {
                output += "\(rule.id)\t\(rule.severity.rawValue)\t\(rule.confidence.rawValue)\t\(rule.name)\n"
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a rule pack: ids unique, patterns compile in Hyperscan and PCRE2, examples match, negative examples do not.",
            discussion: "With --rules, checks those folders only; without, checks the built-in pack. Exit 1 on problems.")

        @Option(name: .long, help: ArgumentHelp("A folder (or YAML file) of rules to check; repeatable.", valueName: "dir"))
        var rules: [String] = []

        func run() throws {
            var pack = RulePack(rules: [])
            do {
                if rules.isEmpty {
                    pack = try RulePack.builtin(withExamples: true)
                } else {
                    for directory in rules {
                        let loaded = try RulePack.load(directory: directory)
                        pack.rules += loaded.rules
                        pack.warnings += loaded.warnings
                    }
                }
            } catch let error as RuleLoadError {
                throw StowawayError("", "invalid rule file: \(error.description)")
            }
            for warning in pack.warnings { CommandSupport.printError(warning.description) }
            let engine = try EngineBuilder.build(pack, useCache: false)
            let problems = RulePackChecker(pack: pack, engine: engine).check()
            for problem in problems { CommandSupport.printError(problem.description) }
            let examples = pack.rules.reduce(0) { $0 + $1.examples.count + $1.negativeExamples.count }
            print("\(pack.rules.count) rules, \(examples) examples checked, \(problems.count) problem\(problems.count == 1 ? "" : "s")")
            if !problems.isEmpty { throw ExitCode(ExitStatus.findings.rawValue) }
        }
    }

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the Swift file that embeds a rule folder as the built-in pack (maintainers: `make rules`).")

        @Argument(help: "The rules folder.")
        var directory: String = "Rules"

        @Option(name: .shortAndLong, help: "The Swift file to write.")
        var output: String = "Sources/StowawayRules/BuiltinPack.generated.swift"

        func run() throws {
            let pack: RulePack
            do {
                pack = try RulePack.load(directory: directory, displayPrefix: "Rules")
            } catch let error as RuleLoadError {
                throw StowawayError("", "invalid rule file: \(error.description)")
            }
            if let duplicate = pack.duplicateIDs.first {
                throw StowawayError("rules", "duplicate rule id `\(duplicate.id)`")
            }
            let source = try pack.generatedSwiftSource()
            guard FileManager.default.createFile(atPath: output, contents: Data(source.utf8)) else {
                throw StowawayError(output, "cannot write")
            }
            print("wrote \(pack.rules.count) rules to \(output)")
        }
    }
}
