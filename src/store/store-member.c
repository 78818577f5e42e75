/*
 * store-member.c - the member register: records, keyset-paginated lists,
 * history.  Backend-neutral (see store-int.h).
 *
 * The store derives three keys from full_name on every write: name_fold
 * (text_fold of the full name), given_fold (text_fold of "given family
 * middle") and sort_key (text_sort_key: memcmp order is the Vietnamese list
 * order, given name first).  A q search is a prefix range on either folded
 * key, so that an index answers it, or an exact citizen ID / card number.
 *
 * Cursors are base64url of "sort|hex(key)|id": the sort's name, the last
 * row's sort value (sort_key bytes, or its ISO date, "" when unknown) and
 * its id.  Lists fetch limit + 1 rows to learn whether a next page exists.
 *
 * For a principal (store-policy.c): every row read comes with its
 * organisation's path (MEM_COL_ORG_PATH) and is checked against the
 * scope, personal fields withheld where it may not see them; lists are
 * confined in SQL to the principal's subtree (or its own record), so that
 * the checks only guard them; writes need ACT_MEMBER_WRITE (deletes
 * ACT_MEMBER_DELETE) on the organisation before and after.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/privacy.h"
#include "store/cursor.h"
#include "store/store-field.h"
#include "store/store-int.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/sb.h"
#include "util/text.h"

#include "util/banned.h"

/* ------------------------------------------------------------- sorts */

enum key_kind { KEY_SORT_KEY, KEY_BIRTH_DATE, KEY_ADMITTED_ON, KEY_NONE };

static const struct sort_info {
	const char *name;
	enum stmt first; /* plain: walk the sort's index */
	enum stmt after;
	enum stmt org_first; /* a small subtree: through org_id */
	enum stmt org_after;
	enum stmt q_first; /* a q search: through the fold keys */
	enum stmt q_after;
	enum key_kind key;
} sorts[MSORT__MAX] = {
#define SORT(name, s, key) \
	{ \
		name, STMT_MLIST_##s, STMT_MLIST_##s##_AFTER, \
		    STMT_MLIST_##s##_ORG, STMT_MLIST_##s##_ORG_AFTER, \
		    STMT_MLIST_##s##_Q, STMT_MLIST_##s##_Q_AFTER, key \
	}
	[MSORT_NAME] = SORT("name", NAME, KEY_SORT_KEY),
	[MSORT_NAME_DESC] = SORT("-name", NAME_DESC, KEY_SORT_KEY),
	[MSORT_BIRTH_DATE] = SORT("birth_date", BIRTH, KEY_BIRTH_DATE),
	[MSORT_ADMITTED_ON] = SORT("admitted_on", ADMITTED, KEY_ADMITTED_ON),
	[MSORT_ID] = SORT("id", ID, KEY_NONE),
#undef SORT
};

const char *
member_sort_name(enum member_sort s)
{
	if ((int)s < 0 || s >= MSORT__MAX)
		return NULL;
	return sorts[s].name;
}

int
member_sort_parse(const char *s)
{
	int i;

	if (s == NULL)
		return -1;
	for (i = 0; i < MSORT__MAX; i++)
		if (strcmp(s, sorts[i].name) == 0)
			return i;
	return -1;
}

void
member_page_release(struct member_page *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		member_release(&p->items[i]);
	free(p->items);
	free(p->next_cursor);
	memset(p, 0, sizeof(*p));
}

/* --------------------------------------------------------- rows, keys */

/* Fills *m (released first) from the current row: the fields of
 * member_entity in its order (MEM_COL_*). */
static int
member_from_row(struct q *q, struct member *m)
{
	member_release(m);
	return q_col_entity(q, &member_entity, m);
}

/* The keys the store derives from full_name. */
struct member_keys {
	char *name_fold;
	char *given_fold;
	unsigned char *sort_key;
	size_t sort_key_len;
};

static void
member_keys_release(struct member_keys *k)
{
	free(k->name_fold);
	free(k->given_fold);
	free(k->sort_key);
	memset(k, 0, sizeof(*k));
}

/* "Nguyễn Văn Dũng" -> "dung nguyen van". */
static char *
given_first_fold(const char *full)
{
	char *given = NULL, *family = NULL, *s, *f = NULL;

	if (text_name_split(full, &given, &family) != 0)
		return NULL;
	if (*family == '\0') {
		f = text_fold(given);
	} else if (asprintf(&s, "%s %s", given, family) >= 0) {
		f = text_fold(s);
		free(s);
	}
	free(given);
	free(family);
	return f;
}

/* Checks what the database cannot report well and derives the keys. */
static int
member_keys_make(const struct member *m, struct member_keys *k,
    struct cb_error *err)
{
	int rc = 0;

	memset(k, 0, sizeof(*k));
	if (m->full_name == NULL || *m->full_name == '\0')
		rc = cb_error_field(err, 0, "full_name", "required", NULL);
	if (store_check_dates(&member_entity, m, err) != 0)
		rc = -CB_EINVAL;
	if (store_check_enums(&member_entity, m, err) != 0)
		rc = -CB_EINVAL;
	if (rc != 0)
		return rc;
	if ((rc = store_fold(m->full_name, "full_name", &k->name_fold, err)) !=
	    0)
		return rc;
	k->given_fold = given_first_fold(m->full_name);
	if (k->given_fold == NULL ||
	    text_sort_key(m->full_name, &k->sort_key, &k->sort_key_len) != 0) {
		member_keys_release(k);
		return store_nomem(err);
	}
	return 0;
}

