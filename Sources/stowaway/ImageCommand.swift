import ArgumentParser
import Foundation
import StowawayCore
import StowawayImage
import StowawayKit

struct ImageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "image",
        abstract: "Scan container images: docker save archives, OCI archives and layout directories (- reads a tar from standard input).",
        discussion: """
            Every file of every layer is scanned, with whether a later layer deleted or overwrote it (the bytes are \
            still in the image), plus the config (Env, Labels, Entrypoint, Cmd, OnBuild) and each build step in the \
            history (build args included). Layers may be uncompressed, gzip or zstd; nothing is extracted to disk. \
            Example: docker save app:1 | stowaway image -
            """)

    @Argument(help: "Image archives (.tar, also gzip/zstd-compressed) or OCI layout directories; - for standard input.")
    var images: [String]

    @OptionGroup var ruleOptions: RuleOptions
    @OptionGroup var outputOptions: OutputOptions

    @Option(name: .shortAndLong, help: "Worker threads reading layers (default: all cores).")
    var threads: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var limits: LimitOptions

    @Option(name: .long, help: "Open archives inside layers (tar, tar.gz, zip, jar…) this many levels deep (default 3); deeper ones get a note.")
    var maxArchiveDepth: Int = ArchiveLimits().maxArchiveDepth

    @Option(name: .long, help: ArgumentHelp(
        "Stop decompressing one layer or nested archive past this many bytes (default 32 GiB), and one input past 8 times as many.",
        valueName: "bytes"))
    var maxDecompressedSize: Int = ArchiveLimits().maxDecompressedSize

    func validate() throws {
        guard !images.isEmpty else { throw ValidationError("name at least one image archive, directory or -") }
        guard threads >= 1 else { throw ValidationError("--threads must be at least 1") }
        guard maxArchiveDepth >= 0 else { throw ValidationError("--max-archive-depth must not be negative") }
        guard maxDecompressedSize > 0 else { throw ValidationError("--max-decompressed-size must be positive") }
        if images.filter({ $0 == "-" }).count > 1 { throw ValidationError("- (standard input) can be named once") }
    }

    func run() throws {
        for image in images where image != "-" && !FileManager.default.fileExists(atPath: image) {
            throw StowawayError(image, "no such file or directory")
        }
        // No roots: an image is not a tree whose own configuration or ignore file could apply.
        let loaded = try CommandSupport.engine(ruleOptions, outputOptions, roots: [])
        var options = ImageScanOptions()
        options.threads = threads
        options.limits.maxArchiveDepth = maxArchiveDepth
        options.limits.maxDecompressedSize = maxDecompressedSize
        options.limits.maxFileSize = limits.maxFileSize(loaded.settings)
        options.timeout = limits.timeout(loaded.settings)
        options.showSecrets = outputOptions.showSecrets
        let inputs = images.map { $0 == "-" ? ImageInput.standardInput(descriptor: STDIN_FILENO) : .path($0) }
        let report = ImageScan(engine: loaded.engine, options: options).run(inputs: inputs)
        try CommandSupport.finish(report, loaded, outputOptions)
    }
}
