#include <zlib.h>

// inflateInit2 is a macro; 16 + MAX_WBITS asks zlib for the gzip wrapper (header and CRC checked).
static inline int czlib_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 16 + MAX_WBITS);
}
