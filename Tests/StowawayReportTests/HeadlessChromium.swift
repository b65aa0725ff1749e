import Foundation

/// Drives the real Chromium (Debian package `chromium`) headless: loads a page from a file, returns the DOM after its
/// scripts ran and every console message the page printed, or takes a screenshot. `STOWAWAY_CHROMIUM` names another
/// binary. A missing browser is an error, never a skip: CI installs it (`make test` and `.ci/run`).
enum HeadlessChromium {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// A loaded page: the serialized DOM, the console lines Chromium logged for it, and how long the load took.
    struct Page {
        var dom: String
        var console: [String]
        var seconds: Double

        /// `data-*` attributes of `<body>`, entity-decoded: what the page's script records when it has rendered.
        var bodyData: [String: String] {
            guard let open = dom.range(of: "<body"), let close = dom.range(of: ">", range: open.upperBound..<dom.endIndex) else {
                return [:]
            }
            let tag = String(dom[open.upperBound..<close.lowerBound])
            var result: [String: String] = [:]
            let pattern = try! NSRegularExpression(pattern: #"data-([a-z-]+)="([^"]*)""#)
            for match in pattern.matches(in: tag, range: NSRange(tag.startIndex..., in: tag)) {
                guard let name = Range(match.range(at: 1), in: tag), let value = Range(match.range(at: 2), in: tag) else { continue }
                result[String(tag[name])] = Self.decodeEntities(String(tag[value]))
            }
            return result
        }

        /// The text inside the element with this id (tags stripped, entities decoded), for assertions on what shows.
        func text(ofElementWithID id: String) -> String? {
            guard let start = dom.range(of: "id=\"\(id)\"") else { return nil }
            guard let tagEnd = dom.range(of: ">", range: start.upperBound..<dom.endIndex) else { return nil }
            // Up to the next section-level boundary is enough for the small containers asserted on.
            let rest = dom[tagEnd.upperBound...]
            let end = rest.range(of: "</section>")?.lowerBound ?? rest.endIndex
            let stripped = String(rest[..<end]).replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
            return Self.decodeEntities(stripped).replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
        }

        static func decodeEntities(_ text: String) -> String {
            text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
                .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&nbsp;", with: "\u{a0}")
                .replacingOccurrences(of: "&amp;", with: "&")
        }
    }

    static var executable: String {
        get throws {
            if let configured = ProcessInfo.processInfo.environment["STOWAWAY_CHROMIUM"] { return configured }
            for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
            where FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
            throw Failure(description: "headless Chromium is needed for the HTML report tests and was not found: install the Debian package `chromium` (`make test` does), or set STOWAWAY_CHROMIUM")
        }
    }

    /// Loads `file` (with `#fragment`) and returns the DOM after the page's scripts ran.
    static func load(_ file: URL, fragment: String? = nil) throws -> Page {
        let url = file.absoluteString + (fragment.map { "#" + $0 } ?? "")
        let began = Date()
        let (status, output, errors) = try run(["--dump-dom", url])
        let seconds = Date().timeIntervalSince(began)
        guard status == 0, output.contains("</html>") else {
            throw Failure(description: "chromium --dump-dom \(url) failed (\(status)): \(errors.suffix(2000))")
        }
        let console = errors.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        return Page(dom: output, console: console, seconds: seconds)
    }

    /// Renders `file` into a PNG of the given window size.
    static func screenshot(_ file: URL, to png: URL, width: Int = 1280, height: Int = 2200) throws {
        try? FileManager.default.removeItem(at: png)
        let (status, _, errors) = try run(["--hide-scrollbars", "--window-size=\(width),\(height)",
                                           "--screenshot=\(png.path)", file.absoluteString])
        guard status == 0, FileManager.default.fileExists(atPath: png.path) else {
            throw Failure(description: "chromium --screenshot failed (\(status)): \(errors.suffix(2000))")
        }
    }

    /// Runs Chromium with a throw-away profile; kills it after two minutes so a hung browser fails the test.
    private static func run(_ arguments: [String]) throws -> (Int32, String, String) {
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("stowaway-chromium-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: profile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try executable)
        process.arguments = ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                             "--disable-extensions", "--user-data-dir=\(profile.path)", "--enable-logging=stderr", "--v=0"]
            + arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 120, execute: watchdog)
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        watchdog.cancel()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
