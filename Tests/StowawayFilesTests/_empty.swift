// StowawayFilesTests
