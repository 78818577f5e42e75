/*
 * hash.h - SHA-256 and random tokens (libsodium), and the project's one
 * hex and base64url (libsodium's): everything that writes or reads them
 * calls these.  Call hash_init() once at start (sodium_init); the
 * encoders do not need it.
 */
#ifndef CHIBO_UTIL_HASH_H
#define CHIBO_UTIL_HASH_H

#include <stdbool.h>
#include <stddef.h>

#define HASH_HEX_LEN 65 /* SHA-256 in hex + NUL */

/* Returns 0, or -CB_EIO if libsodium cannot initialise. */
int hash_init(void);

/* SHA-256 of data in lower-case hex. */
void hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN]);

/* The same for large data (a whole import file): OpenSSL's SHA-256,
 * which uses the CPU's SHA instructions where there are some. */
void
hash_sha256_hex_large(const void *data, size_t len, char out[HASH_HEX_LEN]);

/* An unguessable token: n random bytes (n <= 64) in base64url without
 * padding, into out (at least 4 * n / 3 + 2 bytes). */
void hash_random_token(size_t n, char *out, size_t outlen);

/* data[0..len) in base64url without padding: malloc'd, NULL when out of
 * memory. */
char *hash_b64url_encode(const void *data, size_t len);
/* Decodes base64url without padding (nothing else: no padding, no white
 * space) of at most maxlen characters: the bytes, NUL-terminated, in a
 * malloc'd buffer, their number in *ret_len; NULL if s is not such text,
 * is longer, or memory runs out. */
unsigned char *
hash_b64url_decode(const char *s, size_t maxlen, size_t *ret_len);
/* data[0..len) in lower-case hex into out (2 * len + 1 bytes). */
void hash_hex_encode(const void *data, size_t len, char *out);
/* Decodes hex[0..hexlen) (either case, even length) into out (at most
 * max bytes); the number written in *ret_len.  0, or -1 if it is not
 * such text or does not fit. */
int hash_hex_decode(const char *hex, size_t hexlen, unsigned char *out,
    size_t max, size_t *ret_len);

/* HMAC-SHA-256 of data[0..len) under key[0..keylen) into out. */
#define HASH_MAC_LEN 32
void hash_hmac_sha256(const void *key, size_t keylen, const void *data,
    size_t len, unsigned char out[HASH_MAC_LEN]);
/* Constant-time comparison of n bytes. */
bool hash_mem_equal(const void *a, const void *b, size_t n);
/* n random bytes into out. */
void hash_random_bytes(void *out, size_t n);

/* Overwrites n bytes at p with zeros (not optimised away). */
void hash_wipe(void *p, size_t n);

/* Constant-time comparison of two strings of the same length (false if
 * the lengths differ, which leaks only the length). */
bool hash_equal(const char *a, const char *b);

/*
 * Argon2id password hashing (libsodium crypto_pwhash_str, interactive
 * limits).  hash_password writes the encoded hash (with its salt and
 * parameters) into out (HASH_PASSWORD_LEN); returns 0 or -CB_ENOMEM.
 * hash_password_ok verifies in constant time.
 */
#define HASH_PASSWORD_LEN 128
int hash_password(const char *password, char out[HASH_PASSWORD_LEN]);
bool hash_password_ok(const char *encoded, const char *password);
/* Spends the time of one verification, for unknown accounts. */
void hash_password_dummy(const char *password);

#endif
