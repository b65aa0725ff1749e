import Foundation
import StowawayCore

/// Reads an input's manifests and configs and lists the images in it. Understands the classic `docker save` layout
/// (`manifest.json` + `<id>/layer.tar`), Docker ≥ 25's (the same `manifest.json` over an embedded OCI layout), OCI
/// archives and layout directories (`index.json`, nested indexes for multi-platform images). Every manifest and
/// config read whole is checked against its digest. Problems are issues; whatever can be scanned still is.
public struct ImagePlanner {
    public let store: any BlobStore
    public private(set) var images: [ImagePlan] = []
    public private(set) var issues: [ScanIssue] = []
    private var seenManifests = Set<String>()
    /// Config digests already planned from `manifest.json`, so the OCI index of the same archive adds only the rest.
    private var plannedConfigs = Set<String>()
    private let isDockerSave: Bool

    /// Manifests and configs are small; anything larger is not one.
    static let metadataLimit = 64 << 20

    static let indexTypes: Set<String> = [
        "application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json",
    ]
    static let manifestTypes: Set<String> = [
        "application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json",
    ]

    public static func plan(_ store: any BlobStore) -> ImagePlanner {
        var planner = ImagePlanner(store: store)
        planner.run()
        return planner
    }

    private init(store: any BlobStore) {
        self.store = store
        isDockerSave = store.contains("manifest.json")
    }

    private mutating func run() {
        let hasIndex = store.contains("index.json")
        guard isDockerSave || hasIndex else {
            issues.append(ScanIssue(.error, input: store.name,
                                    message: "neither manifest.json nor index.json: not a docker save archive or OCI image layout"))
            return
        }
        if isDockerSave { planDockerManifest() }
        if hasIndex, let bytes = read("index.json", image: nil, expected: nil), let json = parse(bytes, "index.json") {
            planIndex(json, path: "index.json", name: nil, platform: nil, depth: 0)
        }
    }

    // MARK: docker save

    private mutating func planDockerManifest() {
        guard let bytes = read("manifest.json", image: nil, expected: nil),
              let json = parse(bytes, "manifest.json") else { return }
        guard let entries = json as? [[String: Any]] else {
            issues.append(ScanIssue(.error, input: store.name, message: "manifest.json is not a list of images"))
            return
        }
        for (position, entry) in entries.enumerated() {
            guard let configPath = entry["Config"] as? String, let layerPaths = entry["Layers"] as? [String] else {
                issues.append(ScanIssue(.error, input: store.name,
                                        message: "manifest.json entry \(position) has no Config or Layers"))
                continue
            }
            let tags = entry["RepoTags"] as? [String] ?? []
            let configBytes = read(configPath, image: tags.first, expected: Digest(path: configPath).map { ($0, nil) })
            let actual = configBytes.map { "sha256:" + sha256Hex($0) }
            let name = tags.first ?? actual.flatMap { Digest($0) }?.short ?? "\(store.name) image \(position)"
            if let actual { plannedConfigs.insert(actual) }
            let config = configBytes.flatMap { parseConfig($0, path: configPath, image: name) }
            // LayerSources lists foreign layers by diff id.
            let foreign = Set((entry["LayerSources"] as? [String: Any] ?? [:]).keys)
            let diffIDs = config?.diffIDs ?? []
            let layers = layerPaths.enumerated().map { index, path in
                let blobDigest = Digest(path: path)
                var layer = LayerPlan(index: index, blobPath: path, digest: blobDigest?.text, content: .filesystem,
                                      referencedBy: "manifest.json entry \(position)")
                layer.isForeign = index < diffIDs.count && foreign.contains(diffIDs[index])
                // Docker ≥ 25 names blobs by digest; the classic layout's `<id>/layer.tar` is the uncompressed tar.
                if let blobDigest {
                    layer.expectedDigest = .blob(blobDigest)
                } else if index < diffIDs.count, let diffID = Digest(diffIDs[index]) {
                    layer.expectedDigest = .uncompressed(diffID)
                }
                return layer
            }
            images.append(Self.completed(name: name, config: config, layers: layers, issues: &issues, input: store.name))
        }
    }

    // MARK: OCI layout

    private mutating func planIndex(_ json: Any, path: String, name: String?, platform: String?, depth: Int) {
        guard let manifests = (json as? [String: Any])?["manifests"] as? [Any] else {
            issues.append(ScanIssue(.error, input: store.name, message: "\(path) has no manifests list"))
            return
        }
        for item in manifests {
            guard let descriptor = Descriptor(json: item) else {
                issues.append(ScanIssue(.error, input: store.name, message: "\(path) lists a manifest without a digest"))
                continue
            }
            let childName = descriptor.annotations["io.containerd.image.name"]
                ?? descriptor.annotations["org.opencontainers.image.ref.name"].map(qualified)
                ?? name
                ?? "\(store.name)@\(Digest(descriptor.digest)?.short ?? "(invalid digest)")"
            visit(descriptor, name: childName, platform: descriptor.platform ?? platform, depth: depth + 1, referrer: path)
        }
    }

