import FuzzSupport
import StowawayCore
import StowawayEngine
import StowawayRules

/// A rule file as a user could write it: YAML parsing and validation, then hyperscan and PCRE2 compilation of its first
/// rule and a scan of the file's own text, so a pattern the validator let through cannot trap the engine.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRules(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    let text = String(decoding: bytes, as: UTF8.self)
    var parser = RuleFileParser(file: "fuzz.yml")
    guard let loaded = try? parser.parse(text), !loaded.isEmpty else { return 0 }
    // Compiling even one rule costs ~75 ms under ASan, against a few ms for parsing: one input in eight (picked by
    // content, so a replay does the same) goes on to the engine, which keeps the parser fuzzed at volume.
    guard bytes.reduce(0, { $0 &+ Int($1) }) % 8 == 0 else { return 0 }
    let rules = Array(loaded.prefix(1))
    guard let engine = try? Engine(rules: rules), let scanner = try? engine.makeScanner() else { return 0 }
    let result = scanner.scan(bytes, path: "fuzz.yml")
    for candidate in result.candidates {
        precondition(candidate.ruleIndex < rules.count, "a candidate for a rule that does not exist")
    }
    return 0
}

/// The process entry point under SwiftPM's renamed `main` (see `runLibFuzzer`).
@_cdecl("FuzzRules_main")
public func fuzzRulesMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzRules)
}
