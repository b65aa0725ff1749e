import Foundation
import StowawayCore
@testable import StowawayReport
import Testing

/// The HTML page as text: what it embeds, how it escapes, what its policy allows.
@Suite struct HTMLReportTests {
    /// The JSON block's text, unescaped by a JSON parser (which reads `\u003c` as `<`).
    static func embeddedDocument(_ html: String) throws -> [String: Any] {
        let open = #"<script type="application/json" id="report-data">"#
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let json = String(html[start.upperBound..<end.lowerBound])
        return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
    }

    @Test func embedsExactlyTheJSONReportsDocument() throws {
        for report in [SampleAudit.audit, SampleAudit.hostile, SampleReport.report] {
            let context = SampleAudit.context()
            let html = HTMLReporter().render(report, context: context)
            let json = JSONReporter().render(report, context: context)
            let fromJSON = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? NSDictionary)
            #expect(try NSDictionary(dictionary: Self.embeddedDocument(html)).isEqual(fromJSON))
        }
    }

    @Test func noSecretReachesThePageUnlessAsked() {
        let report = SampleAudit.audit
        let html = HTMLReporter().render(report, context: SampleAudit.context())
        for finding in report.findings {
            #expect(!html.contains(finding.secret), "\(finding.ruleID) secret is in the page")
        }
        let shown = HTMLReporter().render(report, context: SampleAudit.context(show: true))
        #expect(report.findings.allSatisfy { shown.contains($0.secret) })
    }

    @Test func scannedTextCannotCloseOrChangeTheDataBlock() throws {
        let html = HTMLReporter().render(SampleAudit.hostile, context: SampleAudit.context())
        let open = #"<script type="application/json" id="report-data">"#
        let start = try #require(html.range(of: open))
        let end = try #require(html.range(of: "</script>", range: start.upperBound..<html.endIndex))
        let block = html[start.upperBound..<end.lowerBound]
        #expect(!block.contains("<") && !block.contains(">") && !block.contains("&"))
        #expect(!block.unicodeScalars.contains("\u{2028}") && !block.unicodeScalars.contains("\u{2029}"))
        #expect(html.components(separatedBy: "<script").count == 3, "exactly the data block and the page's script")
        #expect(HTMLReporter.scriptSafe("\"</script><!--\u{2028}&\"") == #""\u003c/script\u003e\u003c!--\u2028\u0026""#)
    }

    @Test func pageMakesNoRequestAndRunsOnlyItsOwnCode() throws {
        let html = HTMLReporter().render(SampleAudit.report([]), context: SampleAudit.context())
        let policy = try #require(html.firstMatch(of: /http-equiv="Content-Security-Policy" content="([^"]+)"/)?.1)
        #expect(policy.hasPrefix("default-src 'none'; "))
        #expect(policy.contains("'\(HTMLReporter.cspHash(HTMLReportScript.javaScript))'"))
        #expect(policy.contains("'\(HTMLReporter.cspHash(HTMLReportStyle.css))'"))
        #expect(!policy.contains("unsafe"))
        #expect(html.contains("<script>" + HTMLReportScript.javaScript + "</script>"), "the hashed text is the script as served")
        #expect(html.contains("<style>" + HTMLReportStyle.css + "</style>"))
        // No address to fetch: the only URL is the SVG namespace, an identifier that is never requested.
        let urls = html.matches(of: /https?:\/\/[^\s'"]+/).map { String($0.output) }
        #expect(urls == ["http://www.w3.org/2000/svg"])
        for construct in [" src=", " href=", "url(", "@import", "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval("] {
            #expect(!html.contains(construct), "the page must not use \(construct)")
        }
    }

    @Test func cspHashIsBase64OfTheSHA256() {
        // sha256("") = e3b0c442…, base64 47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=
        #expect(HTMLReporter.cspHash("") == "sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=")
    }
}

/// The page in a real browser (headless Chromium): it loads without errors, shows the right counts, filters, shows
/// every occurrence, renders hostile strings as text, and stays responsive with 10,000 findings.
@Suite(.serialized) struct HTMLBrowserTests {
    static func expectClean(_ page: HeadlessChromium.Page, sourceLocation: SourceLocation = #_sourceLocation) {
        let data = page.bodyData
        #expect(data["rendered"] == "true", "the page did not finish rendering: \(data)", sourceLocation: sourceLocation)
        #expect(data["errors"] == "0", "the page recorded errors: \(page.text(ofElementWithID: "page-errors") ?? "")",
                sourceLocation: sourceLocation)
        #expect(page.console.isEmpty, "console messages: \(page.console)", sourceLocation: sourceLocation)
        #expect(data["pwned"] == nil, "injected script ran: \(data["pwned"] ?? "")", sourceLocation: sourceLocation)
    }

    @Test func sampleAuditLoadsWithoutErrorsAndShowsTheCounts() throws {
        let file = try SampleAudit.writePage(SampleAudit.audit, name: "audit.html")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let page = try HeadlessChromium.load(file)
        Self.expectClean(page)
        let counts = try #require(try JSONSerialization.jsonObject(with: Data((page.bodyData["counts"] ?? "").utf8)) as? [String: Int])
        #expect(counts == ["findings": 9, "occurrences": 11, "critical": 2, "high": 3, "medium": 3, "low": 1, "info": 0,
                           "present": 4, "deleted": 2, "history": 3])
        let cards = try #require(page.text(ofElementWithID: "severity-cards"))
        for shown in ["9 findings in 11 places", "2 critical", "3 high", "3 medium", "1 low", "0 info", "4 still present",
                      "2 deleted in layer", "3 only in history"] {
            #expect(cards.contains(shown), "summary lacks “\(shown)”: \(cards)")
        }
        #expect(page.dom.components(separatedBy: "<tr tabindex=\"0\"").count - 1 == 9, "one table row per finding")
        // One bar slot per month from the first introduction (2023-09) to the last (2024-04), empty months included.
        let months = page.dom.matches(of: /data-month="(\d{4}-\d{2})"/).map { String($0.1) }
        #expect(months == ["2023-09", "2023-10", "2023-11", "2023-12", "2024-01", "2024-02", "2024-03", "2024-04"])
        #expect(page.dom.contains(#"data-month="2024-02" data-count="2""#))
        #expect(page.dom.contains(#"data-month="2023-11" data-count="1""#), "a secret counts at its earliest commit")
        let layers = try #require(page.text(ofElementWithID: "layer-strips"))
        #expect(layers.contains("registry.example.com/payments:2.3"))
        #expect(layers.contains("layer 1"), "\(layers)")
        #expect(layers.contains("deletes 1 secret"), "\(layers)")
        #expect(layers.contains("1 secret (1 deleted later)"), "\(layers)")

        let png = file.deletingLastPathComponent().appendingPathComponent("audit.png")
        try HeadlessChromium.screenshot(file, to: png)
        let bytes = try Data(contentsOf: png)
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 20_000, "not a real screenshot: \(bytes.count) bytes")
        // `make report-check` keeps the screenshot for the README.
        if let keep = ProcessInfo.processInfo.environment["STOWAWAY_REPORT_SCREENSHOT"] {
            try? FileManager.default.removeItem(atPath: keep)
            try FileManager.default.copyItem(at: png, to: URL(fileURLWithPath: keep))
        }
    }

    @Test func fragmentFiltersTheTable() throws {
        let report = SampleAudit.audit
        let file = try SampleAudit.writePage(report, name: "audit.html")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let image = SampleAudit.image.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let cases: [(String, Int)] = [
            ("severity=high", 3), ("status=deleted", 2), ("status=history", 3), ("author=grace", 3), ("month=2024-02", 2),
            ("source=image-layer", 2), ("rule=jwt", 1), ("path=billing", 1), ("q=refs/tags/v1.0", 1),
            ("layer=\(image)%231", 1), ("severity=medium&status=present", 3), ("path=nowhere", 0),
        ]
        for (fragment, expected) in cases {
            let page = try HeadlessChromium.load(file, fragment: fragment)
            Self.expectClean(page)
            #expect(page.bodyData["shown"] == String(expected), "#\(fragment) shows \(page.bodyData["shown"] ?? "?"), not \(expected)")
            #expect(page.dom.components(separatedBy: "<tr tabindex=\"0\"").count - 1 == expected)
        }
    }

    @Test func detailListsEveryOccurrenceWithItsProvenanceAndTheFix() throws {
        let report = SampleAudit.audit
        let file = try SampleAudit.writePage(report, name: "audit.html")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let github = report.findings[0]
        let page = try HeadlessChromium.load(file, fragment: "finding=" + github.fingerprint.value)
        Self.expectClean(page)
        let detail = try #require(page.text(ofElementWithID: "detail"))
        for shown in ["GitHub personal access token", "config/app.env:3:1", "deploy/.env:1:1", "4f1c2a9e0b7d6c5a4f3e2d1c0b9a8f7e6d5c4b3a",
                      "Ada Lovelace <ada@example.com>", "Grace Hopper <grace@example.com>", "2023-11-14T09:12:00+01:00",
                      "refs/tags/v1.0", "yes: the secret is still in the default branch tip", "Where (2 places)",
                      "Revoke the github personal access token at its issuer", github.fingerprint.value, "GITHUB_TOKEN=ghp_*****"] {
            #expect(detail.contains(shown), "detail lacks “\(shown)”")
        }
        let stripe = report.findings[2]
        let layered = try HeadlessChromium.load(file, fragment: "finding=" + stripe.fingerprint.value)
        Self.expectClean(layered)
        let layerDetail = try #require(layered.text(ofElementWithID: "detail"))
        for shown in ["registry.example.com/payments:2.3", "layer 1", "COPY . /app", "in layer 2: gone from the final file system",
                      "no: removed since, but still in history", "refs/heads/feature/billing", "Where (2 places)"] {
            #expect(layerDetail.contains(shown), "detail lacks “\(shown)”")
        }
    }

    @Test func hostileStringsRenderAsText() throws {
        let report = SampleAudit.hostile
        let file = try SampleAudit.writePage(report, name: "hostile.html")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        var seen = Set<String>()
        for finding in report.findings {
            let page = try HeadlessChromium.load(file, fragment: "finding=" + finding.fingerprint.value)
            Self.expectClean(page)
            // Markup from the data never became elements: the only scripts are the page's two, no injected tags.
            #expect(page.dom.components(separatedBy: "<script").count == 3)
            for tag in ["<img", "<b id=\"pwned", "<iframe", "<svg onload", "<i>"] {
                #expect(!page.dom.contains(tag), "injected \(tag) element")
            }
            // Text nodes are serialized with < > & escaped: a payload shown as text appears in that form.
            for payload in SampleAudit.payloads {
                let asText = payload.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                    .replacingOccurrences(of: ">", with: "&gt;")
                if page.dom.contains(asText) { seen.insert(payload) }
            }
            if finding.ruleID == "stripe-secret-key" {
                #expect(page.dom.contains("Add &lt;script&gt;document.body.dataset.pwned='message'&lt;/script&gt; key sk_l*****"),
                        "the commit message is shown as text, redacted")
            }
        }
        #expect(seen == Set(SampleAudit.payloads), "payloads not shown as text: \(Set(SampleAudit.payloads).subtracting(seen))")
    }

    /// Not a speed target (those live in Benchmarks/): checks that 10,000 findings render, paginate and filter, and
    /// prints how long that took in this browser.
    @Test func tenThousandFindingsRenderPaginateAndFilter() throws {
        let report = SampleAudit.large(count: 10_000)
        let file = try SampleAudit.writePage(report, name: "large.html")
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0

        let page = try HeadlessChromium.load(file)
        Self.expectClean(page)
        #expect(page.bodyData["findings"] == "10000")
        #expect(page.bodyData["shown"] == "10000")
        #expect(page.dom.components(separatedBy: "<tr tabindex=\"0\"").count - 1 == 100, "one page of 100 rows, not 10,000")

        let expected = report.findings.filter { finding in
            finding.severity == .high && finding.occurrences.contains { $0.provenance.path.contains("service-7/") }
        }.count
        let filtered = try HeadlessChromium.load(file, fragment: "severity=high&path=service-7/")
        Self.expectClean(filtered)
        #expect(filtered.bodyData["shown"] == String(expected))

        let sorted = try HeadlessChromium.load(file, fragment: "sort=date&dir=desc&page=100")
        Self.expectClean(sorted)
        #expect(sorted.text(ofElementWithID: "page-info")?.contains("page 100 of 100") == true)

        print("""
            HTML report with 10,000 findings (\(size / 1_000_000) MB): render \(page.bodyData["render-ms"] ?? "?") ms in page, \
            \(String(format: "%.1f", page.seconds)) s browser start to DOM; filter severity+path \
            \(filtered.bodyData["filter-ms"] ?? "?") ms (\(expected) shown); sort by date, last page \
            \(sorted.bodyData["filter-ms"] ?? "?") ms
            """)
    }
}
