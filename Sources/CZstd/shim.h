#ifndef CZSTD_SHIM_H
#define CZSTD_SHIM_H
/* zstd, with a dictionary trained on ModernGov pages, compresses the raw pages kept with every stored version. */
#include <zstd.h>
#endif
