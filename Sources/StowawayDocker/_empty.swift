// StowawayDocker
