import Foundation
import StowawayCore

/// `--format html`: one self-contained page for auditors (summary, timeline, findings table, per-finding detail,
/// image layer strips). The page embeds exactly the JSON report's document — so it holds nothing the JSON report
/// does not, redacted the same way — in a `<script type="application/json">` block, and its inline script draws every
/// view from it with `textContent` and `createElement` only. A Content-Security-Policy allows nothing but the page's
/// own script and style (by hash): no network request, and injected markup could not run even if it got in.
public struct HTMLReporter: Reporter {
    public init() {}

    public func render(_ report: ScanReport, context: ReportContext) -> String {
        Self.page(embedding: JSONReporter.document(report, context: context).serialized())
    }

    /// The page for a JSON report's text: a document `JSONReporter` produced now, or a saved `--format json` file
    /// (`stowaway report FILE.json`). `json` must be valid JSON; it is embedded as is, escaped for the script block.
    public static func page(embedding json: String) -> String {
        let script = HTMLReportScript.javaScript
        let style = HTMLReportStyle.css
        let policy = [
            "default-src 'none'",
            "script-src '\(cspHash(script))'",
            "style-src '\(cspHash(style))'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ].joined(separator: "; ")
        return """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta http-equiv="Content-Security-Policy" content="\(policy)">
            <meta name="referrer" content="no-referrer">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="generator" content="stowaway">
            <title>stowaway secrets report</title>
            <style>\(style)</style>
            </head>
            <body>
            \(HTMLReportLayout.body)
            <script type="application/json" id="report-data">\(scriptSafe(json))</script>
            <script>\(script)</script>
            </body>
            </html>

            """
    }

    /// JSON made safe inside `<script>`: `<`, `>` and `&` can only occur inside JSON strings, where `\u003c` means the
    /// same character, so `</script>` or `<!--` in a path or commit message cannot end or change the block. U+2028 and
    /// U+2029 are escaped too (the JSON writer already does; a saved report from elsewhere may not).
    static func scriptSafe(_ json: String) -> String {
        var output = ""
        output.reserveCapacity(json.utf8.count + 64)
        for scalar in json.unicodeScalars {
            switch scalar {
            case "<": output += "\\u003c"
            case ">": output += "\\u003e"
            case "&": output += "\\u0026"
            case "\u{2028}": output += "\\u2028"
            case "\u{2029}": output += "\\u2029"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    /// `sha256-<base64>` of an inline script or style, as Content-Security-Policy expects it.
    static func cspHash(_ text: String) -> String {
        let hex = Array(sha256Hex(Array(text.utf8)).utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        var index = 0
        while index + 1 < hex.count {
            bytes.append(UInt8(hexDigit(hex[index]) << 4 | hexDigit(hex[index + 1])))
            index += 2
        }
        return "sha256-" + Data(bytes).base64EncodedString()
    }

    private static func hexDigit(_ character: UInt8) -> UInt8 {
        character <= UInt8(ascii: "9") ? character - UInt8(ascii: "0") : character - UInt8(ascii: "a") + 10
    }
}
