import Foundation
import StowawayFiles
@testable import StowawayKit
import Testing

/// The walk index answers a build context's questions from the walk: which files it holds (below the folder, not in
/// VCS or dependency folders, up to the limit) and which to read (credential-like names, ignore files in the folder).
@Suite struct WalkIndexTests {
    func index(_ tree: TempFolder, _ names: [String]) throws -> WalkIndex {
        for name in names {
            let folder = (tree.path + "/" + name as NSString).deletingLastPathComponent
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try tree.write(name, "x\n")
        }
        var walk = FileWalkResult()
        FileWalker(options: FileWalkOptions()).walk(root: tree.path, displayPrefix: "", into: &walk)
        #expect(walk.files.count == names.count)
        return WalkIndex(walk.files)
    }

    @Test func contextMembershipAndCandidates() throws {
        let tree = try TempFolder()
        let index = try index(tree, [
            "app/Dockerfile", "app/.dockerignore", "app/src/main.py", "app/keys/id_rsa", "app/sub/.gitignore",
            "app/node_modules/pkg/id_rsa", "app2/secret.pem", "app.txt", "other/config.json",
        ])
        let context = index.context(below: tree.path + "/app", limit: 100)
        #expect(!context.truncated)
        for member in ["Dockerfile", ".dockerignore", "src/main.py", "keys/id_rsa", "sub/.gitignore"] {
            #expect(context.files.contains(member), "\(member)")
        }
        for outsider in ["node_modules/pkg/id_rsa", "../app2/secret.pem", "secret.pem", "src", "src/main", "Dockerfil", ""] {
            #expect(!context.files.contains(outsider), "\(outsider)")
        }
        let candidates = context.candidates.map { "\($0.path) \($0.mightHoldCredential)" }.sorted()
        // The nested .gitignore is not the folder's own; the dependency folder's key is not part of the context.
        #expect(candidates == [".dockerignore false", "keys/id_rsa true"])
        // A sibling folder whose name starts like the context's is not inside it.
        #expect(index.context(below: tree.path + "/app2", limit: 100).files.contains("secret.pem"))
        #expect(index.context(below: tree.path + "/app2/", limit: 100).candidates.map(\.path) == ["secret.pem"])
    }

    @Test func contextStopsAtTheLimit() throws {
        let tree = try TempFolder()
        let index = try index(tree, (0..<5).map { "ctx/f\($0).txt" } + ["ctx/node_modules/a/b.txt", "zz/f.txt"])
        let context = index.context(below: tree.path + "/ctx", limit: 3)
        #expect(context.truncated)
        #expect((0..<5).filter { context.files.contains("f\($0).txt") }.count == 3)
        #expect(!index.context(below: tree.path + "/ctx", limit: 5).truncated)
        #expect(index.count == 7)
    }
}
