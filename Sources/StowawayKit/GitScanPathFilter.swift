import StowawayCore
import StowawayEngine

/// Rules' path globs, applied when a blob's place in a tree is known. A Git blob is scanned once without a path
/// (the same content can sit at several paths), so the globs are checked per place afterwards.
struct GitScanPathFilter: Sendable {
    private let include: [[Glob]]
    private let exclude: [[Glob]]

    init(engine: Engine) {
        include = engine.rules.map { $0.rule.pathInclude.map(Glob.init) }
        exclude = engine.rules.map { $0.rule.pathExclude.map(Glob.init) }
    }

    func applies(ruleIndex: Int, to path: String) -> Bool {
        if !include[ruleIndex].isEmpty, !include[ruleIndex].contains(where: { $0.matches(path) }) { return false }
        return !exclude[ruleIndex].contains { $0.matches(path) }
    }
}
