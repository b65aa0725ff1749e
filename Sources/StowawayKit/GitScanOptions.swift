import Foundation

/// What `stowaway git` reads. By default an audit: every object in the repository, reachable or not. The narrowing
/// options make it a CI check of what some commits add.
public struct GitScanOptions: Sendable {
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    /// Only commits reachable from references and HEAD: no reflog-only or dangling commits, no unreachable blobs.
    public var reachableOnly = false
    /// `A..B`: only what commits reachable from B and not from A add (`A...B`: not from their merge base).
    public var range: String?
    /// Only what commits after this one add (those not reachable from it).
    public var sinceCommit: String?
    /// Only commits reachable from this branch (or any revision).
    public var branch: String?
    /// gzip blobs are inflated and scanned up to this many bytes (a bomb cannot take the scan down).
    public var maximumInflatedSize = 1 << 30
    /// Blobs larger than this are skipped with a note naming each (`--max-file-size`; their size is read from the
    /// object header, so they are never loaded).
    public var maxFileSize = Settings().maxFileSize
    /// Seconds one blob may take to scan before it is abandoned with an error (`--timeout`); nil: no limit.
    public var timeout: Double? = Settings().timeout

    public init() {}

    /// True when the scan follows commits from chosen tips instead of reading the whole object database.
    var narrowsHistory: Bool { reachableOnly || range != nil || sinceCommit != nil || branch != nil }
}
