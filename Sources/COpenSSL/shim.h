#ifndef COPENSSL_SHIM_H
#define COPENSSL_SHIM_H
/* SHA-256 for content hashes and notice ids, HMAC-SHA256 for webhook signatures.
   libcrypto is already a runtime dependency of libcurl4-openssl. */
#include <openssl/sha.h>
#include <openssl/hmac.h>
#include <openssl/evp.h>
#endif
