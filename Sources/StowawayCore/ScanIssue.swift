/// A problem met while scanning one input: reported (stderr, the JSON `errors` list), never fatal to the rest of
/// the scan. `isError` issues make the scan incomplete (exit 2); warnings and notes do not.
public struct ScanIssue: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Codable {
        /// Something could not be scanned, so the result may be missing findings.
        case error
        /// Something odd that did not stop the scan (an unknown rule field, a corrupt cache that was rebuilt).
        case warning
        /// Deliberately skipped by a limit or setting (file over `--max-file-size`).
        case note
    }

    public var kind: Kind
    /// The input concerned: a path, a rule id, an image name.
    public var input: String
    public var message: String

    public init(_ kind: Kind, input: String, message: String) {
        self.kind = kind
        self.input = input
        self.message = message
    }

    public var isError: Bool { kind == .error }

    /// One line, safe for a terminal or a CI log whatever the input's name holds.
    public var description: String {
        "\(kind.rawValue): \(input.escapingControlCharacters): \(message.escapingControlCharacters)"
    }
}

/// An error that stops an operation, carrying what failed and why in words a user can act on.
public struct StowawayError: Error, Sendable, CustomStringConvertible {
    public var input: String
    public var message: String

    public init(_ input: String, _ message: String) {
        self.input = input
        self.message = message
    }

    public var description: String {
        (input.isEmpty ? message : "\(input): \(message)").escapingControlCharacters
    }
}
