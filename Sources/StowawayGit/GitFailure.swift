import CGit2
import StowawayCore

/// A libgit2 call that failed, with libgit2's own message (which names the object or file concerned).
public struct GitFailure: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String

    /// Captures the thread's last libgit2 error right after a call returned `code`.
    init(code: Int32) {
        self.code = code
        if let error = git_error_last(), let text = error.pointee.message {
            message = String(cString: text)
        } else {
            message = "libgit2 error \(code)"
        }
    }

    init(code: Int32, message: String) {
        self.code = code
        self.message = message
    }

    /// The object or reference does not exist (a partial clone's missing blob, a shallow clone's cut-off parent).
    public var isNotFound: Bool { code == GIT_ENOTFOUND.rawValue }

    public var description: String { message }

    func asError(_ input: String) -> StowawayError { StowawayError(input, message) }
}
