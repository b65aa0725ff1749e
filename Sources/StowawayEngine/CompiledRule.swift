import StowawayCore
import Synchronization

/// A rule with its matching machinery: the PCRE2 confirmation pattern (compiled lazily on first hit, so a run that
/// never triggers a rule never pays for it), allow patterns, and hyperscan facts (window width, prefilter).
public final class CompiledRule: Sendable {
    public let rule: Rule
    /// Bytes before a hit's end where the match may start (from hyperscan's expression info), capped.
    let windowWidth: Int
    /// Compiled in hyperscan's prefilter mode: hyperscan only proposes, PCRE2 decides.
    public let usesPrefilter: Bool
    let stopwords: [[UInt8]]
    let includeGlobs: [Glob]
    let excludeGlobs: [Glob]
    private let lazy = Mutex<LazyPatterns?>(nil)

    struct LazyPatterns: @unchecked Sendable {
        let confirm: PCRE2Pattern
        let allow: [PCRE2Pattern]
        let secretGroup: Int
    }

    init(rule: Rule, windowWidth: Int, usesPrefilter: Bool) {
        self.rule = rule
        self.windowWidth = windowWidth
        self.usesPrefilter = usesPrefilter
        stopwords = rule.stopwords.map { Array($0.lowercased().utf8) }
        includeGlobs = rule.pathInclude.map(Glob.init)
        excludeGlobs = rule.pathExclude.map(Glob.init)
    }

    /// Compiles (once) and returns the PCRE2 side of the rule.
    func patterns() throws(StowawayError) -> LazyPatterns {
        let cached = lazy.withLock { $0 }
        if let cached { return cached }
        let confirm: PCRE2Pattern
        do {
            confirm = try PCRE2Pattern(rule.pattern)
        } catch {
            throw StowawayError(rule.id, "pattern does not compile: \(error.message)")
        }
        var allow: [PCRE2Pattern] = []
        for pattern in rule.allowPatterns {
            do {
                allow.append(try PCRE2Pattern(pattern, options: 0))
            } catch {
                throw StowawayError(rule.id, "allow pattern `\(pattern)` does not compile: \(error.message)")
            }
        }
        let group = rule.secretGroup ?? (confirm.captureCount > 0 ? 1 : 0)
        guard group <= confirm.captureCount else {
            throw StowawayError(rule.id, "secret_group \(group) but the pattern has \(confirm.captureCount) groups")
        }
        let built = LazyPatterns(confirm: confirm, allow: allow, secretGroup: group)
        lazy.withLock { $0 = $0 ?? built }
        return built
    }

    /// Compiles the PCRE2 side now (rule checks), reporting any error.
    public func compileNow() throws(StowawayError) { _ = try patterns() }

    /// Whether the rule applies to a path, by its include/exclude globs.
    func applies(to path: String) -> Bool {
        if !includeGlobs.isEmpty, !includeGlobs.contains(where: { $0.matches(path) }) { return false }
        return !excludeGlobs.contains { $0.matches(path) }
    }

    var hasPathFilters: Bool { !includeGlobs.isEmpty || !excludeGlobs.isEmpty }
}
