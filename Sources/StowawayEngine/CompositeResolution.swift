import StowawayCore

/// Composite rules, applied after a blob's candidates are known: where both parts of a composite rule (an AWS access
/// key id and its secret key) were found within its line distance, one candidate of the composite rule carries both
/// and the two part candidates are folded into it. Parts left unpaired report on their own, except `part_only` rules
/// (an account name is no secret by itself), which are dropped.
enum CompositeResolution {
    /// A composite rule resolved to rule indexes.
    struct Plan: Sendable {
        var ruleIndex: Int
        var first: Set<Int>
        var second: Set<Int>
        var withinLines: Int
    }

    /// Resolves composite rules' part ids to indexes; an unknown or composite part is a problem of the pack.
    static func plans(for rules: [Rule]) -> (plans: [Plan], problems: [ScanIssue]) {
        var indexByID: [String: Int] = [:]
        for (index, rule) in rules.enumerated() where indexByID[rule.id] == nil { indexByID[rule.id] = index }
        var plans: [Plan] = []
        var problems: [ScanIssue] = []
        for (index, rule) in rules.enumerated() {
            guard let spec = rule.composite else { continue }
            var resolved: [Set<Int>] = []
            for part in spec.parts {
                var indexes = Set<Int>()
                for id in part {
                    guard let partIndex = indexByID[id] else {
                        problems.append(ScanIssue(.error, input: rule.id, message: "composite part `\(id)` is not a rule of the pack"))
                        continue
                    }
                    guard rules[partIndex].composite == nil else {
                        problems.append(ScanIssue(.error, input: rule.id, message: "composite part `\(id)` is itself a composite rule"))
                        continue
                    }
                    indexes.insert(partIndex)
                }
                resolved.append(indexes)
            }
            guard resolved.count == 2, !resolved[0].isEmpty, !resolved[1].isEmpty else { continue }
            plans.append(Plan(ruleIndex: index, first: resolved[0], second: resolved[1], withinLines: spec.withinLines))
        }
        return (plans, problems)
    }

    /// The candidates with pairs folded into composite candidates. Costs one pass over the candidates when none is a
    /// part of a composite rule.
    static func fold(_ candidates: [Candidate], engine: Engine) -> [Candidate] {
        guard !candidates.isEmpty, !engine.compositePlans.isEmpty,
              candidates.contains(where: { engine.isCompositePart[$0.ruleIndex] })
        else { return candidates }
        var used = [Bool](repeating: false, count: candidates.count)
        var composed: [Candidate] = []
        for plan in engine.compositePlans {
            let firsts = candidates.indices.filter { !used[$0] && plan.first.contains(candidates[$0].ruleIndex) }
            guard !firsts.isEmpty else { continue }
            let seconds = candidates.indices.filter { !used[$0] && plan.second.contains(candidates[$0].ruleIndex) }
                .sorted { candidates[$0].location.line < candidates[$1].location.line }
            guard !seconds.isEmpty else { continue }
            // Closest pairs first (lines, then bytes), so each key id takes the secret next to it when several pairs
            // share a file (one profile per section of an AWS credentials file).
            var pairs: [(lines: Int, bytes: Int, first: Int, second: Int)] = []
            for first in firsts {
                let line = candidates[first].location.line
                var low = 0, high = seconds.count
                while low < high {
                    let middle = (low + high) / 2
                    if candidates[seconds[middle]].location.line < line - plan.withinLines { low = middle + 1 } else { high = middle }
                }
                var position = low
                while position < seconds.count, candidates[seconds[position]].location.line <= line + plan.withinLines {
                    let second = seconds[position]
                    position += 1
                    guard second != first, !overlaps(candidates[first].location, candidates[second].location) else { continue }
                    pairs.append((abs(candidates[second].location.line - line),
                                  abs(candidates[second].location.byteOffset - candidates[first].location.byteOffset),
                                  first, second))
                }
            }
            pairs.sort { ($0.lines, $0.bytes, $0.first, $0.second) < ($1.lines, $1.bytes, $1.first, $1.second) }
            for pair in pairs where !used[pair.first] && !used[pair.second] {
                used[pair.first] = true
                used[pair.second] = true
                composed.append(combine(candidates[pair.first], candidates[pair.second], plan: plan, engine: engine))
            }
        }
        var result: [Candidate] = []
        result.reserveCapacity(candidates.count)
        for index in candidates.indices where !used[index] && !engine.rules[candidates[index].ruleIndex].rule.partOnly {
            result.append(candidates[index])
        }
        return result + composed
    }

    static func overlaps(_ a: Location, _ b: Location) -> Bool {
        a.byteOffset < b.byteOffset + b.byteLength && b.byteOffset < a.byteOffset + a.byteLength
    }

    /// One candidate of the composite rule, at the place of the part that comes first in the blob, with the other
    /// part as its related location. The secret lists the parts in the rule's order (key id, then secret key).
    static func combine(_ first: Candidate, _ second: Candidate, plan: Plan, engine: Engine) -> Candidate {
        let (primary, partner) = first.location.byteOffset <= second.location.byteOffset ? (first, second) : (second, first)
        var combined = primary
        combined.ruleIndex = plan.ruleIndex
        combined.confidence = engine.rules[plan.ruleIndex].rule.confidence
        combined.secret = CompositeSecret.join([first.secret, second.secret])
        combined.decodedFrom = primary.decodedFrom ?? partner.decodedFrom
        combined.related = [RelatedLocation(ruleID: engine.rules[partner.ruleIndex].rule.id, location: partner.location,
                                            lineText: partner.lineText)]
        combined.relatedPreviousLineTexts = [partner.previousLineText]
        return combined
    }
}
