// StowawayDockerTests
