import Dispatch
import Foundation
import StowawayCore
import StowawayDocker
import StowawayEngine
import StowawayImage
import Synchronization

public struct ImageScanOptions: Sendable {
    public var threads = ProcessInfo.processInfo.activeProcessorCount
    public var limits = ArchiveLimits()
    /// Seconds one file inside a layer may take to scan before it is abandoned with an error (`--timeout`); nil: none.
    public var timeout: Double? = Settings().timeout
    /// Scan files that look binary (a NUL in the first 8 KiB) instead of skipping them.
    public var scanBinary = false
    /// Without it, secrets found in an image's config and history are masked in the build step shown with every other
    /// occurrence of that image (a reporter masks only each finding's own secret, and a `RUN |1 TOKEN=…` step is
    /// attached to every file its layer holds).
    public var showSecrets = false

    public init() {}
}

/// `stowaway image`: every image in each input, its config and build history, and every file of every layer,
/// with whether a later layer deleted or replaced it.
///
/// Order of work: open and plan every input (manifests, configs: small, read whole and digest-checked), scan the
/// configs, then read the layer blobs on `threads` workers (largest first; a blob shared by several images is read
/// once), and only then attribute findings to images, because a file's status depends on the layers above it.
public struct ImageScan: Sendable {
    public let engine: Engine
    public let options: ImageScanOptions

    public init(engine: Engine, options: ImageScanOptions) {
        self.engine = engine
        self.options = options
    }

    /// One opened input and the images planned from it.
    struct PlannedInput {
        var store: any BlobStore
        var budget: DecompressionBudget
        var images: [ImagePlan]
    }

    public func run(inputs: [ImageInput]) -> ScanReport {
        let started = DispatchTime.now()
        var outcome = ScanOutcome()
        var issues: [ScanIssue] = []
        var planned: [PlannedInput] = []
        for input in inputs {
            do {
                let (store, openIssues) = try input.open()
                let planner = ImagePlanner.plan(store)
                issues += openIssues + planner.issues
                planned.append(PlannedInput(store: store, budget: DecompressionBudget(limit: options.limits.totalDecompressedCap),
                                            images: planner.images))
            } catch {
                issues.append(ScanIssue(.error, input: input.displayName, message: error.message))
            }
        }

        let configSecrets: [[Set<String>]]
        do {
            configSecrets = try scanConfigs(planned, into: &outcome)
        } catch {
            issues.append(ScanIssue(.error, input: "engine", message: error.message))
            return outcome.report(engine: engine, started: started, extraIssues: issues)
        }

        let (tasks, taskOfLayer) = layerTasks(planned)
        let outputs = runWorkers(tasks, planned: planned, issues: &issues)
        for output in outputs {
            outcome.filesScanned += output.filesScanned
            outcome.bytesScanned += output.bytesScanned
            outcome.binarySkipped += output.binarySkipped
            issues += output.issues
        }
        attribute(planned, outputs: outputs, taskOfLayer: taskOfLayer, configSecrets: configSecrets, into: &outcome)
        return outcome.report(engine: engine, started: started, extraIssues: issues)
    }

    /// Scans each image's config fields (Env, Labels, Entrypoint, Cmd, OnBuild, history). Returns, per image, the
    /// secrets found in its config, to mask in the build steps shown with layer occurrences.
    private func scanConfigs(_ planned: [PlannedInput], into outcome: inout ScanOutcome) throws(StowawayError) -> [[Set<String>]] {
        let scanner = try engine.makeScanner()
        return planned.map { input in
            input.images.map { image in
                var secrets = Set<String>()
                for field in image.config?.fields ?? [] {
                    let result = Array(field.text.utf8).withUnsafeBytes { scanner.scan($0, path: field.name) }
                    var provenance = Provenance(source: "image-config", path: field.name)
                    provenance.image = image.name
                    provenance.configField = field.name
                    if let layer = field.layerIndex, layer < image.layers.count {
                        provenance.layerIndex = layer
                        provenance.layerDigest = image.layers[layer].digest
                    }
                    outcome.recordUncounted(result, provenance: provenance)
                    let analysis = ImageConfigChecks.analyze(field)
                    outcome.record(analysis, provenance: provenance)
                    secrets.formUnion(result.candidates.map(\.secret) + analysis.findings.map(\.secret))
                }
                return secrets
            }
        }
    }

