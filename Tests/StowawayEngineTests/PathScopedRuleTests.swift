import Foundation
import StowawayCore
@testable import StowawayEngine
import Testing

/// Rules with `paths.include` run from a second database, only on paths they name; the result must be the same as
/// if they were in the main database and filtered afterwards.
@Suite struct PathScopedRuleTests {
    static let everywhere = Rule(id: "demo-token", name: "Demo token", severity: .critical, confidence: .high,
                                 pattern: #"\b(dmo_[A-Za-z0-9]{24})\b"#)
    /// A line of a password file: no literal at all, the kind of pattern scoping exists for.
    static let passwordFile = Rule(id: "demo-passfile", name: "Demo password file", severity: .high, confidence: .high,
                                   pattern: #"(?m)^[a-z.]{3,40}:[0-9]{2,5}:[a-z]{2,20}:([A-Za-z0-9]{12,40})$"#,
                                   pathInclude: ["**/.demopass", "conf/*.pass"])
    static let line = "db.example.com:5432:deploy:Xk9vQ2mLp7RzT4wN\n"

    func found(_ engine: Engine, path: String, scoped: PathScopedRules = .wherePathMatches,
               filters: Bool = true) throws -> [String] {
        let scanner = try engine.makeScanner()
        let text = Self.line + "token = dmo_" + String(repeating: "aB3x", count: 6) + "\n"
        return Array(text.utf8).withUnsafeBytes {
            scanner.scan($0, path: path, applyPathFilters: filters, pathScopedRules: scoped)
        }.candidates.map { engine.rules[$0.ruleIndex].rule.id }.sorted()
    }

    @Test func scopedRulesRunOnlyOnTheirPaths() throws {
        let engine = try Engine(rules: [Self.everywhere, Self.passwordFile])
        #expect(engine.scopedDatabase != nil)
        #expect(try found(engine, path: ".demopass") == ["demo-passfile", "demo-token"])
        #expect(try found(engine, path: "home/ci/.demopass") == ["demo-passfile", "demo-token"])
        #expect(try found(engine, path: "conf/prod.pass") == ["demo-passfile", "demo-token"])
        #expect(try found(engine, path: "notes/prod.pass") == ["demo-token"])
        #expect(try found(engine, path: "readme.txt") == ["demo-token"])
        // Git scans a blob once by the path it was first seen at, with path filters applied later per path.
        #expect(try found(engine, path: "readme.txt", filters: false) == ["demo-token"])
        #expect(try found(engine, path: "x/.demopass", filters: false) == ["demo-passfile", "demo-token"])
        // A rule check, or a blob no tree names, runs every rule.
        #expect(try found(engine, path: "example", scoped: .everywhere, filters: false) == ["demo-passfile", "demo-token"])
    }

    @Test func aPackOfOnlyScopedRulesKeepsThemInTheMainDatabase() throws {
        let engine = try Engine(rules: [Self.passwordFile])
        #expect(engine.scopedDatabase == nil)
        #expect(try found(engine, path: "a/.demopass") == ["demo-passfile"])
        #expect(try found(engine, path: "a/other").isEmpty)
    }

    @Test func bothDatabasesComeBackFromTheCache() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-scoped-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let cache = EngineCache(directory: directory)
        let first = try Engine(rules: [Self.everywhere, Self.passwordFile], cache: cache)
        #expect(!first.loadedFromCache)
        let second = try Engine(rules: [Self.everywhere, Self.passwordFile], cache: cache)
        #expect(second.loadedFromCache)
        #expect(try found(second, path: ".demopass") == ["demo-passfile", "demo-token"])
        // Losing the scoped database's file recompiles both rather than scanning without the scoped rules.
        let scopedFile = cache.path(key: EngineCache.key(for: [Self.passwordFile]), mode: .block)
        #expect(FileManager.default.fileExists(atPath: scopedFile))
        try FileManager.default.removeItem(atPath: scopedFile)
        let third = try Engine(rules: [Self.everywhere, Self.passwordFile], cache: cache)
        #expect(!third.loadedFromCache)
        #expect(try found(third, path: ".demopass") == ["demo-passfile", "demo-token"])
    }
}
