import Foundation
import Synchronization
@testable import StowawayFiles
@testable import StowawayKit
import Testing

/// The feed between the walk and the workers holds a bounded number of files: the walk waits for room, every file
/// reaches a worker once and in order, and a walk with no worker left never waits.
@Suite struct FileFeedTests {
    static func files(_ range: Range<Int>) -> [WalkedFile] {
        range.map { WalkedFile(path: Array("f\($0)".utf8CString), displayPath: "f\($0)", size: -1) }
    }

    @Test func walkWaitsForRoomAndEveryFileArrivesOnce() {
        let feed = FileFeed(consumers: 1, waitingLimit: 8)
        let added = Mutex(0)
        let walk = Thread {
            for start in stride(from: 0, to: 100, by: 5) {
                feed.add(Self.files(start..<(start + 5))[...])
                added.withLock { $0 += 5 }
            }
            feed.finish(index: WalkIndex())
        }
        walk.start()
        var seen: [String] = []
        var mostAhead = 0
        while let file = feed.next() {
            seen.append(file.displayPath)
            Thread.sleep(forTimeInterval: 0.001)  // a slow worker: the walk must wait, not pile up files
            mostAhead = max(mostAhead, added.withLock { $0 } - seen.count)
        }
        feed.consumerLeft()
        #expect(seen == (0..<100).map { "f\($0)" })
        // At most the limit waits, plus one batch added when there was room for one more file.
        #expect(mostAhead <= 8 + 5, "the walk ran \(mostAhead) files ahead")
        #expect(feed.index != nil)
    }

    @Test func aWalkWithNoWorkerLeftDoesNotWait() {
        let feed = FileFeed(consumers: 1, waitingLimit: 4)
        feed.consumerLeft()
        feed.add(Self.files(0..<50)[...])  // would wait forever if it waited for room
        feed.add(Self.files(50..<60)[...])
        feed.finish(index: WalkIndex())
        var count = 0
        while feed.next() != nil { count += 1 }
        #expect(count == 60)
    }
}
