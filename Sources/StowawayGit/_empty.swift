// StowawayGit
