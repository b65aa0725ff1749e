import Foundation
import StowawayCore

/// All rules compiled for scanning: one hyperscan database (block mode; a streaming one built on first need) plus
/// each rule's PCRE2 confirmation. Immutable and shared by every worker; per-worker state lives in `BlobScanner`.
public final class Engine: Sendable {
    public let rules: [CompiledRule]
    /// Rules that apply to every path.
    let blockDatabase: HyperscanDatabase
    /// Rules limited to some paths (`paths.include`: a `.pgpass` line, a Terraform default): scanned only where a path
    /// matches, so a pattern with no literal to anchor on does not slow every file down.
    let scopedDatabase: HyperscanDatabase?
    /// Those rules' include globs together: one test per file decides whether the scoped database runs.
    let pathScopedGlobs: GlobSet
    let expressions: [ExpressionPlan]
    let cache: EngineCache?
    private let streamDatabase = Mutex<HyperscanDatabase?>(nil)
    /// Rules dropped because neither engine could compile them, with the engine's message.
    public let problems: [ScanIssue]
    /// Whether the block database came from the on-disk cache (for `--verbose` and tests).
    public let loadedFromCache: Bool
    /// Composite rules resolved to rule indexes, and which rules supply a part of one.
    let compositePlans: [CompositeResolution.Plan]
    let isCompositePart: [Bool]

    /// How each rule is given to hyperscan, decided once per pack and cached with the database.
    struct ExpressionPlan: Codable, Sendable {
        var prefilter: Bool
        /// nil: unbounded.
        var maxWidth: Int?
    }

    /// A confirmation window never reaches further back than this before a hit; unbounded patterns use it too.
    public static let maximumWindow = 16 * 1024

    /// Compiles `rules`, using and refreshing the on-disk cache when given.
    public init(rules: [Rule], cache: EngineCache? = nil) throws(StowawayError) {
        self.cache = cache
        let composites = CompositeResolution.plans(for: rules)
        compositePlans = composites.plans
        var isPart = [Bool](repeating: false, count: rules.count)
        for plan in composites.plans { for index in plan.first.union(plan.second) { isPart[index] = true } }
        isCompositePart = isPart
        var scoped = rules.indices.filter { rules[$0].composite == nil && !rules[$0].pathInclude.isEmpty }
        // A pack of nothing but path-scoped rules keeps them in the one database.
        if !rules.indices.contains(where: { rules[$0].composite == nil && rules[$0].pathInclude.isEmpty }) { scoped = [] }
        pathScopedGlobs = GlobSet(scoped.flatMap { rules[$0].pathInclude.map(Glob.init) })
        let key = EngineCache.key(for: rules)
        let scopedKey = EngineCache.key(for: scoped.map { rules[$0] })
        if let cache, let entry = cache.load(key: key, mode: .block), entry.plans.count == rules.count {
            // Both are stored together; should the scoped one be missing, everything is compiled again.
            let scopedEntry = scoped.isEmpty ? nil : cache.load(key: scopedKey, mode: .block)
            if scoped.isEmpty || scopedEntry != nil {
                blockDatabase = entry.database
                scopedDatabase = scopedEntry?.database
                expressions = entry.plans
                loadedFromCache = true
                self.problems = composites.problems + entry.problems
                self.rules = zip(rules, entry.plans).map(Self.compiledRule)
                return
            }
        }
        var problems: [ScanIssue] = []
        var plans: [ExpressionPlan?] = []
        for rule in rules {
            // Composite rules match nothing themselves: they combine other rules' candidates after the scan.
            if rule.composite != nil {
                plans.append(nil)
                continue
            }
            switch Self.plan(for: rule) {
            case .success(let plan): plans.append(plan)
            case .failure(let failure):
                plans.append(nil)
                problems.append(ScanIssue(.error, input: rule.id, message: "hyperscan cannot compile the pattern: \(failure.message)"))
            }
        }
        let scopedSet = Set(scoped)
        guard let database = try Self.compile(rules: rules, indexes: rules.indices.filter { !scopedSet.contains($0) },
                                              plans: &plans, problems: &problems)
        else { throw StowawayError("rules", "no rule could be compiled") }
        let scopedDatabase = try Self.compile(rules: rules, indexes: scoped, plans: &plans, problems: &problems)
        // Dropped rules keep a plan slot so ids line up with rule indexes; they never get hits.
        let finalPlans = plans.map { $0 ?? ExpressionPlan(prefilter: true, maxWidth: 0) }
        blockDatabase = database
        self.scopedDatabase = scopedDatabase
        expressions = finalPlans
        loadedFromCache = false
        self.problems = composites.problems + problems
        self.rules = zip(rules, finalPlans).map(Self.compiledRule)
        cache?.store(key: key, mode: .block, database: database, plans: finalPlans, problems: problems)
        if let scopedDatabase {
            cache?.store(key: scopedKey, mode: .block, database: scopedDatabase,
                         plans: scoped.map { finalPlans[$0] }, problems: [])
        }
    }

