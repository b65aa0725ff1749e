#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing

/// Issue #9's hostile inputs, run against the built binary. Each case checks the exact behaviour: the message names
/// the input and the problem, findings elsewhere are still reported, the exit code says whether the scan was complete
/// (2 when not), nothing hangs (every run has a time limit) and nothing is written into the scanned tree.
@Suite(.serialized) struct HostileInputTests {
    let token = SyntheticTokens.githubClassic(seed: 9)

    /// A tree with one ordinary leak, so every case can check that findings outside the bad input survive.
    func tree() throws -> Scratch {
        let tree = try Scratch()
        try tree.write("good/app.env", "TOKEN=\(token)\n")
        return tree
    }

    func scan(_ tree: Scratch, _ extra: [String] = [], timeLimit: Double = 120) throws -> HostileCLI.Result {
        let result = try HostileCLI.run(["scan", tree.path, "--format", "json"] + extra, timeLimit: timeLimit)
        #expect(!result.hung, "the scan hung: \(result.stderr)")
        #expect(!result.signaled, "the scan crashed: \(result.stderr)")
        return result
    }

    // MARK: files

    @Test func unreadableFileAndDirectoryAreErrorsNamingThemAndTheRestIsScanned() throws {
        let tree = try tree()
        try tree.write("locked/secret.env", "TOKEN=\(SyntheticTokens.githubClassic(seed: 10))\n")
        try tree.write("closed.env", "TOKEN=\(SyntheticTokens.githubClassic(seed: 11))\n")
        #expect(chmod(tree.path + "/closed.env", 0) == 0)
        #expect(chmod(tree.path + "/locked", 0) == 0)
        defer { _ = chmod(tree.path + "/locked", 0o755) }
        let before = try tree.snapshot()

        if HostileCLI.isRoot {
            // Root reads whatever the mode says: both are scanned, and the result says so exactly.
            let asRoot = try scan(tree)
            #expect(asRoot.status == 1, "\(asRoot.stderr)")
            #expect(Set(try asRoot.findingPaths()) == ["closed.env", "good/app.env", "locked/secret.env"])
            #expect(try asRoot.issues().isEmpty)
        }
        // The permission check proper runs as an unprivileged user (root can always start one with setpriv).
        guard HostileCLI.isRoot ? HostileCLI.canRunAsNobody : true else {
            Issue.record("running as root without setpriv: the unreadable case cannot be checked")
            return
        }
        _ = chmod(tree.path, 0o755)
        let scratch = try Scratch()
        let cache = HostileCLI.cacheReadableByAnyone(in: scratch.path)
        let result = try HostileCLI.run(["scan", tree.path, "--format", "json"],
                                        environment: ["XDG_CACHE_HOME": cache, "HOME": scratch.path],
                                        asUser: HostileCLI.isRoot ? "nobody" : nil)
        #expect(!result.hung && !result.signaled)
        #expect(result.status == 2, "an unreadable input makes the scan incomplete: \(result.stderr)")
        let issues = try result.issues()
        #expect(issues.contains { $0 == ("error", "closed.env", "cannot open: Permission denied") }, "\(issues)")
        #expect(issues.contains { $0 == ("error", "locked", "cannot open directory: Permission denied") }, "\(issues)")
        #expect(result.stderr.contains("error: closed.env: cannot open: Permission denied"))
        #expect(try result.findingPaths() == ["good/app.env"], "the readable file is still reported")
        _ = chmod(tree.path + "/locked", 0o755)
        _ = chmod(tree.path + "/closed.env", 0)
        #expect(try tree.snapshot().keys == before.keys)
    }

