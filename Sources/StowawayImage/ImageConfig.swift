import Foundation
import StowawayCore

/// The parts of an image configuration blob that can carry secrets, and what maps build steps to layers.
public struct ImageConfig: Sendable {
    public struct HistoryStep: Sendable {
        public var createdBy: String?
        /// A step that made no layer (ENV, ARG, LABEL, CMD…): it does not advance the layer index.
        public var emptyLayer: Bool
    }

    /// One text of the config to scan, named the way the report shows it (`config.Env[3]`, `history[5].created_by`).
    public struct Field: Sendable {
        public var name: String
        public var text: String
        /// The layer a history step created, when it created one.
        public var layerIndex: Int?

        public init(name: String, text: String, layerIndex: Int? = nil) {
            self.name = name
            self.text = text
            self.layerIndex = layerIndex
        }
    }

    public var env: [String] = []
    /// Sorted by key so reports are stable.
    public var labels: [(key: String, value: String)] = []
    public var entrypoint: [String]?
    public var cmd: [String]?
    public var onBuild: [String] = []
    public var healthcheck: [String]?
    /// Uncompressed digest of each layer, in order: the `layer_digest` reported.
    public var diffIDs: [String] = []
    public var history: [HistoryStep] = []

    init(json bytes: [UInt8]) throws(StowawayError) {
        let object: [String: Any]
        do {
            guard let parsed = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else {
                throw StowawayError("", "the image config is not a JSON object")
            }
            object = parsed
        } catch let error as StowawayError {
            throw error
        } catch {
            throw StowawayError("", "the image config is not valid JSON")
        }
        if let config = object["config"] as? [String: Any] {
            env = config["Env"] as? [String] ?? []
            labels = (config["Labels"] as? [String: String] ?? [:]).sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            entrypoint = Self.command(config["Entrypoint"])
            cmd = Self.command(config["Cmd"])
            onBuild = config["OnBuild"] as? [String] ?? []
            healthcheck = (config["Healthcheck"] as? [String: Any]).flatMap { Self.command($0["Test"]) }
        }
        diffIDs = (object["rootfs"] as? [String: Any])?["diff_ids"] as? [String] ?? []
        history = (object["history"] as? [[String: Any]] ?? []).map {
            HistoryStep(createdBy: $0["created_by"] as? String, emptyLayer: $0["empty_layer"] as? Bool ?? false)
        }
    }

    /// Entrypoint and Cmd are arrays, but a hand-written config may hold a plain string.
    private static func command(_ value: Any?) -> [String]? {
        if let array = value as? [String] { return array }
        if let text = value as? String { return [text] }
        return nil
    }

    /// For each history step, the layer it created (nil for empty-layer steps). Steps and layers are matched in
    /// order, skipping `empty_layer` steps, as Docker and the OCI spec define.
    public var layerIndexOfHistory: [Int?] {
        var next = 0
        return history.map { step in
            guard !step.emptyLayer else { return nil }
            defer { next += 1 }
            return next
        }
    }

    /// The build step that created each layer, by layer index.
    public func createdBy(layerCount: Int) -> [String?] {
        var result = [String?](repeating: nil, count: layerCount)
        for (step, layer) in zip(history, layerIndexOfHistory) {
            if let layer, layer < layerCount { result[layer] = step.createdBy }
        }
        return result
    }

    /// Every text worth scanning, each under the name the report gives it.
    public var fields: [Field] {
        var fields: [Field] = []
        for (index, entry) in env.enumerated() { fields.append(Field(name: "config.Env[\(index)]", text: entry)) }
        for label in labels { fields.append(Field(name: "config.Labels.\(label.key)", text: "\(label.key)=\(label.value)")) }
        if let entrypoint { fields.append(Field(name: "config.Entrypoint", text: entrypoint.joined(separator: " "))) }
        if let cmd { fields.append(Field(name: "config.Cmd", text: cmd.joined(separator: " "))) }
        for (index, trigger) in onBuild.enumerated() { fields.append(Field(name: "config.OnBuild[\(index)]", text: trigger)) }
        if let healthcheck { fields.append(Field(name: "config.Healthcheck.Test", text: healthcheck.joined(separator: " "))) }
        for (index, (step, layer)) in zip(history, layerIndexOfHistory).enumerated() {
            guard let createdBy = step.createdBy, !createdBy.isEmpty else { continue }
            fields.append(Field(name: "history[\(index)].created_by", text: createdBy, layerIndex: layer))
        }
        return fields
    }
}
