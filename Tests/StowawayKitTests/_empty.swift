// StowawayKitTests
