// swift-tools-version:6.0
// The layering is enforced here: StowawayCore depends on nothing; each source module depends on Core plus its own
// C library; only StowawayKit wires them together; the CLI depends on Kit alone. A module that does not list a C
// target cannot call that library by accident.
import PackageDescription

let package = Package(
    name: "stowaway",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "stowaway", targets: ["stowaway"]),
        // For the fuzz harnesses under Fuzz/ (a separate package, so sanitizer flags never reach the product build);
        // not a stable API.
        .library(name: "StowawayCore", targets: ["StowawayCore"]),
        .library(name: "StowawayRules", targets: ["StowawayRules"]),
        .library(name: "StowawayEngine", targets: ["StowawayEngine"]),
        .library(name: "StowawayDocker", targets: ["StowawayDocker"]),
        .library(name: "StowawayImage", targets: ["StowawayImage"]),
    ],
    dependencies: [
        // Command tree, option groups and help text (the CLI layer only).
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // YAML for rule packs and (later) configuration, with line marks for precise errors.
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // SHA-256 for position-independent fingerprints and cache keys; Foundation has no hash API on Linux.
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        // Terminal colours for the text reporter.
        .package(url: "https://github.com/onevcat/Rainbow", from: "4.0.0"),
    ],
    targets: [
        // C libraries from the system's package manager, one system-library target each.
        .systemLibrary(name: "CHyperscan", pkgConfig: "libhs", providers: [.apt(["libhyperscan-dev"])]),
        .systemLibrary(name: "CPCRE2", pkgConfig: "libpcre2-8", providers: [.apt(["libpcre2-dev"])]),
        .systemLibrary(name: "CGit2", pkgConfig: "libgit2", providers: [.apt(["libgit2-dev"])]),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        // gzip-compressed blobs in Git history are inflated before scanning (libgit2 links zlib but exposes no API).
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Model: rules, findings, severities, provenance, fingerprints, filters. No C libraries but libc's memmem.
        // glibc's memmem for byte substring search (Swift's Glibc module hides GNU extensions).
        .target(name: "CByteSearch"),
        .target(name: "StowawayCore", dependencies: ["CByteSearch", .product(name: "Crypto", package: "swift-crypto")]),
        // YAML → Rule, validation, example generators, the built-in pack.
        .target(name: "StowawayRules", dependencies: ["StowawayCore", "Yams"]),
        // One hyperscan database for all rules, PCRE2 confirmation and capture, entropy, on-disk cache.
        .target(name: "StowawayEngine", dependencies: ["StowawayCore", "CHyperscan", "CPCRE2"]),
        // Dockerfile / Compose / Kubernetes parsing and semantic checks (pure Swift).
        .target(name: "StowawayDocker", dependencies: ["StowawayCore", "Yams"]),
        // Directory walk, binary sniffing, size limits, ignore files.
        .target(name: "StowawayFiles", dependencies: ["StowawayCore"]),
        // The only module that calls libgit2.
        .target(name: "StowawayGit", dependencies: ["StowawayCore", "CGit2", "CZlib"]),
        // The only module that calls libarchive.
        .target(name: "StowawayImage", dependencies: ["StowawayCore", "CArchive", .product(name: "Crypto", package: "swift-crypto")]),
        // Reporters: one file per format; they only format.
        .target(name: "StowawayReport", dependencies: ["StowawayCore", "Rainbow"]),
        // The scan pipeline: sources → engine → filters → reporters; owns concurrency.
        .target(name: "StowawayKit", dependencies: [
            "StowawayCore", "StowawayRules", "StowawayEngine", "StowawayDocker", "StowawayFiles",
            "StowawayGit", "StowawayImage", "StowawayReport", "Yams",
        ]),
        // Thin CLI: commands and option groups only.
        .executableTarget(name: "stowaway", dependencies: [
            "StowawayKit", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "StowawayCoreTests", dependencies: ["StowawayCore"]),
        .testTarget(name: "StowawayRulesTests", dependencies: ["StowawayKit", "StowawayRules", "StowawayEngine"]),
        .testTarget(name: "StowawayEngineTests", dependencies: ["StowawayEngine", "StowawayRules"]),
        .testTarget(name: "StowawayDockerTests", dependencies: ["StowawayDocker"]),
        .testTarget(name: "StowawayFilesTests", dependencies: ["StowawayFiles"]),
        // The binary is built too: the pre-commit tests run it as a hook.
        .testTarget(name: "StowawayGitTests", dependencies: ["StowawayGit", "StowawayKit", "stowaway"]),
        .testTarget(name: "StowawayImageTests", dependencies: ["StowawayImage", "StowawayKit"]),
        .testTarget(name: "StowawayReportTests", dependencies: ["StowawayReport"]),
        .testTarget(name: "StowawayKitTests", dependencies: ["StowawayKit"]),
        // Runs the built binary (the dependency makes `swift test` build it first).
        .testTarget(name: "CLITests", dependencies: ["stowaway", "StowawayCore"]),
    ],
    swiftLanguageModes: [.v6]
)
