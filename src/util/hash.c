/* hash.c - see hash.h. */
#include "util/hash.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "util/err.h"

#include "util/banned.h"

int
hash_init(void)
{
	return sodium_init() < 0 ? -CB_EIO : 0;
}

void
hash_sha256_hex(const void *data, size_t len, char out[HASH_HEX_LEN])
{
	unsigned char h[crypto_hash_sha256_BYTES];

	crypto_hash_sha256(h, data, len);
	sodium_bin2hex(out, HASH_HEX_LEN, h, sizeof(h));
}

void
hash_sha256_hex_large(const void *data, size_t len, char out[HASH_HEX_LEN])
{
	unsigned char h[EVP_MAX_MD_SIZE];
	unsigned int n = 0;

	if (EVP_Digest(data, len, h, &n, EVP_sha256(), NULL) != 1 ||
	    n != crypto_hash_sha256_BYTES) {
		hash_sha256_hex(data, len, out);
		return;
	}
	sodium_bin2hex(out, HASH_HEX_LEN, h, n);
}

void
hash_random_token(size_t n, char *out, size_t outlen)
{
	unsigned char buf[64];

	if (n > sizeof(buf))
		n = sizeof(buf);
	randombytes_buf(buf, n);
	sodium_bin2base64(out, outlen, buf, n,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(buf, sizeof(buf));
}

void
hash_hmac_sha256(const void *key, size_t keylen, const void *data, size_t len,
    unsigned char out[HASH_MAC_LEN])
{
	crypto_auth_hmacsha256_state st;

	crypto_auth_hmacsha256_init(&st, key, keylen);
	crypto_auth_hmacsha256_update(&st, data, len);
	crypto_auth_hmacsha256_final(&st, out);
	sodium_memzero(&st, sizeof(st));
}

bool
hash_mem_equal(const void *a, const void *b, size_t n)
{
	return sodium_memcmp(a, b, n) == 0;
}

void
hash_random_bytes(void *out, size_t n)
{
	randombytes_buf(out, n);
}

char *
hash_b64url_encode(const void *data, size_t len)
{
	size_t n = sodium_base64_ENCODED_LEN(len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	char *out = malloc(n);

	if (out == NULL)
		return NULL;
	sodium_bin2base64(out, n, data, len,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	return out;
}

unsigned char *
hash_b64url_decode(const char *s, size_t maxlen, size_t *ret_len)
{
	size_t len = strnlen(s, maxlen + 1), n = 0;
	const char *end = NULL;
	unsigned char *out;

	*ret_len = 0;
	if (len > maxlen)
		return NULL;
	if ((out = malloc(len / 4 * 3 + 4)) == NULL)
		return NULL;
	if (sodium_base642bin(out, len / 4 * 3 + 3, s, len, NULL, &n, &end,
	        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
	    end != s + len) {
		free(out);
		return NULL;
	}
	out[n] = '\0';
	*ret_len = n;
	return out;
}

void
hash_hex_encode(const void *data, size_t len, char *out)
{
	sodium_bin2hex(out, 2 * len + 1, data, len);
}

int
hash_hex_decode(const char *hex, size_t hexlen, unsigned char *out, size_t max,
    size_t *ret_len)
{
	const char *end = NULL;
	size_t n = 0;

	*ret_len = 0;
	if (hexlen % 2 != 0 || hexlen / 2 > max)
		return -1;
	if (sodium_hex2bin(out, max, hex, hexlen, NULL, &n, &end) != 0 ||
	    end != hex + hexlen || n != hexlen / 2)
		return -1;
	*ret_len = n;
	return 0;
}

void
hash_wipe(void *p, size_t n)
{
	sodium_memzero(p, n);
}

bool
hash_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return false;
	return sodium_memcmp(a, b, n) == 0;
}

int
hash_password(const char *password, char out[HASH_PASSWORD_LEN])
{
	if (crypto_pwhash_str(out, password, strlen(password),
	        crypto_pwhash_OPSLIMIT_INTERACTIVE,
	        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
		return -CB_ENOMEM;
	return 0;
}

bool
hash_password_ok(const char *encoded, const char *password)
{
	return crypto_pwhash_str_verify(encoded, password, strlen(password)) ==
	    0;
}

static char dummy_hash[HASH_PASSWORD_LEN];
static int dummy_made;

static void
make_dummy(void)
{
	dummy_made = hash_password("chibo-dummy-password", dummy_hash) == 0;
}

void
hash_password_dummy(const char *password)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	pthread_once(&once, make_dummy);
	if (dummy_made)
		(void)hash_password_ok(dummy_hash, password);
}
