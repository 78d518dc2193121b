#ifndef CXXHASH_SHIM_H
#define CXXHASH_SHIM_H
/* xxHash's XXH3-128 digests every fetched body, to tell a byte-identical page from a changed one. */
#include <xxhash.h>
#endif