    private mutating func visit(_ descriptor: Descriptor, name: String, platform: String?, depth: Int, referrer: String) {
        guard depth <= 8 else {
            issues.append(ScanIssue(.error, input: store.name, message: "\(name): indexes nested too deeply"))
            return
        }
        guard seenManifests.insert(descriptor.digest).inserted else { return }
        let digest: Digest
        switch descriptor.parsedDigest {
        case .success(let parsed): digest = parsed
        case .failure(let problem):
            issues.append(ScanIssue(.error, input: store.name, message:
                "\(name): manifest digest `\(descriptor.digest)` listed in \(referrer) is invalid (\(problem.message)); not read"))
            return
        }
        let path = digest.blobPath
        if let mediaType = descriptor.mediaType, !Self.indexTypes.contains(mediaType), !Self.manifestTypes.contains(mediaType) {
            issues.append(ScanIssue(.error, input: store.name,
                                    message: "\(name): unknown media type \(mediaType) for \(path); not scanned"))
            return
        }
        guard store.contains(path) else {
            // docker save keeps only the platforms present locally, while its index may list them all.
            let kind: ScanIssue.Kind = isDockerSave ? .warning : .error
            issues.append(ScanIssue(kind, input: store.name, message:
                "\(Self.display(name, platform)): manifest \(digest.text) listed in \(referrer) is missing: \(store.missingBlobPhrase(path))"))
            return
        }
        guard let bytes = read(path, image: name, expected: (digest, descriptor.size)), let json = parse(bytes, path) else { return }
        let object = json as? [String: Any]
        let isIndex = descriptor.mediaType.map(Self.indexTypes.contains) ?? (object?["manifests"] != nil)
        if isIndex {
            planIndex(json, path: path, name: name, platform: platform, depth: depth)
        } else {
            planManifest(object ?? [:], path: path, digest: digest, name: name, platform: platform,
                         isAttestation: descriptor.annotations["vnd.docker.reference.type"] == "attestation-manifest")
        }
    }

    private mutating func planManifest(_ manifest: [String: Any], path: String, digest: Digest, name: String,
                                       platform: String?, isAttestation: Bool) {
        let shownName = isAttestation ? "\(name) (attestation)" : Self.display(name, platform)
        guard let configDescriptor = manifest["config"].flatMap(Descriptor.init(json:)),
              let layerItems = manifest["layers"] as? [Any] else {
            issues.append(ScanIssue(.error, input: store.name, message: "\(shownName): manifest \(path) has no config or layers"))
            return
        }
        if plannedConfigs.contains(configDescriptor.digest) { return }
        let referrer = "manifest \(digest.text)"
        var config: ImageConfig?
        switch configDescriptor.parsedDigest {
        case .success(let configDigest):
            if !Self.isEmptyDescriptor(configDescriptor),
               let bytes = read(configDigest.blobPath, image: shownName, expected: (configDigest, configDescriptor.size),
                                what: "config \(configDigest.text) (listed in \(referrer))") {
                plannedConfigs.insert(configDescriptor.digest)
                config = parseConfig(bytes, path: configDigest.blobPath, image: shownName)
            }
        case .failure(let problem):
            issues.append(ScanIssue(.error, input: store.name, message:
                "\(shownName): config digest `\(configDescriptor.digest)` in \(referrer) is invalid (\(problem.message)); config not read"))
        }
        var layers: [LayerPlan] = []
        for (index, item) in layerItems.enumerated() {
            guard let layer = Descriptor(json: item) else {
                issues.append(ScanIssue(.error, input: store.name,
                                        message: "\(shownName): layer \(index) in \(referrer) has no digest; not read"))
                continue
            }
            let layerDigest: Digest
            switch layer.parsedDigest {
            case .success(let parsed): layerDigest = parsed
            case .failure(let problem):
                issues.append(ScanIssue(.error, input: store.name, message:
                    "\(shownName): layer \(index) digest `\(layer.digest)` in \(referrer) is invalid (\(problem.message)); layer not read"))
                continue
            }
            var plan = LayerPlan(index: index, blobPath: layerDigest.blobPath, digest: layerDigest.text,
                                 content: Self.content(of: layer.mediaType), referencedBy: referrer)
            plan.isForeign = layer.mediaType.map { $0.contains("foreign") || $0.contains("nondistributable") } ?? false
            plan.expectedDigest = .blob(layerDigest)
            layers.append(plan)
        }
        images.append(Self.completed(name: shownName, config: config, layers: layers, declaredLayers: layerItems.count,
                                     issues: &issues, input: store.name))
    }

