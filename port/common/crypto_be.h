/* The key operations each TLS library provides to port/common/keys.c,
 * which holds what does not depend on the library (checks, dispatch,
 * hashing before signing).  Internal to port/. */
#ifndef TA_CRYPTO_BE_H
#define TA_CRYPTO_BE_H

#include <stddef.h>
#include "tacme_tls.h"

/* Bytes of the curve order of EC key type `type`, 0 when not built in. */
size_t ta_be_ec_size(int type);
/* Bits of the big-endian number v[0..len). */
unsigned ta_be_bit_length(const unsigned char *v, size_t len);

/* Library side.  A new P-256/P-384 key into k (type, scalar, public point,
 * bits): 0 or a recorded error. */
int ta_be_ec_generate(ta_key *k, int type);
/* A new RSA key of bits (2048..4096, checked by the caller) with e = 65537
 * into k: 0 or a recorded error. */
int ta_be_rsa_generate(ta_key *k, unsigned bits);
/* The public point of k's scalar (size bytes, left-padded) into pub
 * (2 * size + 1 bytes): 1, or 0 when the scalar is not in 1..order-1. */
int ta_be_ec_public(const ta_key *k, size_t size, unsigned char *pub);
/* 1 when a signature made with k's private numbers verifies with n and e. */
int ta_be_rsa_matches(const ta_key *k);
/* PKCS#1 v1.5 signature of SHA-256 hash h into sig (n_len bytes): 1 or 0. */
int ta_be_rsa_sign_hash(const ta_key *k, const unsigned char h[TA_SHA256_LEN],
	unsigned char *sig);
/* ECDSA over hash h (size bytes) as raw r||s (2 * size bytes): 1 or 0. */
int ta_be_ec_sign_hash(const ta_key *k, size_t size, const unsigned char *h,
	unsigned char *sig);

#endif
