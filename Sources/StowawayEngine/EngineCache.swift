import Foundation
import StowawayCore

/// Compiled hyperscan databases on disk, keyed by the rule pack, the engine version and the CPU, so a pre-commit hook
/// does not recompile hundreds of patterns on every call. A missing, corrupt or stale entry is simply rebuilt.
public struct EngineCache: Sendable {
    public let directory: String

    /// Bumped when the cached format or the way rules are compiled changes.
    static let formatVersion = "stowaway-engine-4"

    public init(directory: String) { self.directory = directory }

    /// `$XDG_CACHE_HOME/stowaway` or `~/.cache/stowaway`; never inside a scanned tree.
    public static func userDefault() -> EngineCache? {
        let environment = ProcessInfo.processInfo.environment
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") { return EngineCache(directory: xdg + "/stowaway") }
        if let home = environment["HOME"], home.hasPrefix("/") { return EngineCache(directory: home + "/.cache/stowaway") }
        return nil
    }

    static func key(for rules: [Rule]) -> String {
        var text = formatVersion + "|" + HyperscanDatabase.platformSignature
        for rule in rules { text += "\u{1}" + rule.id + "\u{2}" + rule.hyperscanPattern }
        return String(sha256Hex(Array(text.utf8)).prefix(32))
    }

    struct Entry {
        var database: HyperscanDatabase
        var plans: [Engine.ExpressionPlan]
        var problems: [ScanIssue]
    }

    private struct Header: Codable {
        var plans: [Engine.ExpressionPlan]
        var problems: [ScanIssue]
    }

    func path(key: String, mode: HyperscanDatabase.Mode) -> String { "\(directory)/\(mode.rawValue)-\(key).hsdb" }

    /// File layout: 8-byte little-endian header length, JSON header, serialized database.
    func load(key: String, mode: HyperscanDatabase.Mode) -> Entry? {
        guard let data = FileManager.default.contents(atPath: path(key: key, mode: mode)), data.count > 8 else {
            return nil
        }
        let bytes = [UInt8](data)
        var headerLength = 0
        for index in 0..<8 { headerLength |= Int(bytes[index]) << (8 * index) }
        guard headerLength > 0, 8 + headerLength < bytes.count,
              let header = try? JSONDecoder().decode(Header.self, from: Data(bytes[8..<(8 + headerLength)])),
              let database = HyperscanDatabase.deserialize(Array(bytes[(8 + headerLength)...]))
        else {
            try? FileManager.default.removeItem(atPath: path(key: key, mode: mode))
            return nil
        }
        return Entry(database: database, plans: header.plans, problems: header.problems)
    }

    /// Best effort: a read-only home directory just means no cache.
    func store(key: String, mode: HyperscanDatabase.Mode, database: HyperscanDatabase,
               plans: [Engine.ExpressionPlan], problems: [ScanIssue]) {
        guard let serialized = database.serialized(),
              let header = try? JSONEncoder().encode(Header(plans: plans, problems: problems)) else { return }
        var bytes: [UInt8] = []
        for index in 0..<8 { bytes.append(UInt8((header.count >> (8 * index)) & 0xff)) }
        bytes += header
        bytes += serialized
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
            let final = path(key: key, mode: mode)
            let temporary = final + ".\(getpid()).tmp"
            TemporaryFiles.register(temporary)
            defer { TemporaryFiles.unregister(temporary) }
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes),
                                                 attributes: [.posixPermissions: 0o600]) else { return }
            if rename(temporary, final) != 0 { try? FileManager.default.removeItem(atPath: temporary) }
        } catch {
            return
        }
    }
}