/*
 * The fields the statements write, in table order: from full_name to
 * state, each at the parameter of its index (STMT_MEMBER_INSERT and
 * STMT_MEMBER_UPDATE list them so); the keys follow.
 */
_Static_assert(MEMBER_F_id == 0 && MEMBER_F_state + 1 == MEMBER_F_version,
    "member_entity: the fields the store writes are 1 to state");
#define MEMBER_P_NAME_FOLD (MEMBER_F_state + 1)

/* Parameters 1-27 of STMT_MEMBER_INSERT and STMT_MEMBER_UPDATE. */
static void
bind_member(struct q *q, const struct member *m, const struct member_keys *k,
    const char *now)
{
	int i;

	for (i = MEMBER_F_id + 1; i <= MEMBER_F_state; i++)
		q_field(q, i, &member_entity.fields[i], m);
	q_text(q, MEMBER_P_NAME_FOLD, k->name_fold);
	q_text(q, MEMBER_P_NAME_FOLD + 1, k->given_fold);
	q_blob(q, MEMBER_P_NAME_FOLD + 2, k->sort_key, k->sort_key_len);
	q_text(q, MEMBER_P_NAME_FOLD + 3, now);
}

/* Replaces *dst with a copy of s. */
static int
set_str(char **dst, const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		return -CB_ENOMEM;
	free(*dst);
	*dst = p;
	return 0;
}

/* ------------------------------------------------------------ records */

int
store_member_insert(struct store *st, struct member *m, struct cb_error *err)
{
	const struct stat_clock *clock;
	char now[TIMESTAMP_LEN];
	struct member_keys k;
	int64_t id = 0;
	struct q q;
	int rc;

	if ((rc = member_keys_make(m, &k, err)) != 0)
		return rc;
	if (store_restricted(st)) {
		char *path;

		if ((rc = scope_org_for_write(st, m->org_id, "org_id", &path,
		         err)) == 0) {
			rc = scope_may(st, ACT_MEMBER_WRITE, path, err);
			free(path);
		}
		if (rc != 0)
			goto out;
	}
	store_now(now);
	/* Its own level: the figures change with the record or not at all. */
	if ((rc = store_begin(st, err)) != 0)
		goto out;
	if ((rc = stat_clock_lock(st, &clock, err)) != 0)
		goto fail;
	if ((rc = q_open(&q, st, STMT_MEMBER_INSERT, err)) == 0) {
		q.fk_field = "org_id";
		bind_member(&q, m, &k, now);
		if ((rc = q_step(&q, err)) == 1) {
			id = q_col_int(&q, 0);
			rc = 0;
		} else if (rc == 0) {
			rc = cb_error_set(err, CB_ESTORE, "storage_error",
			    NULL);
		}
		q_done(&q);
	}
	if (rc != 0 || (rc = stat_member_change(st, clock, NULL, m, err)) != 0)
		goto fail;
	if ((rc = store_commit(st, err)) != 0)
		goto out;
	if (set_str(&m->created_at, now) != 0 ||
	    set_str(&m->updated_at, now) != 0) {
		rc = store_nomem(err);
	} else {
		m->id = id;
		m->version = 1;
	}
	goto out;
fail:
	store_rollback(st);
out:
	member_keys_release(&k);
	return rc;
}

/*
 * A principal none of whose roles may read a record never runs the read
 * (the statement table); but outside its scope, or deleted, the record
 * must still look missing, and only inside be forbidden.
 */
static int
get_refused(struct store *st, int64_t id, struct cb_error *err)
{
	char *path = NULL;
	bool live = false;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_MEMBER_SCOPE, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	if ((rc = q_step(&q, err)) == 1) {
		live = q_col_int(&q, 2) == 0;
		if (q_col_dup(&q, 1, &path) != 0)
			rc = store_nomem(err);
	}
	q_done(&q);
	if (rc == 1 && live)
		rc = scope_member_refused(st,
		    scope_member_row(st, ACT_MEMBER_READ, id, path),
		    ACT_MEMBER_READ, err);
	else if (rc >= 0)
		rc = cb_error_set(err, CB_ENOTFOUND, "member_not_found", NULL);
	free(path);
	return rc;
}

int
store_member_get(struct store *st, int64_t id, struct member *ret,
    struct cb_error *err)
{
	return store_member_get_path(st, id, ret, NULL, err);
}

