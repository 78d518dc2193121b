#ifndef CXXHASH_SHIM_H
#define CXXHASH_SHIM_H
/* xxHash's XXH3-128 digests every fetched body and every meeting's canonical JSON (AgendaDiff's XXH3Digest). */
#include <xxhash.h>
#endif
