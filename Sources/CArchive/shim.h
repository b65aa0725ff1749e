#include <archive.h>
#include <archive_entry.h>

// File-type macros are casts Swift cannot import.
static inline unsigned int carchive_ifreg(void) { return AE_IFREG; }
static inline unsigned int carchive_ifdir(void) { return AE_IFDIR; }
static inline unsigned int carchive_iflnk(void) { return AE_IFLNK; }