    @Test func symlinksAreNeverFollowedNotOutsideTheRootNorIntoLoops() throws {
        let tree = try tree()
        let outside = try Scratch()
        try outside.write("leak.env", "TOKEN=\(SyntheticTokens.githubClassic(seed: 12))\n")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/outside", withDestinationPath: outside.path)
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/outside.env", withDestinationPath: outside.path + "/leak.env")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/loop-a", withDestinationPath: "loop-b")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/loop-b", withDestinationPath: "loop-a")
        try FileManager.default.createSymbolicLink(atPath: tree.path + "/good/self", withDestinationPath: "..")
        let result = try scan(tree, timeLimit: 60)
        #expect(result.status == 1)
        #expect(try result.findingPaths() == ["good/app.env"], "nothing outside the root is read")
        #expect(try result.summary()["symlinks_skipped"] as? Int == 5)
        #expect(try result.issues().isEmpty, "a link is skipped by design, not an error")
    }

    @Test func fifosAndDevicesAreNamedAndNeverOpened() throws {
        let tree = try tree()
        #expect(mkfifo(tree.path + "/pipe", 0o644) == 0)
        let device = HostileCLI.isRoot && mknod(tree.path + "/null-device", S_IFCHR | 0o666, dev_t(0x103) /* 1:3, like /dev/null */) == 0
        let result = try scan(tree, timeLimit: 60)
        #expect(result.status == 1, "special files are skipped with a note, not an error: \(result.stderr)")
        let issues = try result.issues()
        #expect(issues.contains { $0 == ("note", "pipe", "a named pipe (FIFO); not scanned") }, "\(issues)")
        if device {
            #expect(issues.contains { $0 == ("note", "null-device", "a character device; not scanned") }, "\(issues)")
        }
        #expect(try result.findingPaths() == ["good/app.env"])

        // Named on the command line, a FIFO is an error: what the user asked to scan was not.
        let named = try HostileCLI.run(["scan", tree.path + "/pipe"], timeLimit: 60)
        #expect(!named.hung)
        #expect(named.status == 2)
        #expect(named.output.contains("pipe: a named pipe (FIFO), not a regular file or directory; not scanned"), "\(named.output)")
    }

    @Test func aTwoGigabyteFileIsSkippedUnreadOrScannedInChunksWithinTheTimeout() throws {
        let tree = try tree()
        let path = tree.path + "/huge.log"
        // Sparse: 90 KB of text (so it does not look binary), then a 2 GiB hole (costs nothing on disk).
        try Data(String(repeating: "log line of plain text\n", count: 4000).utf8).write(to: URL(fileURLWithPath: path))
        #expect(truncate(path, 2 << 30) == 0)

        let skipped = try scan(tree, timeLimit: 60)
        #expect(skipped.status == 1)
        #expect(try skipped.issues().contains { $0 == ("note", "huge.log", "skipped: 2147483648 bytes is over --max-file-size (268435456)") })
        #expect(try skipped.summary()["files_skipped_too_large"] as? Int == 1)

        // Allowed in, it is streamed in chunks (never loaded whole) and abandoned at the --timeout.
        let streamed = try scan(tree, ["--max-file-size", "3000000000", "--timeout", "2"], timeLimit: 90)
        #expect(streamed.status == 2, "a file abandoned at the timeout leaves the scan incomplete")
        let streamedIssues = try streamed.issues()
        #expect(streamedIssues.contains {
            $0 == ("error", "huge.log", "abandoned after the 2 s --timeout; the rest of this file was not scanned")
        }, "\(streamedIssues)")
        #expect(try streamed.findingPaths() == ["good/app.env"])
        // The run's own peak (sampled from /proc while it ran), so other tests' children cannot fail this check.
        #expect(streamed.peakResidentBytes > 0 && streamed.peakResidentBytes < 1 << 30, "no run held the 2 GiB file in memory: \(streamed.peakResidentBytes)")
    }

    @Test func aFileThatChangesWhileItIsReadDoesNotStallOrCrashTheScan() throws {
        let tree = try tree()
        let path = tree.path + "/live.log"
        // Over the 32 MiB chunking threshold, and growing for as long as the scan runs.
        try Data(String(repeating: "2026-12-01 request served in 3 ms\n", count: 1_100_000).utf8)
            .write(to: URL(fileURLWithPath: path))
        let stop = ManagedFlag()
        let writer = Thread {
            guard let handle = FileHandle(forWritingAtPath: path) else { return }
            var rounds = 0
            while !stop.isSet {
                handle.seekToEndOfFile()
                handle.write(Data(String(repeating: "appended line\n", count: 20_000).utf8))
                rounds += 1
                if rounds % 50 == 0 { handle.truncateFile(atOffset: 40 << 20) }
            }
            try? handle.close()
        }
        writer.start()
        defer { stop.set() }
        let result = try scan(tree, timeLimit: 120)
        stop.set()
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try result.findingPaths() == ["good/app.env"])
    }

    @Test func textEncodingsAndBinariesAreHandledAsDeclared() throws {
        let tree = try Scratch()
        let line = "TOKEN=\(token)\n"
        func utf16(_ bigEndian: Bool, bom: Bool) -> Data {
            var data = Data(bom ? (bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]) : [])
            for unit in line.utf16 {
                data += bigEndian ? Data([UInt8(unit >> 8), UInt8(unit & 0xFF)]) : Data([UInt8(unit & 0xFF), UInt8(unit >> 8)])
            }
            return data
        }
        try (Data([0xFF, 0xC3, 0x28, 0x20]) + Data(line.utf8) + Data([0xE2, 0x28, 0xA1, 0x0A]))
            .write(to: URL(fileURLWithPath: tree.path + "/invalid-utf8.txt"))
        try utf16(false, bom: true).write(to: URL(fileURLWithPath: tree.path + "/utf16le-bom.txt"))
        try utf16(true, bom: true).write(to: URL(fileURLWithPath: tree.path + "/utf16be-bom.txt"))
        try utf16(false, bom: false).write(to: URL(fileURLWithPath: tree.path + "/utf16le.txt"))
        try utf16(true, bom: false).write(to: URL(fileURLWithPath: tree.path + "/utf16be.txt"))
        var binary = Data(repeating: 0, count: 64 << 10)
        binary.replaceSubrange(30_000..<(30_000 + line.utf8.count), with: Data(line.utf8))
        try binary.write(to: URL(fileURLWithPath: tree.path + "/nul-heavy.bin"))

        let result = try scan(tree, timeLimit: 60)
        #expect(result.status == 1)
        #expect(Set(try result.findingPaths()) == ["invalid-utf8.txt", "utf16le-bom.txt", "utf16be-bom.txt", "utf16le.txt", "utf16be.txt"])
        #expect(try result.summary()["binary_files_skipped"] as? Int == 1)
        #expect(result.stdout.components(separatedBy: "\"decoded_from\" : \"utf-16\"").count - 1 == 4
                    || result.stdout.components(separatedBy: "\"decoded_from\": \"utf-16\"").count - 1 == 4, "\(result.stdout)")
        let withBinary = try scan(tree, ["--scan-binary"], timeLimit: 60)
        #expect(try withBinary.findingPaths().contains("nul-heavy.bin"))
    }

    @Test(.timeLimit(.minutes(5))) func aHundredThousandTinyFiles() throws {
        // In memory (tmpfs) when there is one: creating 100,000 files on a shared disk costs far more than scanning them.
        let base = FileManager.default.isWritableFile(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let root = base + "/stowaway-many-\(UUID().uuidString)"
        defer { _ = try? HostileCLI.shell(["rm", "-rf", root]) }
        let data = Array("x = 1\n".utf8)
        for folder in 0..<100 {
            let directory = root + "/many/\(folder)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            for file in 0..<1000 {
                // Plain open/write: FileManager.createFile writes through a temporary file and a rename, far slower.
                let descriptor = open("\(directory)/\(file).txt", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                _ = write(descriptor, data, data.count)
                close(descriptor)
            }
        }
        try FileManager.default.createDirectory(atPath: root + "/good", withIntermediateDirectories: true)
        try Data("TOKEN=\(token)\n".utf8).write(to: URL(fileURLWithPath: root + "/good/app.env"))
        try Data("TOKEN=\(SyntheticTokens.githubClassic(seed: 13))\n".utf8).write(to: URL(fileURLWithPath: root + "/many/57/deep.env"))
        let result = try HostileCLI.run(["scan", root, "--format", "json"], timeLimit: 240)
        #expect(!result.hung && !result.signaled)
        #expect(result.status == 1)
        #expect(try result.summary()["files_scanned"] as? Int == 100_002)
        #expect(Set(try result.findingPaths()) == ["good/app.env", "many/57/deep.env"])
    }

    @Test func aFiftyMegabyteSingleLine() throws {
        let tree = try tree()
        let filler = String(repeating: "abcdefghij", count: 5_000_000)
        try tree.write("minified.js", "var a='" + filler + "';var t='" + SyntheticTokens.githubClassic(seed: 14) + "';")
        let result = try scan(tree, timeLimit: 120)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(Set(try result.findingPaths()) == ["good/app.env", "minified.js"])
        #expect(result.stdout.utf8.count < 1 << 20, "the report quotes a bounded window of the line, not 50 MB")
        let findings = try result.json()["findings"] as? [[String: Any]] ?? []
        let place = findings.flatMap { $0["occurrences"] as? [[String: Any]] ?? [] }.first { $0["path"] as? String == "minified.js" }
        #expect(place?["line"] as? Int == 1)
        #expect(place?["column"] as? Int == 7 + 50_000_000 + 9 + 1)
    }

    @Test func directoriesNestedPastTheLimitAreAnErrorAndShallowerOnesAreScanned() throws {
        let tree = try tree()
        var relative = "nest"
        for level in 0..<530 {
            relative += "/d"
            if level == 20 { try tree.write(relative + "/shallow.env", "TOKEN=\(SyntheticTokens.githubClassic(seed: 15))\n") }
        }
        try FileManager.default.createDirectory(atPath: tree.path + "/" + relative, withIntermediateDirectories: true)
        try tree.write(relative + "/too-deep.env", "TOKEN=\(SyntheticTokens.githubClassic(seed: 16))\n")
        let result = try scan(tree, timeLimit: 60)
        #expect(result.status == 2, "content below the limit was not scanned: \(result.stderr)")
        let issue = try #require(try result.issues().first { $0.kind == "error" })
        #expect(issue.message == "nested more than 512 directories deep; not descended")
        #expect(issue.input.hasPrefix("nest/d/d/") && issue.input.split(separator: "/").count == 512)
        let paths = try result.findingPaths()
        #expect(paths.contains("good/app.env"))
        #expect(paths.contains { $0.hasSuffix("/shallow.env") })
        #expect(!paths.contains { $0.hasSuffix("/too-deep.env") })
    }

    @Test func fileNamesWithNewlinesAndInvalidUTF8AreScannedAndShownEscaped() throws {
        let tree = try tree()
        try tree.write("new\nline.env", "TOKEN=\(SyntheticTokens.githubClassic(seed: 17))\n")
        let rawName = Array(tree.path.utf8) + Array("/bad".utf8) + [0xFF, 0xFE] + Array(".env".utf8)
        let descriptor = open(rawName.map { CChar(bitPattern: $0) } + [0], O_WRONLY | O_CREAT, 0o644)
        #expect(descriptor >= 0)
        let body = Array("TOKEN=\(SyntheticTokens.githubClassic(seed: 18))\n".utf8)
        #expect(write(descriptor, body, body.count) == body.count)
        close(descriptor)

        let result = try scan(tree, timeLimit: 60)
        #expect(result.status == 1)
        #expect(Set(try result.findingPaths()) == ["good/app.env", "new\nline.env", "bad\u{FFFD}\u{FFFD}.env"])
        let text = try HostileCLI.run(["scan", tree.path], timeLimit: 60)
        #expect(text.stdout.contains("new\\u{a}line.env"), "a newline in a name cannot forge a report line")
        #expect(!text.stdout.split(separator: "\n").contains("line.env"))
    }

    // MARK: archives and images

    struct ImageCase: CustomTestStringConvertible, Sendable {
        var kind: String
        var extra: [String] = []
        var status: Int32
        var issueKind: String
        var message: String
        var testDescription: String { kind }
    }

    static let imageCases: [ImageCase] = [
        ImageCase(kind: "truncated-tar", status: 2, issueKind: "error",
                  message: "the layer is truncated or corrupt in srv/filler.txt: Truncated tar archive"),
        ImageCase(kind: "garbage-after-archive", status: 1, issueKind: "warning",
                  message: "bytes after the end of the tar archive were ignored"),
        ImageCase(kind: "tar-bomb", status: 2, issueKind: "note",
                  message: "srv/huge.bin: skipped: 8589934592 bytes is over --max-file-size (268435456)"),
        ImageCase(kind: "gzip-bomb", extra: ["--max-decompressed-size", "8000000"], status: 2, issueKind: "error",
                  message: "over --max-decompressed-size 8000000 (a decompression bomb?)"),
        ImageCase(kind: "zstd-bomb", extra: ["--max-decompressed-size", "8000000"], status: 2, issueKind: "error",
                  message: "over --max-decompressed-size 8000000 (a decompression bomb?)"),
        ImageCase(kind: "nested", status: 1, issueKind: "note",
                  message: "srv/level4.tar!/level3.tar!/level2.tar!/level1.tar: archive not opened, --max-archive-depth 3 reached"),
        ImageCase(kind: "missing-manifest", status: 2, issueKind: "error", message: "absent:1: manifest sha256:"),
        ImageCase(kind: "missing-blob", status: 2, issueKind: "error", message: "in the image directory"),
        ImageCase(kind: "wrong-digest", status: 2, issueKind: "error", message: "does not match its digest"),
        ImageCase(kind: "unknown-compression", status: 2, issueKind: "error",
                  message: "cannot read the layer (unknown compression or not a tar)"),
    ]

    @Test(arguments: imageCases) func hostileImages(_ hostile: ImageCase) throws {
        let scratch = try Scratch()
        let output = scratch.path + "/image" + (hostile.kind == "garbage-after-archive" ? ".tar" : "")
        try HostileCLI.generateImage(hostile.kind, to: output, token: token, extra: ["--size", "64"])
        let result = try HostileCLI.run(["image", output, "--format", "json"] + hostile.extra, timeLimit: 120)
        #expect(!result.hung && !result.signaled, "\(result.stderr)")
        #expect(result.status == hostile.status, "\(result.stderr)")
        let issues = try result.issues()
        #expect(issues.contains { $0.kind == hostile.issueKind && $0.message.contains(hostile.message) }, "\(issues)")
        #expect(try result.findingPaths().contains("etc/app.conf"), "the intact layer is still reported")
        if hostile.kind == "nested" {
            let deeper = try HostileCLI.run(["image", output, "--format", "json", "--max-archive-depth", "6"], timeLimit: 120)
            #expect(try deeper.findingPaths().contains { $0.hasSuffix("level0.tar!/deep.conf") }, "\(deeper.stdout)")
        }
    }

    // MARK: git

    func repository(in scratch: Scratch) throws -> String {
        let path = scratch.path + "/repo"
        try HostileCLI.shell(["git", "init", "-q", "-b", "main", path])
        try Data("print('hello')\n".utf8).write(to: URL(fileURLWithPath: path + "/app.py"))
        try HostileCLI.shell(["git", "add", "."], in: path)
        try HostileCLI.shell(["git", "commit", "-qm", "first"], in: path)
        return path
    }

    @Test func gitTruncatedPackIsReportedAndLooseObjectsAreStillScanned() throws {
        let scratch = try Scratch()
        let path = try repository(in: scratch)
        try Data(String(repeating: "some text that fills the pack\n", count: 5000).utf8).write(to: URL(fileURLWithPath: path + "/big.txt"))
        try HostileCLI.shell(["git", "add", "."], in: path)
        try HostileCLI.shell(["git", "commit", "-qm", "second"], in: path)
        try HostileCLI.shell(["git", "repack", "-qad"], in: path)
        let counts = try HostileCLI.shell(["git", "count-objects", "-v"], in: path)
        let inPack = try #require(counts.split(separator: "\n").first { $0.hasPrefix("in-pack: ") }.flatMap { Int($0.dropFirst(9)) })
        let pack = try #require(try FileManager.default.contentsOfDirectory(atPath: path + "/.git/objects/pack").first { $0.hasSuffix(".pack") })
        let packPath = path + "/.git/objects/pack/" + pack
        let size = try FileManager.default.attributesOfItem(atPath: packPath)[.size] as! Int
        _ = chmod(packPath, 0o644)
        #expect(truncate(packPath, off_t(size / 2)) == 0)
        // A loose blob written after the damage: still read.
        try HostileCLI.shell(["git", "hash-object", "-w", "--stdin"], in: path, input: Data("TOKEN=\(token)\n".utf8))
        let result = try HostileCLI.run(["git", path, "--format", "json"], timeLimit: 120)
        #expect(!result.hung && !result.signaled)
        #expect(result.status == 2, "\(result.stderr)")
        // libgit2 refuses the whole truncated pack: one error for it, with the count, not one per object.
        let errors = try result.issues().filter { $0.kind == "error" }
        #expect(errors.count == 1, "\(errors)")
        #expect(errors.first?.input == packPath)
        #expect(errors.first?.message.hasPrefix("\(inPack) objects in this pack could not be read (the pack is truncated or corrupt): not scanned; e.g. ") == true,
                "\(errors)")
        #expect(errors.first?.message.contains("; libgit2: ") == true)
        let findings = try result.json()["findings"] as? [[String: Any]] ?? []
        #expect(findings.count == 1, "the loose blob is still scanned: \(result.stdout)")
    }

    @Test func gitWithAHundredThousandRefs() throws {
        let scratch = try Scratch()
        let path = try repository(in: scratch)
        try Data("TOKEN=\(token)\n".utf8).write(to: URL(fileURLWithPath: path + "/app.env"))
        try HostileCLI.shell(["git", "add", "."], in: path)
        try HostileCLI.shell(["git", "commit", "-qm", "leak"], in: path)
        let head = try HostileCLI.shell(["git", "rev-parse", "HEAD"], in: path).trimmingCharacters(in: .whitespacesAndNewlines)
        var packed = "# pack-refs with: peeled fully-peeled sorted \n"
        for index in 0..<100_000 { packed += "\(head) refs/tags/t\(String(format: "%06d", index))\n" }
        try Data(packed.utf8).write(to: URL(fileURLWithPath: path + "/.git/packed-refs"))
        let result = try HostileCLI.run(["git", path, "--format", "json"], timeLimit: 120)
        #expect(!result.hung && !result.signaled)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(try result.findingPaths() == ["app.env"])
        #expect(try result.issues().filter { $0.kind == "error" }.isEmpty)
        let refs = ((try result.json()["findings"] as? [[String: Any]])?.first?["occurrences"] as? [[String: Any]])?.first?["refs"] as? [String]
        #expect(refs?.count == 50, "the references listed are capped")
        #expect(refs?.contains("refs/heads/main") == true)
    }

    @Test func gitDetachedHeadAndEmptyRepository() throws {
        let scratch = try Scratch()
        let path = try repository(in: scratch)
        try HostileCLI.shell(["git", "checkout", "-q", "--detach"], in: path)
        try Data("TOKEN=\(token)\n".utf8).write(to: URL(fileURLWithPath: path + "/detached.env"))
        try HostileCLI.shell(["git", "add", "."], in: path)
        try HostileCLI.shell(["git", "commit", "-qm", "on a detached head"], in: path)
        let detached = try HostileCLI.run(["git", path, "--format", "json"], timeLimit: 120)
        #expect(detached.status == 1, "\(detached.stderr)")
        #expect(try detached.findingPaths() == ["detached.env"])
        let reachable = try HostileCLI.run(["git", path, "--format", "json", "--reachable-only"], timeLimit: 120)
        #expect(try reachable.findingPaths() == ["detached.env"], "HEAD itself is a root even when detached")

        let empty = scratch.path + "/empty"
        try HostileCLI.shell(["git", "init", "-q", empty])
        let result = try HostileCLI.run(["git", empty, "--format", "json"], timeLimit: 60)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try result.json()["findings"] as? [Any] == nil || (try result.json()["findings"] as? [Any])?.isEmpty == true)
    }

    // MARK: rules and config

    func ruleFolder(_ scratch: Scratch, _ yaml: String) throws -> String {
        try scratch.write("rules/custom.yml", yaml)
        return scratch.path + "/rules"
    }

    @Test func aCatastrophicRuleNeitherHangsNorFloodsAndTheTimeoutAbandonsTheFile() throws {
        let tree = try tree()
        try tree.write("evil.txt", String(repeating: String(repeating: "x", count: 60) + "yz\n", count: 3000))
        let scratch = try Scratch()
        // Hyperscan sees `(x+x+)+y` (the lookahead makes it a prefilter); PCRE2 then backtracks on every line.
        let rules = try ruleFolder(scratch, """
            rules:
              - id: evil-backtracking
                name: Evil backtracking
                severity: low
                confidence: low
                pattern: '(x+x+)+y(?!z)'
                examples: ['xxxxy']
            """)
        let result = try scan(tree, ["--rules", rules, "--timeout", "1"], timeLimit: 120)
        #expect(result.status == 2, "\(result.stderr)")
        let issues = try result.issues()
        #expect(issues.contains { $0 == ("error", "evil.txt", "abandoned after the 1 s --timeout; the rest of this file was not scanned") }, "\(issues)")
        #expect(issues.filter { $0.message.contains("match limit") }.count == 1, "one match-limit warning per rule and file")
        #expect(try result.findingPaths() == ["good/app.env"])

        // The same file committed: `git` abandons the blob the same way.
        try HostileCLI.shell(["git", "init", "-q", tree.path])
        try HostileCLI.shell(["git", "add", "."], in: tree.path)
        try HostileCLI.shell(["git", "commit", "-qm", "evil"], in: tree.path)
        let history = try HostileCLI.run(["git", tree.path, "--rules", rules, "--timeout", "1", "--format", "json"], timeLimit: 120)
        #expect(!history.hung && !history.signaled)
        #expect(history.status == 2, "\(history.stderr)")
        #expect(try history.issues().contains { $0 == ("error", "evil.txt", "abandoned after the 1 s --timeout; the rest of this file was not scanned") })
        #expect(try history.findingPaths() == ["good/app.env"])
    }

    @Test func ruleFilesWithProblems() throws {
        let tree = try tree()
        try tree.write("lookaround.txt", "password = \"Zq8!vR2#mLp9\" # set by ops\n")
        let scratch = try Scratch()
        let rules = try ruleFolder(scratch, """
            rules:
              - id: custom-lookaround
                name: Password before a comment
                severity: high
                confidence: low
                pattern: 'password\\s*=\\s*"([^"]{8,})"(?=\\s*#)'
                examples: ['password = "«Zq8!vR2#mLp9»" # x']
                colour: blue
            """)
        let result = try scan(tree, ["--rules", rules], timeLimit: 120)
        #expect(result.status == 1, "\(result.stderr)")
        #expect(Set(try result.findingPaths()) == ["good/app.env", "lookaround.txt"], "a rule hyperscan rejects runs as a prefilter")
        #expect(try result.issues().contains { $0.kind == "warning" && $0.message.contains("colour") }, "unknown fields are warned")

        let duplicate = try Scratch()
        try duplicate.write("rules/a.yml", "rules:\n  - id: dup\n    name: A\n    severity: low\n    confidence: low\n    pattern: 'aaa_[0-9]{8}'\n    examples: ['aaa_12345678']\n")
        try duplicate.write("rules/b.yml", "rules:\n  - id: dup\n    name: B\n    severity: low\n    confidence: low\n    pattern: 'bbb_[0-9]{8}'\n    examples: ['bbb_12345678']\n")
        let dup = try HostileCLI.run(["scan", tree.path, "--rules", duplicate.path + "/rules"], timeLimit: 120)
        #expect(dup.status == 2, "\(dup.stderr)")
        #expect(dup.stderr.contains("dup"), "\(dup.stderr)")

        let broken = try Scratch()
        try broken.write("rules/bad.yml", "rules:\n  - id: [unclosed\n")
        let bad = try HostileCLI.run(["scan", tree.path, "--rules", broken.path + "/rules"], timeLimit: 60)
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("bad.yml:"), "\(bad.stderr)")
    }

    @Test func configFilesWithWrongTypesStopTheRunNamingFileAndLine() throws {
        let tree = try tree()
        let scratch = try Scratch()
        for (yaml, problem) in [("fail_on: [high]\n", "`fail_on` must be a string"),
                                ("max_file_size: big\n", "`max_file_size` must be a number of bytes"),
                                ("timeout: soon\n", "`timeout` must be a number of seconds"),
                                ("exclude: {a: 1}\n", "`exclude` must be a list of strings"),
                                ("fail_on: high\nfail_on_typo: 1\n", "unknown key `fail_on_typo`")] {
            let config = try scratch.write("stowaway.yml", yaml)
            let result = try HostileCLI.run(["scan", tree.path, "--config", config], timeLimit: 60)
            #expect(result.status == 2, "\(yaml)")
            #expect(result.stderr.contains("stowaway.yml:"), "\(result.stderr)")
            #expect(result.stderr.contains(problem), "\(result.stderr)")
        }
        let invalid = try scratch.write("stowaway.yml", "fail_on: [high\n")
        let result = try HostileCLI.run(["scan", tree.path, "--config", invalid], timeLimit: 60)
        #expect(result.status == 2)
        #expect(result.stderr.contains("invalid YAML"), "\(result.stderr)")
    }

    // MARK: interrupts, temporary files and self-inflicted leaks

    @Test func sigintRemovesTemporaryFilesAndExits130() throws {
        let temporary = try Scratch()
        let running = try HostileCLI.start(["image", "-"], environment: ["TMPDIR": temporary.path])
        // A tar that never ends: the image is spooled to a private temporary file while it arrives.
        running.stdinPipe.fileHandleForWriting.write(Data(repeating: 0x61, count: 512 * 1024))
        var spool: (path: String, mode: mode_t)?
        for _ in 0..<1500 where spool == nil {
            usleep(20_000)
            for fd in (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(running.pid)/fd")) ?? [] {
                let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(running.pid)/fd/\(fd)")) ?? ""
                guard link.hasPrefix(temporary.path) else { continue }
                var info = stat()
                if stat("/proc/\(running.pid)/fd/\(fd)", &info) == 0 { spool = (link, info.st_mode & 0o777) }
            }
        }
        let found = try #require(spool, "the spool file never appeared")
        #expect(found.mode == 0o600, "the spool is private")
        #expect(found.path.hasSuffix("(deleted)"), "the spool has no name while in use: \(found.path)")
        kill(running.pid, SIGINT)
        let result = running.wait(timeLimit: 30)
        try? running.stdinPipe.fileHandleForWriting.close()
        #expect(!result.hung)
        #expect(result.status == 130, "\(result.stderr)")
        #expect(result.stderr.contains("stowaway: interrupted (SIGINT); the scan did not complete"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
    }

    @Test func theRawSecretNeverReachesAnyOutputChannel() throws {
        let tree = try Scratch()
        try tree.write("app/config.py", "GITHUB_TOKEN = \"\(token)\"\n")
        // Inputs that make the parsers complain, each carrying the secret next to the problem.
        try tree.write("Dockerfile", "FROM alpine\nENV GITHUB_TOKEN=\(token)\nRUN echo \"unterminated \(token)\nHEALTHCHECK \(token)\n")
        try tree.write("compose.yaml", "services:\n  app:\n    environment:\n      GITHUB_TOKEN: \(token)\n    image: [unclosed \(token)\n")
        try tree.write("k8s/secret.yaml", "apiVersion: v1\nkind: Secret\nstringData:\n  token: \(token)\n  bad: {\(token)\n")
        try tree.write(".docker/config.json", "{\"auths\": {\"r.io\": {\"auth\": \"\(token)\"}")
        let out = try Scratch()
        let temporary = try Scratch()
        let formats = ["json", "jsonl", "sarif", "junit", "gitlab", "csv", "text"]
        let result = try HostileCLI.run(["scan", tree.path, "--format", "text"] + formats.flatMap { ["--format", "\($0)=\(out.path)/report.\($0)"] },
                                        environment: ["TMPDIR": temporary.path], timeLimit: 120)
        #expect(!result.hung && !result.signaled)
        #expect(result.status == 1, "\(result.stderr)")
        var channels = ["stdout": Data(result.stdout.utf8), "stderr": Data(result.stderr.utf8)]
        for (name, data) in try out.snapshot() { channels["report " + name] = data }
        for (name, data) in try temporary.snapshot() { channels["temporary " + name] = data }
        #expect(channels.count == 2 + formats.count)
        for (channel, data) in channels {
            #expect(data.range(of: Data(token.utf8)) == nil, "the secret reached \(channel)")
            #expect(data.range(of: Data(token.dropFirst(4).prefix(16).utf8)) == nil, "part of the secret reached \(channel)")
        }

        // A report that holds the secret in full is readable by its owner only.
        let shown = try HostileCLI.run(["scan", tree.path, "--show-secrets", "--format", "json=\(out.path)/shown.json"], timeLimit: 120)
        #expect(shown.status == 1)
        let mode = try FileManager.default.attributesOfItem(atPath: out.path + "/shown.json")[.posixPermissions] as? Int
        #expect(mode == 0o600)
        #expect(FileManager.default.contents(atPath: out.path + "/shown.json")?.range(of: Data(token.utf8)) != nil)
        try FileManager.default.removeItem(atPath: out.path + "/shown.json")

        // Git history and an image, through the same channels.
        let scratch = try Scratch()
        let repo = try repository(in: scratch)
        try Data("TOKEN=\(token)\n".utf8).write(to: URL(fileURLWithPath: repo + "/leak.env"))
        try HostileCLI.shell(["git", "add", "."], in: repo)
        try HostileCLI.shell(["git", "commit", "-qm", "leak \(token)"], in: repo)
        let image = scratch.path + "/image"
        try HostileCLI.generateImage("gzip-bomb", to: image, token: token, extra: ["--size", "16"])
        for arguments in [["git", repo], ["image", image, "--max-decompressed-size", "4000000"]] {
            let run = try HostileCLI.run(arguments + ["--format", "json=\(out.path)/\(arguments[0]).json", "--format", "text"],
                                         environment: ["TMPDIR": temporary.path], timeLimit: 120)
            #expect(!run.hung && !run.signaled)
            let report = try #require(FileManager.default.contents(atPath: "\(out.path)/\(arguments[0]).json"))
            for (channel, data) in ["stdout": Data(run.stdout.utf8), "stderr": Data(run.stderr.utf8), "report": report] {
                #expect(data.range(of: Data(token.utf8)) == nil, "\(arguments[0]): the secret reached \(channel)")
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: temporary.path).isEmpty)
        }
    }
}

/// A flag shared with a writer thread.
final class ManagedFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var isSet: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}
