#if canImport(Glibc)
import Glibc
#endif
import CHyperscan
import StowawayCore

/// One compiled hyperscan database. A database is immutable once built and documented as shareable between threads;
/// scratch space is per worker.
public final class HyperscanDatabase: @unchecked Sendable {
    let pointer: OpaquePointer

    public enum Mode: String, Sendable {
        case block, stream

        var flag: UInt32 { self == .block ? UInt32(HS_MODE_BLOCK) : UInt32(HS_MODE_STREAM) }
    }

    init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { hs_free_database(pointer) }

    /// An expression as hyperscan sees it: the pattern, its flags, and the id reported on a hit.
    struct Expression {
        var pattern: String
        var prefilter: Bool
        var id: UInt32

        var flags: UInt32 {
            var flags = UInt32(HS_FLAG_MULTILINE)
            if prefilter { flags |= UInt32(HS_FLAG_PREFILTER) }
            return flags
        }
    }

    /// Compiles all expressions into one database. On failure reports which expression and hyperscan's message.
    static func compile(_ expressions: [Expression], mode: Mode) -> Result<HyperscanDatabase, CompileFailure> {
        var cStrings = expressions.map { strdup($0.pattern) }
        defer { cStrings.forEach { free($0) } }
        let flags = expressions.map(\.flags)
        let ids = expressions.map(\.id)
        var database: OpaquePointer?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        let status = cStrings.withUnsafeMutableBufferPointer { patterns in
            patterns.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: patterns.count) {
                hs_compile_multi($0, flags, ids, UInt32(expressions.count), mode.flag, nil, &database, &error)
            }
        }
        if status == HS_SUCCESS, let database { return .success(HyperscanDatabase(pointer: database)) }
        let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(status)"
        let index = error.map { Int($0.pointee.expression) } ?? -1
        if let error { hs_free_compile_error(error) }
        return .failure(CompileFailure(expressionIndex: index >= 0 ? index : nil, message: message))
    }

    struct CompileFailure: Error {
        var expressionIndex: Int?
        var message: String
    }

    /// Hyperscan's analysis of one expression: nil width means unbounded. Throws hyperscan's message when it cannot
    /// handle the expression with these flags.
    static func maximumWidth(of expression: Expression) -> Result<Int?, CompileFailure> {
        var info: UnsafeMutablePointer<hs_expr_info_t>?
        var error: UnsafeMutablePointer<hs_compile_error_t>?
        let status = hs_expression_info(expression.pattern, expression.flags, &info, &error)
        guard status == HS_SUCCESS, let info else {
            let message = error.flatMap { $0.pointee.message.map { String(cString: $0) } } ?? "error \(status)"
            if let error { hs_free_compile_error(error) }
            return .failure(CompileFailure(expressionIndex: nil, message: message))
        }
        defer { free(info) }
        let width = info.pointee.max_width
        return .success(width == UInt32.max ? nil : Int(width))
    }

    func serialized() -> [UInt8]? {
        var bytes: UnsafeMutablePointer<CChar>?
        var length = 0
        guard hs_serialize_database(pointer, &bytes, &length) == HS_SUCCESS, let bytes else { return nil }
        defer { free(bytes) }
        return Array(UnsafeRawBufferPointer(start: bytes, count: length))
    }

    static func deserialize(_ bytes: [UInt8]) -> HyperscanDatabase? {
        var database: OpaquePointer?
        let status = bytes.withUnsafeBytes { raw in
            hs_deserialize_database(raw.baseAddress!.assumingMemoryBound(to: CChar.self), raw.count, &database)
        }
        guard status == HS_SUCCESS, let database else { return nil }
        return HyperscanDatabase(pointer: database)
    }

    /// Identifies this machine's hyperscan build and CPU for cache keys: a database serialized for one CPU's
    /// features must not be loaded on another.
    static var platformSignature: String {
        var platform = hs_platform_info_t()
        _ = hs_populate_platform(&platform)
        let version = String(cString: hs_version())
        return "\(version)|tune=\(platform.tune)|features=\(platform.cpu_features)"
    }
}

/// Per-worker hyperscan scratch space, large enough for every database it was made or extended for.
final class HyperscanScratch {
    private(set) var pointer: OpaquePointer

    init(for database: HyperscanDatabase) throws(StowawayError) {
        var scratch: OpaquePointer?
        guard hs_alloc_scratch(database.pointer, &scratch) == HS_SUCCESS, let scratch else {
            throw StowawayError("hyperscan", "cannot allocate scratch space")
        }
        pointer = scratch
    }

    /// Grows the scratch (hyperscan may move it) so it also serves `database`.
    func extend(for database: HyperscanDatabase) throws(StowawayError) {
        var scratch: OpaquePointer? = pointer
        guard hs_alloc_scratch(database.pointer, &scratch) == HS_SUCCESS, let scratch else {
            throw StowawayError("hyperscan", "cannot allocate scratch space")
        }
        pointer = scratch
    }

    deinit { hs_free_scratch(pointer) }
}
