import Foundation
import StowawayCore

/// What every reporter needs besides the findings: how to show secrets, and facts about the run.
public struct ReportContext: Sendable {
    public var redactor: Redactor
    public var toolVersion: String
    /// Use ANSI colours (text format on a terminal only).
    public var colors: Bool
    /// Files applied to the run (config, baseline, ignore), so a report says what shaped it.
    public var appliedFiles: [String: String]
    /// Metadata of the rules in use, by id (SARIF and GitLab describe each rule).
    public var rules: [String: Rule]
    public var startTime: Date
    public var endTime: Date

    public init(redactor: Redactor, toolVersion: String, colors: Bool = false, appliedFiles: [String: String] = [:],
                rules: [String: Rule] = [:], startTime: Date = Date(), endTime: Date = Date()) {
        self.redactor = redactor
        self.toolVersion = toolVersion
        self.colors = colors
        self.appliedFiles = appliedFiles
        self.rules = rules
        self.startTime = startTime
        self.endTime = endTime
    }
}

/// A report format. Reporters only format: they decide nothing about exit codes or filtering.
public protocol Reporter: Sendable {
    func render(_ report: ScanReport, context: ReportContext) -> String
}

/// The formats `--format` accepts.
public enum ReportFormat: String, Sendable, CaseIterable {
    case text, json, jsonl, sarif, junit, gitlab, csv, html

    public var reporter: any Reporter {
        switch self {
        case .text: TextReporter()
        case .json: JSONReporter()
        case .jsonl: JSONLinesReporter()
        case .sarif: SARIFReporter()
        case .junit: JUnitReporter()
        case .gitlab: GitLabReporter()
        case .csv: CSVReporter()
        case .html: HTMLReporter()
        }
    }
}