int
store_member_get_path(struct store *st, int64_t id, struct member *ret,
    char **ret_path, struct cb_error *err)
{
	struct q q;
	int rc;

	if (ret_path != NULL)
		*ret_path = NULL;
	if (store_restricted(st) &&
	    !store_stmt_allowed(st->who, STMT_MEMBER_GET))
		return get_refused(st, id, err);
	if ((rc = q_open(&q, st, STMT_MEMBER_GET, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	if (rc == 1 && member_from_row(&q, ret) != 0)
		rc = store_nomem(err);
	if (rc == 1 && store_restricted(st)) {
		enum scope_row row = scope_member_row(st, ACT_MEMBER_READ, id,
		    q_col_text(&q, MEM_COL_ORG_PATH));

		/* One decision: outside the scope as if there were none,
		 * forbidden, or shown (masked as decided). */
		if (row == SCOPE_HIDDEN)
			rc = 0;
		else if (row == SCOPE_REFUSED)
			rc = scope_member_refused(st, row, ACT_MEMBER_READ,
			    err);
		else
			scope_member_apply(st, ret, row);
		if (rc <= 0)
			member_release(ret);
	}
	if (rc == 1 && ret_path != NULL &&
	    q_col_dup(&q, MEM_COL_ORG_PATH, ret_path) != 0) {
		member_release(ret);
		rc = store_nomem(err);
	}
	q_done(&q);
	if (rc == 0)
		return cb_error_set(err, CB_ENOTFOUND, "member_not_found",
		    NULL);
	return rc < 0 ? rc : 0;
}

int
store_member_find(struct store *st, const char *field, const char *value,
    int64_t *ret_id, struct cb_error *err)
{
	enum stmt id;
	struct q q;
	int rc;

	*ret_id = 0;
	if (field != NULL && strcmp(field, "citizen_id") == 0)
		id = STMT_MEMBER_FIND_CITIZEN_ID;
	else if (field != NULL && strcmp(field, "card_no") == 0)
		id = STMT_MEMBER_FIND_CARD_NO;
	else
		return cb_error_set(err, CB_EINVAL, "invalid", field);
	if (value == NULL || *value == '\0')
		return 0;
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	q_text(&q, 1, value);
	if ((rc = q_step(&q, err)) == 1) {
		int64_t mid = q_col_int(&q, 0);
		const char *path = q_col_text(&q, 1);

		/* Finding by an ID reveals it: only members whose personal
		 * fields the principal may see. */
		if (!store_restricted(st) ||
		    (principal_may_member(st->who, ACT_MEMBER_READ, mid,
		         path) &&
		        principal_may_member(st->who, ACT_MEMBER_PERSONAL, mid,
		            path)))
			*ret_id = mid;
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

/*
 * For a principal: the member must be in its scope (-CB_ENOTFOUND
 * otherwise) and act allowed on its organisation, and, if moves, on the
 * organisation new_org it moves to (-CB_EPERM).
 */
static int
may_change(struct store *st, int64_t id, bool moves, int64_t new_org,
    enum action act, struct cb_error *err)
{
	int64_t org;
	char *path;
	int rc;

	if (!store_restricted(st))
		return 0;
	if ((rc = scope_member_for_write(st, id, NULL, &org, &path, err)) != 0)
		return rc;
	rc = scope_may(st, act, path, err);
	free(path);
	if (rc == 0 && moves && new_org != org &&
	    (rc = scope_org_for_write(st, new_org, "org_id", &path, err)) ==
	        0) {
		rc = scope_may(st, act, path, err);
		free(path);
	}
	return rc;
}

/* After an UPDATE matched no row: gone (-CB_ENOTFOUND) or stale. */
static int
missing_or_stale(struct store *st, int64_t id, struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_MEMBER_VERSION, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	rc = q_step(&q, err);
	q_done(&q);
	if (rc < 0)
		return rc;
	if (rc == 0)
		return cb_error_set(err, CB_ENOTFOUND, "member_not_found",
		    NULL);
	return cb_error_set(err, CB_EPRECOND, "precondition_failed", NULL);
}

int
store_member_update(struct store *st, struct member *m,
    int64_t expected_version, struct cb_error *err)
{
	const struct stat_clock *clock;
	char now[TIMESTAMP_LEN];
	struct member_keys k;
	struct member old;
	int64_t version = 0;
	struct q q;
	int rc;

	member_init(&old);
	if ((rc = member_keys_make(m, &k, err)) != 0)
		return rc;
	if ((rc = may_change(st, m->id, true, m->org_id, ACT_MEMBER_WRITE,
	         err)) != 0)
		goto out;
	store_now(now);
	/* Its own level: the figures change with the record or not at all.
	 * The clock before the record's row (store-stats.c). */
	if ((rc = store_begin(st, err)) != 0)
		goto out;
	if ((rc = stat_clock_lock(st, &clock, err)) != 0)
		goto fail;
	if (clock->as_of[0] != '\0' &&
	    (rc = stat_member_old(st, m->id, &old, err)) != 0) {
		if (rc == -CB_ENOTFOUND)
			rc = missing_or_stale(st, m->id, err);
		goto fail;
	}
	if ((rc = q_open(&q, st, STMT_MEMBER_UPDATE, err)) == 0) {
		q.fk_field = "org_id";
		bind_member(&q, m, &k, now);
		q_int(&q, 28, m->id);
		q_int(&q, 29, expected_version);
		rc = q_step(&q, err);
		if (rc == 1)
			version = q_col_int(&q, 0);
		q_done(&q);
		if (rc == 0)
			rc = missing_or_stale(st, m->id, err);
		else if (rc == 1)
			rc = stat_member_change(st, clock, &old, m, err);
	}
	if (rc != 0)
		goto fail;
	if ((rc = store_commit(st, err)) != 0)
		goto out;
	if (set_str(&m->updated_at, now) != 0)
		rc = store_nomem(err);
	else
		m->version = version;
	goto out;
fail:
	store_rollback(st);
out:
	member_release(&old);
	member_keys_release(&k);
	return rc;
}

int
store_member_update_contacts(struct store *st, struct member *m,
    int64_t expected_version, struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	int64_t version = 0;
	struct q q;
	int rc;

	if ((rc = may_change(st, m->id, false, 0, ACT_MEMBER_CONTACTS, err)) !=
	    0)
		return rc;
	store_now(now);
	if ((rc = q_open(&q, st, STMT_MEMBER_CONTACTS_UPDATE, err)) != 0)
		return rc;
	q_text_opt(&q, 1, m->phone);
	q_text_opt(&q, 2, m->email);
	q_text(&q, 3, now);
	q_int(&q, 4, m->id);
	q_int(&q, 5, expected_version);
	rc = q_step(&q, err);
	if (rc == 1)
		version = q_col_int(&q, 0);
	q_done(&q);
	if (rc == 0)
		return missing_or_stale(st, m->id, err);
	if (rc < 0)
		return rc;
	if (set_str(&m->updated_at, now) != 0)
		return store_nomem(err);
	m->version = version;
	return 0;
}

int
store_member_delete(struct store *st, int64_t id, int64_t expected_version,
    struct cb_error *err)
{
	const struct stat_clock *clock;
	char now[TIMESTAMP_LEN];
	struct member old;
	struct q q;
	int rc;

	if ((rc = may_change(st, id, false, 0, ACT_MEMBER_DELETE, err)) != 0)
		return rc;
	store_now(now);
	member_init(&old);
	if ((rc = store_begin(st, err)) != 0)
		return rc;
	if ((rc = stat_clock_lock(st, &clock, err)) != 0)
		goto fail;
	if (clock->as_of[0] != '\0' &&
	    (rc = stat_member_old(st, id, &old, err)) != 0) {
		if (rc == -CB_ENOTFOUND)
			rc = missing_or_stale(st, id, err);
		goto fail;
	}
	if ((rc = q_open(&q, st, STMT_MEMBER_DELETE, err)) != 0)
		goto fail;
	q_int(&q, 1, id);
	q_int(&q, 2, expected_version);
	q_text(&q, 3, now);
	rc = q_step(&q, err);
	q_done(&q);
	if (rc == 0)
		rc = missing_or_stale(st, id, err);
	else if (rc == 1)
		rc = stat_member_change(st, clock, &old, NULL, err);
	if (rc != 0)
		goto fail;
	member_release(&old);
	return store_commit(st, err);
fail:
	member_release(&old);
	store_rollback(st);
	return rc;
}

/* ------------------------------------------------------------ cursors */

struct mcursor {
	unsigned char *key; /* sort value bytes (not terminated) */
	size_t keylen;
	int64_t id;
};

static void
mcursor_release(struct mcursor *c)
{
	free(c->key);
	memset(c, 0, sizeof(*c));
}

/* The cursor of position c in sort order sort (store/cursor.h): the
 * sort's name, the last sort value in hex, the last id. */
static char *
cursor_encode(enum member_sort sort, const struct mcursor *c)
{
	char idbuf[24], *hex, *out;
	const char *fields[3];

	if ((hex = malloc(2 * c->keylen + 1)) == NULL)
		return NULL;
	hash_hex_encode(c->key, c->keylen, hex);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)c->id);
	fields[0] = sorts[sort].name;
	fields[1] = hex;
	fields[2] = idbuf;
	out = store_cursor_make(fields, 3);
	free(hex);
	return out;
}

/* Parses a cursor made by cursor_encode for sort; -CB_EINVAL otherwise. */
static int
cursor_decode(enum member_sort sort, const char *s, struct mcursor *c,
    struct cb_error *err)
{
	struct store_cursor sc;
	int rc;

	memset(c, 0, sizeof(*c));
	if (store_cursor_open(s, 3, &sc) != 0)
		goto bad;
	if (strcmp(sc.field[0], sorts[sort].name) != 0 ||
	    !store_cursor_id(&sc, 2, &c->id))
		goto bad;
	if ((rc = store_cursor_hex(&sc, 1, &c->key, &c->keylen)) != 0) {
		if (rc == -CB_ENOMEM) {
			store_cursor_close(&sc);
			return store_nomem(err);
		}
		goto bad;
	}
	switch (sorts[sort].key) {
	case KEY_NONE:
		if (c->keylen != 0)
			goto bad;
		break;
	case KEY_BIRTH_DATE:
	case KEY_ADMITTED_ON: {
		struct date d;

		if (c->keylen != 0 &&
		    (c->keylen != DATE_LEN - 1 ||
		        strlen((char *)c->key) != c->keylen ||
		        date_parse_iso((char *)c->key, &d) != 0))
			goto bad;
		break;
	}
	case KEY_SORT_KEY:
		break;
	}
	store_cursor_close(&sc);
	return 0;
bad:
	store_cursor_close(&sc);
	mcursor_release(c);
	cb_error_set(err, CB_EINVAL, "invalid_cursor", NULL);
	return cb_error_field(err, 0, "cursor", "invalid_cursor", NULL);
}

/* Sets c to the sort position of row m (whose sort_key column is in q). */
static int
cursor_from_row(enum member_sort sort, struct q *q, const struct member *m,
    struct mcursor *c)
{
	const void *p = NULL;
	size_t n = 0;

	mcursor_release(c);
	switch (sorts[sort].key) {
	case KEY_SORT_KEY:
		p = q_col_blob(q, MEM_COL_SORT_KEY, &n);
		break;
	case KEY_BIRTH_DATE:
		p = m->birth_date;
		n = strlen(m->birth_date);
		break;
	case KEY_ADMITTED_ON:
		p = m->admitted_on;
		n = strlen(m->admitted_on);
		break;
	case KEY_NONE:
		break;
	}
	if ((c->key = malloc(n + 1)) == NULL)
		return -CB_ENOMEM;
	if (n)
		memcpy(c->key, p, n);
	c->key[n] = '\0';
	c->keylen = n;
	c->id = m->id;
	return 0;
}

/* ------------------------------------------------------------- lists */

/* A member_query made ready for the statements. */
struct mlist {
	enum member_sort sort;
	char *lo; /* org subtree range, NULL: any */
	char *hi;
	const char *status;
	const char *state;
	const struct member_query *mq; /* the other filters (6-11) */
	char *qf;                      /* folded q, NULL: no q */
	char *qhi;                     /* its successor */
	const char *qraw;              /* NULL: no search by ID */
	bool small;                    /* the subtree is a small part */
	int64_t only_id;               /* the principal's own record alone */
	bool empty;                    /* the scope leaves nothing */
};

static void
mlist_release(struct mlist *l)
{
	free(l->lo);
	free(l->hi);
	free(l->qf);
	free(l->qhi);
	memset(l, 0, sizeof(*l));
}

/*
 * A subtree with fewer than 1/SMALL_RATIO of all organisations is small:
 * fetching its members through member.org_id and sorting them beats
 * walking the whole sort index and filtering (a cell among 300,000
 * organisations: a few dozen rows instead of 5.6 million).  The count
 * stops at the threshold, so a large subtree costs little to rule out.
 * (Roll-up member counters, once they exist, can replace the estimate.)
 */
#define SMALL_RATIO 200

static int
subtree_is_small(struct store *st, const char *lo, const char *hi, bool *ret,
    struct cb_error *err)
{
	int64_t cap = 0, n = 0;
	struct q q;
	int rc;

	*ret = false;
	if ((rc = q_open(&q, st, STMT_ORG_MAX_ID, err)) != 0)
		return rc;
	if ((rc = q_step(&q, err)) == 1)
		cap = q_col_int(&q, 0) / SMALL_RATIO;
	q_done(&q);
	if (rc < 0 || cap < 1)
		return rc < 0 ? rc : 0;
	if ((rc = q_open(&q, st, STMT_ORG_SUBTREE_SIZE, err)) != 0)
		return rc;
	q_text(&q, 1, lo);
	q_text(&q, 2, hi);
	q_int(&q, 3, cap);
	if ((rc = q_step(&q, err)) == 1)
		n = q_col_int(&q, 0);
	q_done(&q);
	if (rc < 0)
		return rc;
	*ret = n < cap;
	return 0;
}

/*
 * A list may not be filtered or sorted by a field its rows withhold
 * (withheld: a mask of member fields): that would tell each listed
 * person's value (who is Mường, who was born in 1990).  -CB_EPERM
 * "forbidden_filter", one field error per query key.
 */
static int
mlist_withheld_filters(const struct member_query *mq, uint64_t withheld,
    struct cb_error *err)
{
	bool birth = withheld & PRIVACY_BIT(MEMBER_F_birth_date);
	bool adm = withheld & PRIVACY_BIT(MEMBER_F_admitted_on);
	bool eth = mq->ethnicity != NULL &&
	    (withheld & PRIVACY_BIT(MEMBER_F_ethnicity));
	bool age = birth &&
	    (mq->born_after != NULL || mq->born_until != NULL ||
	        mq->birth_unknown);
	bool year = adm &&
	    (mq->admitted_from != NULL || mq->admitted_to != NULL);
	bool sort = (birth && mq->sort == MSORT_BIRTH_DATE) ||
	    (adm && mq->sort == MSORT_ADMITTED_ON);

	if (!eth && !age && !year && !sort)
		return 0;
	cb_error_set(err, CB_EPERM, "forbidden_filter", NULL);
	if (eth)
		cb_error_field(err, 0, "ethnicity", "forbidden_filter", NULL);
	if (age)
		cb_error_field(err, 0, "age_band", "forbidden_filter", NULL);
	if (year)
		cb_error_field(err, 0, "admitted_year", "forbidden_filter",
		    NULL);
	if (sort)
		cb_error_field(err, 0, "sort", "forbidden_filter", NULL);
	return -CB_EPERM;
}

/*
 * Confines a principal's list to its scope (ACT_MEMBER_LIST): everywhere,
 * one subtree (intersected with the org_id asked for), an org_id it must
 * choose among several subtrees, or its own record.  The search by ID
 * equality is dropped unless the principal may see the personal fields of
 * the whole range.
 */
static int
mlist_scope(struct store *st, const struct member_query *mq, struct mlist *l,
    struct cb_error *err)
{
	struct path_range *r = NULL;
	size_t n = 0;
	bool all, personal, readable;
	int rc;

	if ((rc = scope_can(st, ACT_MEMBER_LIST, err)) != 0 ||
	    (rc = scope_ranges(st, ACT_MEMBER_LIST, false, &r, &n, &all,
	         err)) != 0)
		return rc;
	if (all) {
		/* Everywhere. */
	} else if (n == 1) {
		char *lo, *hi;

		if (range_intersect(l->lo, l->hi, r[0].lo, r[0].hi, &lo, &hi,
		        &l->empty) != 0) {
			rc = store_nomem(err);
		} else {
			free(l->lo);
			free(l->hi);
			l->lo = lo;
			l->hi = hi;
		}
	} else if (n > 1) {
		if (mq->org_id == 0)
			rc = cb_error_field(err, 0, "org", "org_required",
			    NULL);
	} else if ((l->only_id = st->who->member_id) == 0) {
		/* Grants without a path cover nothing. */
		l->empty = true;
	}
	path_ranges_release(r, n);
	if (rc != 0)
		return rc;
	if (l->only_id != 0) {
		personal = readable = true;
	} else if (l->lo != NULL) {
		personal = principal_may(st->who, ACT_MEMBER_PERSONAL, l->lo);
		readable = principal_may(st->who, ACT_MEMBER_READ, l->lo);
	} else {
		personal =
		    principal_scope(st->who, ACT_MEMBER_PERSONAL, NULL, 0) < 0;
		readable = principal_scope(st->who, ACT_MEMBER_READ, NULL, 0) <
		    0;
	}
	if (!personal) {
		l->qraw = NULL;
		return mlist_withheld_filters(mq,
		    store_sensitive(st) |
		        (readable ? 0 : privacy_roster_mask()),
		    err);
	}
	return 0;
}

static int
mlist_prepare(struct store *st, const struct member_query *mq, struct mlist *l,
    struct cb_error *err)
{
	bool none;
	int rc;

	memset(l, 0, sizeof(*l));
	if ((int)mq->sort < 0 || mq->sort >= MSORT__MAX)
		return cb_error_field(err, 0, "sort", "invalid_value", NULL);
	if ((int)mq->status < 0 || mq->status >= MSTATUS__MAX)
		return cb_error_field(err, 0, "status", "invalid_value", NULL);
	if (mq->state != MEMBER_STATE_ANY &&
	    member_state_name((enum member_state)mq->state) == NULL)
		return cb_error_field(err, 0, "state", "invalid_value", NULL);
	if ((mq->admitted_from != NULL &&
	        (rc = store_check_date(mq->admitted_from, "admitted_year",
	             err)) != 0) ||
	    (mq->admitted_to != NULL &&
	        (rc = store_check_date(mq->admitted_to, "admitted_year",
	             err)) != 0) ||
	    (mq->born_after != NULL &&
	        (rc = store_check_date(mq->born_after, "age_band", err)) !=
	            0) ||
	    (mq->born_until != NULL &&
	        (rc = store_check_date(mq->born_until, "age_band", err)) != 0))
		return rc;
	l->mq = mq;
	l->sort = mq->sort;
	l->status = member_status_name(mq->status);
	l->state = mq->state == MEMBER_STATE_ANY ?
	    NULL :
	    member_state_name((enum member_state)mq->state);
	if (mq->org_id != 0) {
		struct org o;

		org_init(&o);
		if ((rc = store_org_get(st, mq->org_id, &o, err)) != 0) {
			/* For a principal, one outside its scope and one
			 * that does not exist must look the same. */
			if (rc == -CB_ENOTFOUND && !store_restricted(st))
				cb_error_field(err, 0, "org_id",
				    "org_not_found", NULL);
			return rc;
		}
		l->lo = o.path;
		o.path = NULL;
		org_release(&o);
		if ((l->hi = path_upper(l->lo)) == NULL)
			goto nomem;
	}
	if (mq->q != NULL && *mq->q != '\0') {
		if ((rc = store_fold(mq->q, "q", &l->qf, err)) != 0) {
			mlist_release(l);
			return rc;
		}
		if (*l->qf == '\0') {
			free(l->qf);
			l->qf = NULL;
		} else {
			/* No successor cannot happen for UTF-8 text; then
			 * only the IDs can match. */
			l->qhi = prefix_successor(l->qf, &none);
			if (l->qhi == NULL && !none)
				goto nomem;
			l->qraw = mq->q;
		}
	}
	if (store_restricted(st) && (rc = mlist_scope(st, mq, l, err)) != 0) {
		mlist_release(l);
		return rc;
	}
	if (l->lo != NULL && l->qf == NULL && l->only_id == 0 && !l->empty &&
	    (rc = subtree_is_small(st, l->lo, l->hi, &l->small, err)) != 0) {
		mlist_release(l);
		return rc;
	}
	return 0;
nomem:
	mlist_release(l);
	return store_nomem(err);
}

/* True if the folded full name of m, or its given-first form, starts
 * with l's folded q. */
static bool
name_matches(const struct mlist *l, const struct member *m)
{
	size_t n = strlen(l->qf);
	bool ok = false;
	char *f;

	if ((f = text_fold(m->full_name)) != NULL) {
		ok = strncmp(f, l->qf, n) == 0;
		free(f);
	}
	if (!ok && (f = given_first_fold(m->full_name)) != NULL) {
		ok = strncmp(f, l->qf, n) == 0;
		free(f);
	}
	return ok;
}

/* For a principal: whether the current row (m, read from q) belongs in
 * the list; its personal fields are withheld as needed. */
static bool
mlist_row_ok(const struct store *st, const struct mlist *l, struct q *q,
    struct member *m)
{
	enum scope_row row = scope_member_row(st, ACT_MEMBER_LIST, m->id,
	    q_col_text(q, MEM_COL_ORG_PATH));

	if (row < SCOPE_ROSTER)
		return false;
	scope_member_apply(st, m, row);
	/* A row found by an ID the principal may not see is not shown. */
	return !m->personal_hidden || l->qf == NULL || name_matches(l, m);
}

/*
 * Runs list statement id: appends up to keep of the next want rows after
 * cursor `after` (NULL: from the start) to *items / *n; sets *ret_fetched
 * to the rows read and *last to the position of the keep-th row appended,
 * or, if fewer were (a principal's rows withheld), of the last row read.
 * For STMT_MLIST_NAME_QC, cand is its number of candidates and
 * *ret_ncand how many there were.
 */
static int
mlist_run(struct store *st, const struct mlist *l, enum stmt id,
    const struct mcursor *after, size_t want, size_t keep, size_t cand,
    struct member **items, size_t *n, size_t *cap, struct mcursor *last,
    size_t *ret_fetched, int64_t *ret_ncand, struct cb_error *err)
{
	const struct sort_info *si = &sorts[l->sort];
	const struct member_query *mq = l->mq;
	bool restricted = store_restricted(st);
	size_t kept = 0;
	struct q q;
	int rc, pos = 12;

	*ret_fetched = 0;
	*ret_ncand = 0;
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	q_text(&q, 1, l->lo);
	q_text(&q, 2, l->hi);
	q_text(&q, 3, l->status);
	q_text(&q, 4, l->state);
	q_int(&q, 5, (int64_t)want);
	q_text(&q, 6, mq->ethnicity);
	q_date(&q, 7, mq->admitted_from);
	q_date(&q, 8, mq->admitted_to);
	q_date(&q, 9, mq->born_after);
	q_date(&q, 10, mq->born_until);
	if (mq->birth_unknown)
		q_int(&q, 11, 1);
	else
		q_null(&q, 11);
	if (l->qf != NULL || l->only_id != 0) {
		q_text(&q, pos++, l->qf);
		q_text(&q, pos++, l->qhi);
		q_text(&q, pos++, l->qraw);
	}
	if (l->only_id != 0)
		q_int(&q, pos++, l->only_id);
	if (id == STMT_MLIST_NAME_QC) {
		if (after != NULL) {
			q_blob(&q, 15, after->key, after->keylen);
			q_int(&q, 16, after->id);
		} else {
			q_null(&q, 15);
			q_null(&q, 16);
		}
		q_int(&q, 17, (int64_t)cand);
	} else if (after != NULL) {
		switch (si->key) {
		case KEY_SORT_KEY:
			q_blob(&q, pos++, after->key, after->keylen);
			break;
		case KEY_BIRTH_DATE:
		case KEY_ADMITTED_ON:
			q_date(&q, pos++, (const char *)after->key);
			break;
		case KEY_NONE:
			break;
		}
		q_int(&q, pos++, after->id);
	}
	while ((rc = q_step(&q, err)) == 1) {
		struct member *m;

		if (id == STMT_MLIST_NAME_QC)
			*ret_ncand = q_col_int(&q, MEM_COL__MAX);
		if (array_grow(items, cap, *n + 1, sizeof(**items)) != 0) {
			rc = store_nomem(err);
			break;
		}
		m = &(*items)[*n];
		member_init(m);
		if (member_from_row(&q, m) != 0) {
			rc = store_nomem(err);
			break;
		}
		(*ret_fetched)++;
		/* The position before any field is withheld. */
		if (kept < keep && (restricted || kept + 1 == keep) &&
		    cursor_from_row(l->sort, &q, m, last) != 0) {
			member_release(m);
			rc = store_nomem(err);
			break;
		}
		if (restricted && !mlist_row_ok(st, l, &q, m)) {
			member_release(m);
			continue;
		}
		(*n)++;
		kept++;
	}
	q_done(&q);
	return rc < 0 ? rc : 0;
}

/*
 * The name search in name order first reads candidates (id and sort key,
 * from the covering fold indexes alone, the engine's cheapest read: no
 * table row but theirs) and only their rows.  Candidates are at least
 * QC_MIN and twice the rows wanted; if the filters leave too few of them
 * while there were more, the plain _Q statement (every matching row, then
 * sorted) answers.  Filters that few members pass (status, ethnicity,
 * dates) go to _Q at once: each try costs a read of every match.
 */
#define QC_MIN 64

static bool
mlist_qc(const struct mlist *l)
{
	const struct member_query *mq = l->mq;

	return l->qf != NULL && l->only_id == 0 && l->sort == MSORT_NAME &&
	    l->status == NULL && mq->ethnicity == NULL &&
	    mq->admitted_from == NULL && mq->admitted_to == NULL &&
	    mq->born_after == NULL && mq->born_until == NULL &&
	    !mq->birth_unknown;
}

/* As mlist_run, choosing the statement for l. */
static int
mlist_fetch(struct store *st, const struct mlist *l,
    const struct mcursor *after, size_t want, size_t keep,
    struct member **items, size_t *n, size_t *cap, struct mcursor *last,
    size_t *ret_fetched, struct cb_error *err)
{
	const struct sort_info *si = &sorts[l->sort];
	size_t n0 = *n, cand, i;
	int64_t ncand;
	enum stmt id;
	int rc;

	*ret_fetched = 0;
	/* The own record alone is the whole first page. */
	if (l->empty || (l->only_id != 0 && after != NULL))
		return 0;
	if (mlist_qc(l)) {
		cand = 2 * want < QC_MIN ? QC_MIN : 2 * want;
		if ((rc = mlist_run(st, l, STMT_MLIST_NAME_QC, after, want,
		         keep, cand, items, n, cap, last, ret_fetched, &ncand,
		         err)) != 0)
			return rc;
		/* Complete: a full page, or every match was a candidate
		 * (each row tells how many there were; no row, nothing). */
		if (*ret_fetched >= want ||
		    (*ret_fetched > 0 && ncand < (int64_t)cand))
			return 0;
		/* Rows past the candidates may match. */
		for (i = n0; i < *n; i++)
			member_release(&(*items)[i]);
		*n = n0;
		mcursor_release(last);
	}
	if (l->only_id != 0)
		id = STMT_MLIST_ONE;
	else if (l->qf != NULL)
		id = after ? si->q_after : si->q_first;
	else if (l->small)
		id = after ? si->org_after : si->org_first;
	else
		id = after ? si->after : si->first;
	return mlist_run(st, l, id, after, want, keep, 0, items, n, cap, last,
	    ret_fetched, &ncand, err);
}

int
store_member_list(struct store *st, const struct member_query *mq,
    struct member_page *ret, struct cb_error *err)
{
	struct mcursor after, last;
	struct mlist l;
	size_t cap = 0, fetched;
	bool has_cursor;
	int rc;

	member_page_release(ret);
	memset(&after, 0, sizeof(after));
	memset(&last, 0, sizeof(last));
	if (mq->limit < 1 || mq->limit > 1000)
		return cb_error_field(err, 0, "limit", "invalid_value", NULL);
	if ((rc = mlist_prepare(st, mq, &l, err)) != 0)
		return rc;
	/* An empty cursor is the first page, like none. */
	has_cursor = mq->cursor != NULL && *mq->cursor != '\0';
	if (has_cursor &&
	    (rc = cursor_decode(l.sort, mq->cursor, &after, err)) != 0)
		goto out;
	rc = mlist_fetch(st, &l, has_cursor ? &after : NULL, mq->limit + 1,
	    mq->limit, &ret->items, &ret->n, &cap, &last, &fetched, err);
	if (rc == 0 && ret->n > mq->limit) {
		member_release(&ret->items[mq->limit]);
		ret->n = mq->limit;
	}
	/* More rows: one past the page, or rows withheld on the way. */
	if (rc == 0 && fetched > mq->limit &&
	    (ret->next_cursor = cursor_encode(l.sort, &last)) == NULL)
		rc = store_nomem(err);
out:
	if (rc != 0)
		member_page_release(ret);
	mcursor_release(&after);
	mcursor_release(&last);
	mlist_release(&l);
	return rc;
}

const char *
store_member_list_plan(struct store *st, const struct member_query *mq)
{
	struct cb_error err = CB_ERROR_INIT;
	const char *plan = NULL;
	struct mlist l;

	if (mlist_prepare(st, mq, &l, &err) == 0) {
		plan = l.qf ? "q" : l.small ? "org" : "plain";
		mlist_release(&l);
	}
	cb_error_release(&err);
	return plan;
}

#define EACH_BATCH 500

int
store_member_each(struct store *st, const struct member_query *mq,
    int (*fn)(const struct member *m, void *arg), void *arg,
    struct cb_error *err)
{
	struct mcursor after, last;
	struct member *items = NULL;
	struct mlist l;
	size_t n = 0, cap = 0, i, fetched;
	bool more = true, first = true;
	int rc;

	memset(&after, 0, sizeof(after));
	memset(&last, 0, sizeof(last));
	if ((rc = mlist_prepare(st, mq, &l, err)) != 0)
		return rc;
	/* A page at a time, so that fn may use the store meanwhile. */
	while (more && rc == 0) {
		rc = mlist_fetch(st, &l, first ? NULL : &after, EACH_BATCH,
		    EACH_BATCH, &items, &n, &cap, &last, &fetched, err);
		first = false;
		more = fetched == EACH_BATCH;
		for (i = 0; rc == 0 && i < n; i++)
			rc = fn(&items[i], arg);
		for (i = 0; i < n; i++)
			member_release(&items[i]);
		n = 0;
		mcursor_release(&after);
		after = last;
		memset(&last, 0, sizeof(last));
	}
	free(items);
	mcursor_release(&after);
	mlist_release(&l);
	return rc;
}

/* ------------------------------------------------------------ history */

int
store_member_event_add(struct store *st, struct member_event *e,
    struct cb_error *err)
{
	char now[TIMESTAMP_LEN];
	struct q q;
	bool g;
	int rc;

	if (member_event_kind_name(e->kind) == NULL)
		return cb_error_field(err, 0, "kind", "invalid_value", NULL);
	if ((rc = store_check_dates(&member_event_entity, e, err)) != 0)
		return rc;
	if (store_restricted(st)) {
		int64_t org;
		char *path;

		if ((rc = scope_member_for_write(st, e->member_id, "member_id",
		         &org, &path, err)) != 0)
			return rc;
		/* A correction of the contacts records its update too. */
		if (e->kind == MEV_RECORD_UPDATED &&
		    principal_may(st->who, ACT_MEMBER_CONTACTS, path))
			rc = 0;
		else
			rc = scope_may(st, ACT_MEMBER_WRITE, path, err);
		free(path);
		if (rc != 0)
			return rc;
	}
	store_now(now);
	if ((rc = store_guard_begin(st, &g, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MEMBER_EVENT_ADD, err)) == 0) {
		q.fk_field = "member_id";
		/* 1-7 the data fields (member_id to recorded_by), 8 now */
		q_text(&q,
		    q_fields(&q, 1, &member_event_entity, e,
		        MEMBER_EVENT_F_member_id, MEMBER_EVENT_F_recorded_at),
		    now);
		rc = q_insert_id(&q, now, &e->id, &e->recorded_at, err);
	}
	return store_guard_end(st, g, rc, err);
}

int
store_member_events(struct store *st, int64_t member_id,
    struct member_event_list *ret, struct cb_error *err)
{
	struct member_event *items = NULL, *e;
	size_t n = 0, cap = 0;
	struct q q;
	int rc;

	member_event_list_release(ret);
	if ((rc = scope_member_read(st, member_id, err)) != 0)
		return rc;
	if ((rc = q_open(&q, st, STMT_MEMBER_EVENTS, err)) != 0)
		return rc;
	q_int(&q, 1, member_id);
	while ((rc = q_step(&q, err)) == 1) {
		if ((e = array_push(&items, &n, &cap, sizeof(*items))) ==
		    NULL) {
			rc = store_nomem(err);
			break;
		}
		if (q_col_entity(&q, &member_event_entity, e) != 0) {
			rc = store_nomem(err);
			break;
		}
	}
	q_done(&q);
	ret->items = items;
	ret->n = n;
	if (rc < 0) {
		member_event_list_release(ret);
		return rc;
	}
	return 0;
}
