import StowawayCore
import StowawayGit

/// An object libgit2 could not read (corrupt, or in a truncated or damaged pack): what it is and what was lost.
struct GitUnreadableObject: Sendable {
    enum Kind: String, Sendable {
        case blob, tree, commit
        /// Its header could not be read, so what it is is unknown.
        case object
    }

    let id: ObjectID
    let kind: Kind
    /// The path a blob was first seen at, when known.
    var path: String?
    /// libgit2's reason.
    let failure: String

    var consequence: String { kind == .tree || kind == .commit ? "not walked" : "not scanned" }
}

/// Turns unreadable objects into errors a user can act on: one per pack (a truncated pack makes every object after
/// the cut unreadable, and a message per object would bury the rest of the report), with the count, what kinds of
/// objects they were and a few ids. Loose objects are named one by one while they are few.
enum GitUnreadableReport {
    static let listed = 5

    static func issues(_ objects: [GitUnreadableObject], repository: GitRepository) -> [ScanIssue] {
        var seen = Set<ObjectID>()
        let unique = objects.filter { seen.insert($0.id).inserted }
        guard !unique.isEmpty else { return [] }
        let packs = repository.packs(holding: unique.map(\.id))
        var byPack: [String: [GitUnreadableObject]] = [:]
        var loose: [GitUnreadableObject] = []
        for object in unique {
            if let pack = packs[object.id] { byPack[pack, default: []].append(object) } else { loose.append(object) }
        }
        var issues: [ScanIssue] = []
        for (pack, objects) in byPack.sorted(by: { $0.key < $1.key }) {
            issues.append(ScanIssue(.error, input: pack, message:
                "\(summary(objects)) in this pack could not be read (the pack is truncated or corrupt): \(consequences(objects)); \(examples(objects)); libgit2: \(objects.sorted { $0.id < $1.id }[0].failure)"))
        }
        if loose.count <= listed {
            for object in loose.sorted(by: { $0.id < $1.id }) {
                let place = object.path.map { "\($0) (\(object.kind.rawValue) \(object.id.hex))" } ?? "\(object.kind.rawValue) \(object.id.hex)"
                issues.append(ScanIssue(.error, input: place, message: "corrupt object, \(object.consequence): \(object.failure)"))
            }
        } else {
            let place = repository.location.workingDirectory ?? repository.location.gitDirectory
            issues.append(ScanIssue(.error, input: place, message:
                "\(summary(loose)) stored loose could not be read (corrupt): \(consequences(loose)); \(examples(loose)); libgit2: \(loose.sorted { $0.id < $1.id }[0].failure)"))
        }
        return issues
    }

    /// "37 objects (30 blobs, 5 trees, 2 commits)".
    private static func summary(_ objects: [GitUnreadableObject]) -> String {
        let counts = Dictionary(grouping: objects, by: \.kind).mapValues(\.count)
        let parts = [GitUnreadableObject.Kind.blob, .tree, .commit, .object].compactMap { kind -> String? in
            guard let count = counts[kind] else { return nil }
            let noun = kind == .object ? "of unknown kind" : kind.rawValue + (count == 1 ? "" : "s")
            return "\(count) \(noun)"
        }
        let total = "\(objects.count) object\(objects.count == 1 ? "" : "s")"
        // Objects whose header could not be read are of unknown kind: nothing to break down.
        return counts.keys.allSatisfy { $0 == .object } ? total : "\(total) (\(parts.joined(separator: ", ")))"
    }

    private static func consequences(_ objects: [GitUnreadableObject]) -> String {
        let walked = objects.contains { $0.consequence == "not walked" }
        let scanned = objects.contains { $0.consequence == "not scanned" }
        return walked && scanned ? "not scanned or walked" : walked ? "not walked" : "not scanned"
    }

    private static func examples(_ objects: [GitUnreadableObject]) -> String {
        let ids = objects.map(\.id).sorted().prefix(listed).map(\.hex)
        return "e.g. " + ids.joined(separator: ", ") + (objects.count > listed ? ", …" : "")
    }
}
