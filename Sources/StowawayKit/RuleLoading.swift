import Foundation
import StowawayCore
import StowawayEngine
import StowawayRules

/// Which rules a run uses: the built-in pack unless `--no-builtin-rules`, plus every `--rules DIR`.
public struct RuleSource: Sendable {
    public var includeBuiltin: Bool
    public var directories: [String]

    public init(includeBuiltin: Bool = true, directories: [String] = []) {
        self.includeBuiltin = includeBuiltin
        self.directories = directories
    }

    /// Loads the rules; a broken file is an error naming file and line (the run cannot go on: exit 2).
    public func load() throws -> RulePack {
        var pack = includeBuiltin ? try RulePack.builtin() : RulePack(rules: [])
        for directory in directories {
            do {
                let loaded = try RulePack.load(directory: directory)
                pack.rules += loaded.rules
                pack.warnings += loaded.warnings
            } catch let error as RuleLoadError {
                throw StowawayError("", "invalid rule file: \(error.description)")
            }
        }
        if pack.rules.isEmpty {
            throw StowawayError("rules", "no rules to scan with (the built-in pack is off and no --rules folder has rules)")
        }
        let duplicates = pack.duplicateIDs
        if let first = duplicates.first {
            let places = first.origins.map(\.description).joined(separator: ", ")
            throw StowawayError("rules", "rule id `\(first.id)` is defined more than once (\(places))")
        }
        return pack
    }
}

/// Builds the engine for a pack, with the per-user database cache unless disabled.
public enum EngineBuilder {
    public static func build(_ pack: RulePack, useCache: Bool = true) throws -> Engine {
        try Engine(rules: pack.rules, cache: useCache ? EngineCache.userDefault() : nil)
    }
}
