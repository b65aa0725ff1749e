#ifndef STOWAWAY_BYTE_SEARCH_H
#define STOWAWAY_BYTE_SEARCH_H

#include <stddef.h>

/// glibc's memmem (a GNU extension that Swift's Glibc module does not export): SIMD two-way substring search.
const void *stowaway_memmem(const void *haystack, size_t haystack_length, const void *needle, size_t needle_length);

#endif