    /// An OCI ref name is often a bare tag (`latest`, `1.2`): it is shown after the input, the way skopeo writes
    /// `oci:layout:latest`. A full reference (`app:1`, `registry/app`) is shown as it is.
    private func qualified(_ reference: String) -> String {
        reference.contains(where: { $0 == ":" || $0 == "/" || $0 == "@" }) ? reference : "\(store.name):\(reference)"
    }

    /// Tar layers in any compression are filesystems; JSON layers (attestations) are documents.
    static func content(of mediaType: String?) -> LayerPlan.Content {
        guard let mediaType else { return .filesystem }
        if mediaType.contains(".tar") || mediaType.contains("rootfs.diff") || mediaType.contains("layer.v1") {
            return .filesystem
        }
        if mediaType.hasSuffix("json") { return .document }
        return .unknown(mediaType: mediaType)
    }

    static func isEmptyDescriptor(_ descriptor: Descriptor) -> Bool {
        descriptor.mediaType == "application/vnd.oci.empty.v1+json"
    }

    static func display(_ name: String, _ platform: String?) -> String {
        guard let platform, platform != "unknown/unknown" else { return name }
        return "\(name) (\(platform))"
    }

    /// Fills in diff ids and build steps from the config; says so when history and layers do not line up.
    /// `declaredLayers`: how many layers the manifest lists, when some of them were refused.
    static func completed(name: String, config: ImageConfig?, layers: [LayerPlan], declaredLayers: Int? = nil,
                          issues: inout [ScanIssue], input: String) -> ImagePlan {
        var layers = layers
        if let config {
            // By the manifest's position: a layer refused for a bad digest leaves a gap, not a shift.
            let declared = declaredLayers ?? layers.count
            let steps = config.createdBy(layerCount: max(declared, (layers.map(\.index).max() ?? -1) + 1))
            for position in layers.indices {
                let index = layers[position].index
                layers[position].createdBy = steps[index]
                if index < config.diffIDs.count { layers[position].digest = config.diffIDs[index] }
            }
            let layerSteps = config.history.filter { !$0.emptyLayer }.count
            if !config.history.isEmpty, layerSteps != declared {
                issues.append(ScanIssue(.warning, input: input, message:
                    "\(name): history lists \(layerSteps) layer-creating steps for \(declared) layers; build steps may be misattributed"))
            }
            if !config.diffIDs.isEmpty, config.diffIDs.count != declared {
                issues.append(ScanIssue(.warning, input: input, message:
                    "\(name): config lists \(config.diffIDs.count) diff ids for \(declared) layers"))
            }
        }
        return ImagePlan(name: name, config: config, layers: layers)
    }

    // MARK: reading

    /// Reads a metadata blob whole and checks it against the digest (and size) it is known by. A mismatch is an
    /// error, but the content is still used: a scanner should read what is there. `what` names the blob in messages.
    private mutating func read(_ path: String, image: String?, expected: (digest: Digest, size: Int?)?,
                               what: String? = nil) -> [UInt8]? {
        let subject = image.map { "\($0): " } ?? ""
        let bytes: [UInt8]
        do {
            bytes = try store.contents(of: path, limit: Self.metadataLimit)
        } catch {
            if let what, !store.contains(path) {
                issues.append(ScanIssue(.error, input: store.name, message: "\(subject)\(what) is missing: \(store.missingBlobPhrase(path))"))
            } else {
                issues.append(ScanIssue(.error, input: store.name, message: subject + error.message))
            }
            return nil
        }
        if let expected {
            let actual = BlobHasher.digest(of: bytes, like: expected.digest)
            if actual != expected.digest {
                issues.append(ScanIssue(.error, input: store.name, message:
                    "\(subject)\(path) does not match its digest: \(expected.digest.text) expected, \(actual.text) found (content used anyway)"))
            }
            if let size = expected.size, size != bytes.count {
                issues.append(ScanIssue(.error, input: store.name,
                                        message: "\(subject)\(path) is \(bytes.count) bytes, its descriptor says \(size)"))
            }
        }
        return bytes
    }

    private mutating func parse(_ bytes: [UInt8], _ path: String) -> Any? {
        do {
            return try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            issues.append(ScanIssue(.error, input: store.name, message: "\(path) is not valid JSON"))
            return nil
        }
    }

    private mutating func parseConfig(_ bytes: [UInt8], path: String, image: String) -> ImageConfig? {
        do {
            return try ImageConfig(json: bytes)
        } catch {
            issues.append(ScanIssue(.error, input: store.name, message: "\(image): config \(path): \(error.message)"))
            return nil
        }
    }
}
