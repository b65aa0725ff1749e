import Foundation
import StowawayCore
import StowawayFiles
import Testing

/// A temporary directory tree made for one test and removed after it.
final class TemporaryTree {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-walk-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    func write(_ relative: String, _ contents: String) throws {
        let path = root + "/" + relative
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try contents.write(toFile: path, atomically: false, encoding: .utf8)
    }
}

@Suite struct FileWalkerTests {
    func walk(_ tree: TemporaryTree, _ configure: (inout FileWalkOptions) -> Void = { _ in }) -> FileWalkResult {
        var options = FileWalkOptions()
        configure(&options)
        var result = FileWalkResult()
        FileWalker(options: options).walk(root: tree.root, displayPrefix: "", into: &result)
        return result
    }

    @Test func listsRegularFilesRelativeAndSkipsGitDirectory() throws {
        let tree = try TemporaryTree()
        try tree.write("app/config.py", "x")
        try tree.write("README.md", "y")
        try tree.write(".git/config", "z")
        let result = walk(tree)
        #expect(result.files.map(\.displayPath) == ["README.md", "app/config.py"])
    }

    @Test func neverFollowsSymlinksOutOfTheRootOrIntoLoops() throws {
        let tree = try TemporaryTree()
        let outside = try TemporaryTree()
        try outside.write("secret.txt", "outside")
        try tree.write("a/file.txt", "inside")
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/escape", withDestinationPath: outside.root)
        try FileManager.default.createSymbolicLink(atPath: tree.root + "/a/loop", withDestinationPath: tree.root + "/a")
        let result = walk(tree)
        #expect(result.files.map(\.displayPath) == ["a/file.txt"])
        #expect(result.symlinksSkipped == 2)
    }

    @Test func excludesAndGitignore() throws {
        let tree = try TemporaryTree()
        try tree.write(".gitignore", "*.log\nbuild/\n!keep.log\n")
        try tree.write("a.log", "1")
        try tree.write("keep.log", "2")
        try tree.write("build/out.txt", "3")
        try tree.write("src/main.c", "4")
        try tree.write("vendor/lib.c", "5")
        let ignoring = walk(tree) { $0.respectGitignore = true; $0.excludes = [Glob("vendor/")] }
        #expect(ignoring.files.map(\.displayPath) == [".gitignore", "keep.log", "src/main.c"])
        #expect(ignoring.excludedFiles == 0, "an excluded directory is pruned, not counted per file")
        let all = walk(tree)
        #expect(all.files.count == 6)
    }

    @Test func fileNamesThatAreNotUTF8StillOpen() throws {
        let tree = try TemporaryTree()
        let name: [UInt8] = Array("bad-".utf8) + [0xFF, 0xFE] + Array(".txt".utf8)
        let path = Array(tree.root.utf8) + [47] + name
        let descriptor = open(path.map { CChar(bitPattern: $0) } + [0], O_CREAT | O_WRONLY, 0o644)
        #expect(descriptor >= 0)
        close(descriptor)
        let result = walk(tree)
        let file = try #require(result.files.first)
        #expect(open(file.path, O_RDONLY) >= 0, "the raw path opens")
        #expect(file.displayPath.hasPrefix("bad-"))
    }

    @Test func unreadableRootIsAnError() {
        var result = FileWalkResult()
        FileWalker(options: FileWalkOptions()).walk(root: "/nonexistent/stowaway", displayPrefix: "", into: &result)
        #expect(result.issues.contains { $0.isError && $0.input == "/nonexistent/stowaway" })
    }

    @Test func binarySniffing() {
        // Through withUnsafeBytes: a pointer made from an array literal dangles once the call that made it returns
        // (AddressSanitizer caught the old `UnsafeRawBufferPointer(start: [...], count: 4)` reading freed memory).
        let elf: [UInt8] = [0x7f, 0x45, 0x00, 0x01]
        #expect(elf.withUnsafeBytes { BinarySniffer.looksBinary($0) })
        let text = Array("plain text".utf8)
        #expect(!text.withUnsafeBytes { BinarySniffer.looksBinary($0) })
        let utf16: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x62, 0x00]
        #expect(!utf16.withUnsafeBytes { BinarySniffer.looksBinary($0) })
    }
}