    /// One task per distinct layer blob of each input, and for each image's layer the task that reads it.
    private func layerTasks(_ planned: [PlannedInput]) -> ([LayerTask], [[[Int]]]) {
        var tasks: [LayerTask] = []
        var taskByBlob: [String: Int] = [:]
        let taskOfLayer = planned.enumerated().map { storeIndex, input in
            input.images.map { image in
                image.layers.map { layer in
                    let key = "\(storeIndex)\u{1}\(layer.blobPath)"
                    if let existing = taskByBlob[key] { return existing }
                    taskByBlob[key] = tasks.count
                    tasks.append(LayerTask(storeIndex: storeIndex, blobPath: layer.blobPath, content: layer.content,
                                           label: "\(image.name) layer \(layer.index) (\(layer.blobPath))",
                                           size: input.store.size(of: layer.blobPath) ?? 0, isForeign: layer.isForeign,
                                           expectedDigest: layer.expectedDigest, referencedBy: layer.referencedBy))
                    return tasks.count - 1
                }
            }
        }
        return (tasks, taskOfLayer)
    }

    /// Reads the layer blobs on `threads` workers, each with its own scanner and libarchive readers; the largest
    /// blobs go first, and a worker with no layer left scans files the others hand over (see `ImageScanQueue`).
    private func runWorkers(_ tasks: [LayerTask], planned: [PlannedInput], issues: inout [ScanIssue]) -> [LayerScanOutput] {
        guard !tasks.isEmpty else { return [] }
        let queue = ImageScanQueue(layerOrder: tasks.indices.sorted { tasks[$0].size > tasks[$1].size }, taskCount: tasks.count)
        let stores = planned.map(\.store)
        let budgets = planned.map(\.budget)
        let failures = Mutex<[ScanIssue]>([])
        let engine = self.engine
        let options = self.options
        DispatchQueue.concurrentPerform(iterations: max(1, options.threads)) { _ in
            do throws(StowawayError) {
                try ImageLayerWorker(engine: engine, options: options, queue: queue)
                    .run(tasks: tasks, stores: stores, budgets: budgets)
            } catch {
                failures.withLock { $0.append(ScanIssue(.error, input: "engine", message: error.message)) }
            }
        }
        issues += failures.withLock { $0 }
        return queue.outputs
    }

    /// Gives every finding of every layer its image, layer, build step and status (still present, deleted or
    /// overwritten in a later layer). A layer shared by several images is reported under each of them.
    private func attribute(_ planned: [PlannedInput], outputs: [LayerScanOutput], taskOfLayer: [[[Int]]],
                           configSecrets: [[Set<String>]], into outcome: inout ScanOutcome) {
        for (storeIndex, input) in planned.enumerated() {
            for (imageIndex, image) in input.images.enumerated() {
                let tasksOfImage = taskOfLayer[storeIndex][imageIndex]
                // By layer index: a layer refused for a bad digest is a gap (nil), so later layers keep their numbers.
                var listings = [LayerListing?](repeating: nil, count: (image.layers.map(\.index).max() ?? -1) + 1)
                for (layer, task) in zip(image.layers, tasksOfImage) { listings[layer.index] = outputs[task].listing }
                let timeline = LayerTimeline(listings: listings)
                let masked = Array(configSecrets[storeIndex][imageIndex])
                for (layer, task) in zip(image.layers, tasksOfImage) {
                    let output = outputs[task]
                    let createdBy = layer.createdBy.map {
                        options.showSecrets ? $0 : Redactor(showSecrets: false).text($0, secrets: masked)
                    }
                    for scanned in output.files {
                        var provenance = Provenance(source: "image-layer", path: scanned.file.path)
                        provenance.image = image.name
                        provenance.layerIndex = layer.index
                        provenance.layerDigest = layer.digest
                        provenance.createdBy = createdBy
                        if output.listing != nil {
                            switch timeline.status(of: scanned.file.layerPath, addedIn: layer.index) {
                            case .present: break
                            case .deleted(let later): provenance.deletedInLayer = later
                            case .overwritten(let later): provenance.overwrittenInLayer = later
                            }
                        }
                        outcome.recordUncounted(scanned.result, provenance: provenance)
                        if let analysis = scanned.analysis { outcome.record(analysis, provenance: provenance) }
                    }
                }
            }
        }
    }
}

extension ScanOutcome {
    /// Records candidates without counting a scanned file: image-config fields are not files, and a layer shared
    /// by several images was scanned (and counted) once.
    mutating func recordUncounted(_ result: BlobScanResult, provenance: Provenance) {
        let files = filesScanned
        let bytes = bytesScanned
        record(result, provenance: provenance)
        filesScanned = files
        bytesScanned = bytes
    }
}
