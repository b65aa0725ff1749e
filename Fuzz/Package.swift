// swift-tools-version:6.0
// libFuzzer harnesses for stowaway's parsers, decoders and engine. A separate package so that the sanitizer and
// coverage flags never reach the product build; `make fuzz` builds it with
//   swift build --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// One executable per fuzzer, each exporting LLVMFuzzerTestOneInput; libFuzzer supplies `main`.
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, which is `stowaway`, `main` or a worktree's name.
let parent = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let stowaway = parent.lastPathComponent

func fuzzer(_ name: String, _ modules: [String]) -> Target {
    .executableTarget(name: name, dependencies: ["FuzzSupport"] + modules.map { .product(name: $0, package: stowaway) })
}

let package = Package(
    name: "stowaway-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(path: ".."),
    ],
    targets: [
        // Scratch folder, file writes and a sink that reads every byte handed to it.
        .target(name: "FuzzSupport", dependencies: [
            .product(name: "StowawayCore", package: stowaway), .product(name: "StowawayImage", package: stowaway),
        ]),
        fuzzer("FuzzDockerfile", ["StowawayDocker"]),
        fuzzer("FuzzDockerFormats", ["StowawayDocker"]),
        fuzzer("FuzzRules", ["StowawayRules", "StowawayEngine", "StowawayCore"]),
        fuzzer("FuzzImageMetadata", ["StowawayImage", "StowawayCore"]),
        fuzzer("FuzzLayer", ["StowawayImage", "StowawayCore"]),
        fuzzer("FuzzDecoders", ["StowawayEngine"]),
        fuzzer("FuzzEngine", ["StowawayEngine", "StowawayRules", "StowawayCore"]),
    ],
    swiftLanguageModes: [.v6]
)
