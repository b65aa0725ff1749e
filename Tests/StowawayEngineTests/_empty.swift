// StowawayEngineTests
