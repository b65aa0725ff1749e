// StowawayImage
