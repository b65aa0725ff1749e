// StowawayRulesTests
