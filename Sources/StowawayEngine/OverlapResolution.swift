import StowawayCore

/// One secret, one finding: when several rules match overlapping text (`API_KEY="sk_live_…"` is both a Stripe key and
/// a generic assignment; a database URI's password is also a basic-auth URL), only the most specific rule reports it:
/// higher confidence first, then higher severity, then a vendor rule over a generic one, then the longer secret.
enum OverlapResolution {
    static func bestPerSpan(_ matches: [RawMatch], rules: [CompiledRule]) -> [RawMatch] {
        guard matches.count > 1 else { return matches }
        let ranked = matches.sorted { better($0, than: $1, rules: rules) }
        var kept: [RawMatch] = []
        kept.reserveCapacity(matches.count)
        for match in ranked where !kept.contains(where: { overlaps($0, match) }) {
            kept.append(match)
        }
        return kept
    }

    static func overlaps(_ a: RawMatch, _ b: RawMatch) -> Bool {
        a.secretStart < b.secretEnd && b.secretStart < a.secretEnd
    }

    static func better(_ a: RawMatch, than b: RawMatch, rules: [CompiledRule]) -> Bool {
        if a.confidence != b.confidence { return a.confidence > b.confidence }
        let ruleA = rules[a.ruleIndex].rule
        let ruleB = rules[b.ruleIndex].rule
        if ruleA.severity != ruleB.severity { return ruleA.severity > ruleB.severity }
        let genericA = ruleA.tags.contains("generic")
        let genericB = ruleB.tags.contains("generic")
        if genericA != genericB { return !genericA }
        let lengthA = a.secretEnd - a.secretStart
        let lengthB = b.secretEnd - b.secretStart
        if lengthA != lengthB { return lengthA > lengthB }
        return (a.secretStart, a.ruleIndex) < (b.secretStart, b.ruleIndex)
    }
}
