#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H
/* zlib compresses the raw pages kept with every stored version. */
#include <zlib.h>
#endif
