#ifndef CMIMALLOC_SHIM_H
#define CMIMALLOC_SHIM_H
/* mimalloc (Debian's libmimalloc-dev) as the agenda-sync executable's malloc: linked into that
   executable only, ahead of libc, so every malloc of the process — the Swift runtime's, libxml2's,
   libcurl's, SQLite's — is mimalloc's. Why: Sources/agenda-sync/Allocator.swift. */
#include <stdlib.h>
#include <mimalloc.h>

/* 1 when the process's malloc is mimalloc's: a block from plain malloc() lies in mimalloc's heap.
   0 when another allocator came first in the search order (LD_PRELOAD, e.g. heaptrack or valgrind). */
static inline int CMimalloc_ownsMalloc(void) {
    void *block = malloc(16);
    int owned = block != NULL && mi_is_in_heap_region(block);
    free(block);
    return owned;
}
#endif
