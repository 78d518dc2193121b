#ifndef CZSTD_SHIM_H
#define CZSTD_SHIM_H
/* zstd, with a dictionary trained on ModernGov pages, compresses the raw pages kept with every stored version. */
/* The experimental API is declared for ZSTD_c_forceAttachDict (see CZstd_preferAttachedDictionary).
   It is safe here: the header and the library come from the same Debian package (libzstd-dev). */
#define ZSTD_STATIC_LINKING_ONLY
#include <zstd.h>

/* Compress against the digested dictionary's tables in place instead of copying them into the
   context for every page (zstd copies for inputs over 8 KB by default: about 0.5 M instructions a
   page). Measured on 300 pages of the benchmark corpus: the same frames, byte for byte, in about
   three quarters of the time. Returns zstd's result code; an error leaves zstd's default in force. */
static inline size_t CZstd_preferAttachedDictionary(ZSTD_CCtx *context) {
    return ZSTD_CCtx_setParameter(context, ZSTD_c_forceAttachDict, ZSTD_dictForceAttach);
}

/* 1 when `context` compresses against the dictionary in place (see above). */
static inline int CZstd_attachesDictionary(ZSTD_CCtx *context) {
    int value = 0;
    return !ZSTD_isError(ZSTD_CCtx_getParameter(context, ZSTD_c_forceAttachDict, &value)) && value == ZSTD_dictForceAttach;
}
#endif
