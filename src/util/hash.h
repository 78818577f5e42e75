/*
 * hash.h - SHA-256 and random tokens (libsodium), hex and base64url.
 * Call hash_init() once at start (sodium_init).
 */
#ifndef CHIBO_UTIL_HASH_H
#define CHIBO_UTIL_HASH_H

#include <stdbool.h>
#include <stddef.h>

#define HASH_HEX_LEN 65		/* SHA-256 in hex + NUL */

/* Returns 0, or -CB_EIO if libsodium cannot initialise. */
int	hash_init(void);

/* SHA-256 of data in lower-case hex. */
void	hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN]);

/* The same for large data (a whole import file): OpenSSL's SHA-256,
 * which uses the CPU's SHA instructions where there are some. */
void	hash_sha256_hex_large(const void *data, size_t len,
	    char out[HASH_HEX_LEN]);

/* An unguessable token: n random bytes (n <= 64) in base64url without
 * padding, into out (at least 4 * n / 3 + 2 bytes). */
void	hash_random_token(size_t n, char *out, size_t outlen);

/* Overwrites n bytes at p with zeros (not optimised away). */
void	hash_wipe(void *p, size_t n);

/* Constant-time comparison of two strings of the same length (false if
 * the lengths differ, which leaks only the length). */
bool	hash_equal(const char *a, const char *b);

/*
 * Argon2id password hashing (libsodium crypto_pwhash_str, interactive
 * limits).  hash_password writes the encoded hash (with its salt and
 * parameters) into out (HASH_PASSWORD_LEN); returns 0 or -CB_ENOMEM.
 * hash_password_ok verifies in constant time.
 */
#define HASH_PASSWORD_LEN 128
int	hash_password(const char *password, char out[HASH_PASSWORD_LEN]);
bool	hash_password_ok(const char *encoded, const char *password);
/* Spends the time of one verification, for unknown accounts. */
void	hash_password_dummy(const char *password);

#endif