    /// One block database for the rules at `indexes`, nil when none of them compiles. hs_expression_info accepts a
    /// few patterns that the full compile rejects (too large, …): the one named falls back to prefilter mode, or is
    /// dropped with the engine's message.
    private static func compile(rules: [Rule], indexes: [Int], plans: inout [ExpressionPlan?],
                                problems: inout [ScanIssue]) throws(StowawayError) -> HyperscanDatabase? {
        while true {
            let included = indexes.filter { plans[$0] != nil }
            guard !included.isEmpty else { return nil }
            let list = included.map {
                HyperscanDatabase.Expression(pattern: rules[$0].hyperscanPattern, prefilter: plans[$0]!.prefilter,
                                              id: UInt32($0))
            }
            switch HyperscanDatabase.compile(list, mode: .block) {
            case .success(let built):
                return built
            case .failure(let failure):
                guard let position = failure.expressionIndex, position < included.count else {
                    throw StowawayError("rules", "hyperscan cannot compile the rule pack: \(failure.message)")
                }
                let ruleIndex = included[position]
                if plans[ruleIndex]!.prefilter {
                    plans[ruleIndex] = nil
                    problems.append(ScanIssue(.error, input: rules[ruleIndex].id,
                                              message: "hyperscan cannot compile the pattern: \(failure.message)"))
                } else {
                    plans[ruleIndex]!.prefilter = true
                }
            }
        }
    }

    private static func compiledRule(_ pair: (Rule, ExpressionPlan)) -> CompiledRule {
        let width = min(pair.1.maxWidth ?? maximumWindow, maximumWindow)
        return CompiledRule(rule: pair.0, windowWidth: width, usesPrefilter: pair.1.prefilter)
    }

    /// Decides whether hyperscan takes the pattern as is or in prefilter mode (lookarounds, back-references).
    static func plan(for rule: Rule) -> Result<ExpressionPlan, HyperscanDatabase.CompileFailure> {
        let exact = HyperscanDatabase.Expression(pattern: rule.hyperscanPattern, prefilter: false, id: 0)
        if case .success(let width) = HyperscanDatabase.maximumWidth(of: exact) {
            return .success(ExpressionPlan(prefilter: false, maxWidth: width))
        }
        let approximate = HyperscanDatabase.Expression(pattern: rule.hyperscanPattern, prefilter: true, id: 0)
        return HyperscanDatabase.maximumWidth(of: approximate).map { ExpressionPlan(prefilter: true, maxWidth: $0) }
    }

    /// The streaming-mode database, compiled (or loaded from cache) the first time chunked data arrives.
    func streamingDatabase() throws(StowawayError) -> HyperscanDatabase {
        if let existing = streamDatabase.withLock({ $0 }) { return existing }
        let key = EngineCache.key(for: rules.map(\.rule))
        if let cache, let entry = cache.load(key: key, mode: .stream) {
            streamDatabase.withLock { $0 = $0 ?? entry.database }
            return entry.database
        }
        let list = rules.indices.filter { expressions[$0].maxWidth != 0 || !expressions[$0].prefilter }.map {
            HyperscanDatabase.Expression(pattern: rules[$0].rule.hyperscanPattern, prefilter: expressions[$0].prefilter,
                                          id: UInt32($0))
        }
        switch HyperscanDatabase.compile(list, mode: .stream) {
        case .success(let database):
            cache?.store(key: key, mode: .stream, database: database, plans: expressions, problems: problems)
            streamDatabase.withLock { $0 = $0 ?? database }
            return database
        case .failure(let failure):
            throw StowawayError("rules", "hyperscan cannot compile the streaming database: \(failure.message)")
        }
    }

    /// Per-worker scanner: create one per thread.
    public func makeScanner() throws(StowawayError) -> BlobScanner {
        try BlobScanner(engine: self)
    }
}

import Synchronization

extension Rule {
    /// The expression Hyperscan compiles for this rule: its `prefilter` when it has one, else its pattern.
    var hyperscanPattern: String { prefilter ?? pattern }
}
