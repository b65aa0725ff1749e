/// Whether a file a layer added is still what the final filesystem holds.
public enum LayerFileStatus: Sendable, Equatable {
    case present
    /// A later layer removed it: a whiteout of it or of a parent, an opaque parent directory, or a file put where
    /// a parent directory was. The bytes are still in the image.
    case deleted(inLayer: Int)
    /// A later layer wrote the same path again. The old bytes are still in the image.
    case overwritten(inLayer: Int)
}

/// The layers of one image in order, to tell for any file what became of it in the layers above.
public struct LayerTimeline: Sendable {
    /// By layer index; nil for a layer that could not be read (it then changes nothing we know of).
    let listings: [LayerListing?]

    public init(listings: [LayerListing?]) { self.listings = listings }

    /// The first later layer that replaced or removed `path` (a normalized in-layer path) added in `layer`.
    public func status(of path: String, addedIn layer: Int) -> LayerFileStatus {
        guard layer + 1 < listings.count else { return .present }
        let ancestors = EntryPath.ancestors(of: path)
        for later in (layer + 1)..<listings.count {
            guard let listing = listings[later] else { continue }
            // Writing the same path (a file, or a directory in its place) wins over a whiteout in the same layer:
            // that layer's own entry is what shows.
            if listing.written[path] != nil { return .overwritten(inLayer: later) }
            if listing.deleted.contains(path) { return .deleted(inLayer: later) }
            for ancestor in ancestors {
                if listing.deleted.contains(ancestor) || listing.opaqueDirectories.contains(ancestor) {
                    return .deleted(inLayer: later)
                }
                if !ancestor.isEmpty, listing.written[ancestor] == false { return .deleted(inLayer: later) }
            }
        }
        return .present
    }
}
