import Foundation

/// Runs the container tools the real-tool tests use, when they are installed.
enum ExternalTool {
    static func path(_ name: String) -> String? {
        for directory in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    static func available(_ names: String...) -> Bool { names.allSatisfy { path($0) != nil } }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Runs the tool to completion; throws with its standard error when it fails.
    static func run(_ name: String, _ arguments: [String], in directory: String) throws {
        guard let executable = path(name) else { throw Failure(description: "\(name) is not installed") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let message = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(name) \(arguments.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }
}
