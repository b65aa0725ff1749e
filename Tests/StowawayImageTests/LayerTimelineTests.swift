@testable import StowawayImage
import Testing

@Suite struct LayerTimelineTests {
    func listing(_ names: [String], directories: [String] = []) -> LayerListing {
        var listing = LayerListing()
        for name in names { listing.record(EntryPath(name), isDirectory: false) }
        for name in directories { listing.record(EntryPath(name), isDirectory: true) }
        return listing
    }

    @Test func statusComesFromTheFirstLaterLayerThatTouchesThePath() {
        let timeline = LayerTimeline(listings: [
            listing(["etc/a", "etc/b", "srv/x/y", "home/u/.env", "var/f"]),
            listing(["etc/.wh.a", "srv/x/.wh..wh..opq", "home/u/.env"], directories: ["etc", "srv/x"]),
            listing(["etc/a", ".wh.home", "var"]),
            nil,
        ])
        #expect(timeline.status(of: "etc/a", addedIn: 0) == .deleted(inLayer: 1))
        #expect(timeline.status(of: "etc/a", addedIn: 1) == .overwritten(inLayer: 2))
        #expect(timeline.status(of: "etc/b", addedIn: 0) == .present, "a directory entry for the parent changes nothing")
        #expect(timeline.status(of: "srv/x/y", addedIn: 0) == .deleted(inLayer: 1))
        #expect(timeline.status(of: "home/u/.env", addedIn: 0) == .overwritten(inLayer: 1))
        #expect(timeline.status(of: "home/u/.env", addedIn: 1) == .deleted(inLayer: 2))
        #expect(timeline.status(of: "var/f", addedIn: 0) == .deleted(inLayer: 2), "a file put where its directory was")
        #expect(timeline.status(of: "etc/a", addedIn: 2) == .present, "an unreadable layer changes nothing we know of")
    }

    @Test func opaqueDirectoryHidesOnlyLowerLayers() {
        let timeline = LayerTimeline(listings: [
            listing(["cache/old"]),
            listing(["cache/.wh..wh..opq", "cache/new"]),
        ])
        #expect(timeline.status(of: "cache/old", addedIn: 0) == .deleted(inLayer: 1))
        #expect(timeline.status(of: "cache/new", addedIn: 1) == .present)
    }

    @Test(arguments: [
        ("./etc/x", "etc/x", false), ("/etc/x", "etc/x", true), ("etc//x/", "etc/x", false),
        ("../../etc/x", "etc/x", true), ("a/../b", "b", true), (".", "", false),
    ])
    func entryNamesNormalizeLikeARuntime(raw: String, normalized: String, unusual: Bool) {
        let path = EntryPath(raw)
        #expect(path.normalized == normalized)
        #expect(path.isUnusual == unusual)
    }

    @Test func whiteoutNames() {
        #expect(EntryPath("./etc/.wh.passwd").whiteout == .deleted(path: "etc/passwd"))
        #expect(EntryPath(".wh.top").whiteout == .deleted(path: "top"))
        #expect(EntryPath("var/cache/.wh..wh..opq").whiteout == .opaque(directory: "var/cache"))
        #expect(EntryPath(".wh..wh..opq").whiteout == .opaque(directory: ""))
        #expect(EntryPath("etc/not.wh.file").whiteout == nil)
    }
}
