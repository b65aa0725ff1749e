// Swift cannot see function-like or cast macros: PCRE2 needs the code-unit width chosen before its header, and a few
// constants are exposed as inline functions.
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

static inline size_t cpcre2_zero_terminated(void) { return PCRE2_ZERO_TERMINATED; }
static inline size_t cpcre2_unset(void) { return PCRE2_UNSET; }
