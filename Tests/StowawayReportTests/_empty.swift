// StowawayReportTests
