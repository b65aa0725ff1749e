import FuzzSupport
import StowawayCore
import StowawayImage

/// A valid single-image layout, written once: an OCI layout (`index.json` → manifest → config) and a `docker save`
/// folder (`manifest.json` → config). Each input replaces one of these documents; the first byte says which, so a
/// corpus entry always hits the same parser.
enum Layout {
    static let config = Array("""
        {"architecture":"amd64","os":"linux","config":{"Env":["PATH=/usr/bin","MODE=fuzz"],"Labels":{"a":"b"},\
        "Entrypoint":["/bin/app"],"Cmd":"serve","OnBuild":["RUN true"],"Healthcheck":{"Test":["CMD","true"]}},\
        "rootfs":{"type":"layers","diff_ids":["sha256:\(String(repeating: "1", count: 64))"]},\
        "history":[{"created_by":"ADD app /"},{"created_by":"ENV MODE=fuzz","empty_layer":true}]}
        """.utf8)
    static let configHex = sha256Hex(config)
    static let manifest = Array("""
        {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",\
        "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:\(configHex)","size":\(config.count)},\
        "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:\(String(repeating: "2", count: 64))","size":32}]}
        """.utf8)
    static let manifestHex = sha256Hex(manifest)
    static let index = Array("""
        {"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json",\
        "digest":"sha256:\(manifestHex)","size":\(manifest.count),\
        "annotations":{"org.opencontainers.image.ref.name":"fuzz:1"},"platform":{"os":"linux","architecture":"amd64"}}]}
        """.utf8)
    static let dockerManifest = Array("""
        [{"Config":"\(configHex).json","RepoTags":["fuzz:1"],"Layers":["layer/layer.tar"],"LayerSources":{}}]
        """.utf8)

    /// (file in the scratch folder, its valid contents, the folder the planner opens)
    static let documents: [(path: String, template: [UInt8], root: String)] = [
        ("oci/index.json", index, "oci"),
        ("oci/blobs/sha256/\(manifestHex)", manifest, "oci"),
        ("oci/blobs/sha256/\(configHex)", config, "oci"),
        ("save/manifest.json", dockerManifest, "save"),
        ("save/\(configHex).json", config, "save"),
    ]

    static let written: Bool = {
        for document in documents { FuzzScratch.write(document.template, to: document.path) }
        return true
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzImageMetadata(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = fuzzBytes(data, size)
    guard let selector = bytes.first else { return 0 }
    _ = Layout.written
    let document = Layout.documents[Int(selector) % Layout.documents.count]
    FuzzScratch.write(UnsafeRawBufferPointer(rebasing: bytes.dropFirst()), to: document.path)
    defer { FuzzScratch.write(document.template, to: document.path) }

    guard let opened = try? ImageInput.path(FuzzScratch.path(document.root)).open() else { fatalError("the layout folder does not open") }
    let planner = ImagePlanner.plan(opened.store)
    for image in planner.images {
        precondition(!image.name.isEmpty, "an image without a name")
        if let config = image.config {
            for field in config.fields { precondition(!field.name.isEmpty, "a config field without a name") }
            _ = config.createdBy(layerCount: image.layers.count)
        }
        for layer in image.layers { precondition(layer.index >= 0, "a negative layer index") }
    }
    for issue in planner.issues { precondition(!issue.message.isEmpty, "an issue without a message") }
    return 0
}

/// The process entry point under SwiftPM's renamed `main` (see `runLibFuzzer`).
@_cdecl("FuzzImageMetadata_main")
public func fuzzImageMetadataMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    runLibFuzzer(argc, argv, fuzzImageMetadata)
}
