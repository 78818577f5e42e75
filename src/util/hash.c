/* hash.c - see hash.h. */
#include "util/hash.h"

#include <openssl/evp.h>
#include <pthread.h>
#include <sodium.h>
#include <string.h>

#include "util/err.h"

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
	return crypto_pwhash_str_verify(encoded, password,
	    strlen(password)) == 0;
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
