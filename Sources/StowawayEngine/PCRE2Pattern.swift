#if canImport(Glibc)
import Glibc
#endif
import CPCRE2
import StowawayCore

/// A compiled, JIT-compiled PCRE2 pattern. After compilation a `pcre2_code` is read-only and documented as safe to
/// share between threads, so it is `@unchecked Sendable`; match data and contexts stay per worker.
public final class PCRE2Pattern: @unchecked Sendable {
    let code: OpaquePointer
    public let captureCount: Int

    /// Options every stowaway pattern uses: multi-line anchors, and an offset limit so a confirmation search never
    /// wanders past the hyperscan hit it confirms.
    public static let defaultOptions = UInt32(PCRE2_MULTILINE) | UInt32(PCRE2_USE_OFFSET_LIMIT)

    public init(_ pattern: String, options: UInt32 = PCRE2Pattern.defaultOptions) throws(StowawayError) {
        var errorCode: Int32 = 0
        var errorOffset = 0
        let compiled = pattern.withCString { pointer in
            pointer.withMemoryRebound(to: UInt8.self, capacity: pattern.utf8.count + 1) { bytes in
                pcre2_compile_8(bytes, pattern.utf8.count, options, &errorCode, &errorOffset, nil)
            }
        }
        guard let compiled else {
            throw StowawayError("", "PCRE2: \(Self.message(for: errorCode)) at offset \(errorOffset)")
        }
        code = compiled
        // JIT is best-effort: the interpreter is slower but correct, and some builds lack JIT.
        _ = pcre2_jit_compile_8(code, UInt32(PCRE2_JIT_COMPLETE))
        var count: UInt32 = 0
        _ = pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
    }

    deinit { pcre2_code_free_8(code) }

    static func message(for errorCode: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
        guard length > 0 else { return "error \(errorCode)" }
        return String(decoding: buffer[..<Int(length)], as: UTF8.self)
    }
}

/// Per-worker PCRE2 state: match data, a match context with limits, and a JIT stack. Not shareable.
final class PCRE2Matcher {
    let matchData: OpaquePointer
    let context: OpaquePointer
    let jitStack: OpaquePointer?
    /// Set when a match gave up on its limits (pathological pattern/input); reported by the caller.
    var hitLimit = false

    /// Limits keep a catastrophic-backtracking pattern from stalling a scan: the match fails instead.
    init(matchLimit: UInt32 = 5_000_000, depthLimit: UInt32 = 10_000) {
        matchData = pcre2_match_data_create_8(64, nil)!
        context = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(context, matchLimit)
        pcre2_set_depth_limit_8(context, depthLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, 2 * 1024 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// Finds the first match at or after `start` that begins no later than `offsetLimit`. Returns the ovector pairs
    /// (byte offsets into `subject`), group 0 first, or nil.
    func firstMatch(
        _ pattern: PCRE2Pattern, in subject: UnsafeRawBufferPointer, from start: Int, offsetLimit: Int?
    ) -> [(Int, Int)?]? {
        guard let base = subject.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return nil }
        pcre2_set_offset_limit_8(context, offsetLimit.map { $0 } ?? cpcre2_unset())
        let result = pcre2_match_8(pattern.code, base, subject.count, start, 0, matchData, context)
        if result < 0 {
            if result == PCRE2_ERROR_MATCHLIMIT || result == PCRE2_ERROR_DEPTHLIMIT || result == PCRE2_ERROR_HEAPLIMIT
                || result == PCRE2_ERROR_JIT_STACKLIMIT
            {
                hitLimit = true
            }
            return nil
        }
        let pairs = Int(pcre2_get_ovector_count_8(matchData))
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let unset = cpcre2_unset()
        var groups: [(Int, Int)?] = []
        groups.reserveCapacity(min(pairs, pattern.captureCount + 1))
        for index in 0..<min(pairs, pattern.captureCount + 1) {
            let from = ovector[2 * index]
            let to = ovector[2 * index + 1]
            groups.append(from == unset ? nil : (Int(from), Int(to)))
        }
        return groups
    }

    /// Whole-subject test used for allow patterns on a secret.
    func matches(_ pattern: PCRE2Pattern, _ text: [UInt8]) -> Bool {
        text.withUnsafeBytes { firstMatch(pattern, in: $0, from: 0, offsetLimit: nil) != nil }
    }
}
