/*
 * store-member.c - the member register: records, keyset-paginated lists,
 * history.  Backend-neutral (see store-int.h).
 *
 * The store derives three keys from full_name on every write: name_fold
 * (text_fold of the full name), given_fold (text_fold of "given family
 * middle") and sort_key (text_sort_key: memcmp order is the Vietnamese list
 * order, given name first), and the words of name_fold (member_word, with
 * each word's place, the sort key and the state).  A q search matches
 * every member whose name has a different word starting with each query
 * word, ranked in name order (the full name's start, the given name's,
 * the rest); only digits search the IDs by prefix (docs/architecture.md,
 * "Storage").
 *
 * Cursors are base64url of "sort|hex(key)|id": the sort's name ("rank" for
 * a ranked search), the last row's sort value (sort_key bytes, after the
 * rank's byte for a ranked search, or its ISO date, "" when unknown) and
 * its id.  Lists fetch limit + 1 rows to learn whether a next page exists,
 * and count their matches up to a bound.
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
	enum stmt q_first; /* a q search: through its words and IDs */
	enum stmt q_after;
	enum stmt qs_first; /* a q search in a small subtree */
	enum stmt qs_after;
	enum key_kind key;
} sorts[MSORT__MAX] = {
#define SORT(name, s, key) \
	{ \
		name, STMT_MLIST_##s, STMT_MLIST_##s##_AFTER, \
		    STMT_MLIST_##s##_ORG, STMT_MLIST_##s##_ORG_AFTER, \
		    STMT_MLIST_##s##_Q, STMT_MLIST_##s##_Q_AFTER, \
		    STMT_MLIST_##s##_QS, STMT_MLIST_##s##_QS_AFTER, key \
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

/* ------------------------------------------------------------- words */

/*
 * The search's words (table member_word, migration 10): one row per word
 * of a member's folded name, with its place (0 the first word, 1 the
 * last -- the given name -- of a name of several words, 2 a middle one)
 * and its offset in the folded name in characters (mword_next: the
 * rule).  The row path writes and counts them with mword_next; the bulk
 * loader counts them with it too and writes them with one statement per
 * backend (SQLite's chibo_mwords walks mword_next; PostgreSQL splits in
 * SQL by the same rule), as migration 10 did in SQL.
 *
 * mword_middle_seen: whether the wl bytes at w are a middle word of
 * folded name f before p.
 */
static bool
mword_middle_seen(const char *f, const char *p, const char *w, size_t wl)
{
	const char *b = strchr(f, ' '), *e;

	while (b != NULL && b + 1 < p) {
		b++;
		if ((e = strchr(b, ' ')) == NULL || e >= p)
			break;
		if ((size_t)(e - b) == wl && memcmp(b, w, wl) == 0)
			return true;
		b = e;
	}
	return false;
}

bool
mword_next(struct mword_iter *it)
{
	const char *p = it->p, *e, *c;

	while (*p == ' ') { /* not made by text_fold; skip blanks */
		p++;
		it->next_off++;
	}
	if (*p == '\0')
		return false;
	if ((e = strchr(p, ' ')) == NULL)
		e = p + strlen(p);
	it->w = p;
	it->wl = (size_t)(e - p);
	it->off = it->next_off;
	it->pos = p == it->f ?
	    WORD_FIRST :
	    *e == '\0' ?
	    WORD_GIVEN :
	    WORD_MIDDLE;
	it->counted = it->pos != WORD_MIDDLE ||
	    !mword_middle_seen(it->f, p, p, it->wl);
	/* The offset in characters (UTF-8 lead bytes). */
	for (c = p; c < e; c++)
		if (((unsigned char)*c & 0xC0) != 0x80)
			it->next_off++;
	if (*e != '\0') {
		e++;
		it->next_off++;
	}
	it->p = e;
	return true;
}

/* Adds delta to the members having word w at place pos on state
 * (member_word_n). */
static int
mword_count(struct store *st, const char *w, int pos, const char *state,
    int delta, struct cb_error *err)
{
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_MWORD_N_ADD, err)) != 0)
		return rc;
	q_text(&q, 1, w);
	q_int(&q, 2, pos);
	q_text(&q, 3, state);
	q_int(&q, 4, delta);
	return q_run(&q, err);
}

/* Runs statement id (STMT_MWORD_INSERT or _DELETE) for each word of
 * folded name f of member id, whose sort key is key and state state, and
 * keeps member_word_n's counts with it. */
static int
mword_write(struct store *st, enum stmt id, int64_t member_id, const char *f,
    const unsigned char *key, size_t keylen, const char *state,
    struct cb_error *err)
{
	struct mword_iter it = MWORD_ITER(f);
	int rc = 0;

	while (rc == 0 && mword_next(&it)) {
		char *w;
		struct q q;

		if ((w = strndup(it.w, it.wl)) == NULL)
			return store_nomem(err);
		if ((rc = q_open(&q, st, id, err)) == 0) {
			q_int(&q, 1, member_id);
			q_text(&q, 2, w);
			q_int(&q, 3, it.pos);
			q_blob(&q, 4, key, keylen);
			q_int(&q, 5, it.off);
			if (id == STMT_MWORD_INSERT) {
				q_text(&q, 6, state);
				q_text(&q, 7, f);
			}
			rc = q_run(&q, err);
		}
		if (rc == 0 && it.counted)
			rc = mword_count(st, w, it.pos, state,
			    id == STMT_MWORD_INSERT ? 1 : -1, err);
		free(w);
	}
	return rc;
}

/* The folded name, sort key and state member id has now (*ret_fold
 * NULL: none, deleted). */
static int
mword_old(struct store *st, int64_t id, char **ret_fold,
    unsigned char **ret_key, size_t *ret_keylen, char *ret_state,
    size_t state_size, struct cb_error *err)
{
	struct q q;
	int rc;

	*ret_fold = NULL;
	*ret_key = NULL;
	*ret_keylen = 0;
	if ((rc = q_open(&q, st, STMT_MWORD_OF, err)) != 0)
		return rc;
	q_int(&q, 1, id);
	if ((rc = q_step(&q, err)) == 1) {
		const void *k = q_col_blob(&q, 1, ret_keylen);

		rc = 0;
		if (ret_state != NULL)
			snprintf(ret_state, state_size, "%s",
			    q_col_text(&q, 2) ? q_col_text(&q, 2) : "");
		if (q_col_dup(&q, 0, ret_fold) != 0 ||
		    (*ret_key = malloc(*ret_keylen + 1)) == NULL) {
			rc = store_nomem(err);
		} else if (*ret_keylen > 0) {
			memcpy(*ret_key, k, *ret_keylen);
		}
	}
	q_done(&q);
	if (rc != 0) {
		free(*ret_fold);
		free(*ret_key);
		*ret_fold = NULL;
		*ret_key = NULL;
	}
	return rc;
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
	if (rc == 0)
		rc = mword_write(st, STMT_MWORD_INSERT, id, k.name_fold,
		    k.sort_key, k.sort_key_len, member_state_name(m->state),
		    err);
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
	char *old_fold = NULL, old_state[32] = "";
	char *old_path = NULL, *new_path = NULL;
	int64_t old_org = 0, new_org = 0;
	unsigned char *old_key = NULL;
	size_t old_keylen = 0;
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
	if ((rc = mword_old(st, m->id, &old_fold, &old_key, &old_keylen,
	         old_state, sizeof(old_state), err)) != 0 ||
	    (rc = store_dashboard_member_org(st, m->id, &old_org, &old_path,
	         err)) != 0)
		goto fail;
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
	/* Another organisation: its discipline figures go along. */
	if (rc == 0 && old_path != NULL && old_org != m->org_id &&
	    (rc = store_dashboard_member_org(st, m->id, &new_org, &new_path,
	         err)) == 0)
		rc = store_dashboard_members_moved(st, m->id, 0, old_path,
		    new_path, err);
	/* A new name or state: new words. */
	if (rc == 0 && old_fold != NULL &&
	    (strcmp(old_fold, k.name_fold) != 0 ||
	        old_keylen != k.sort_key_len ||
	        memcmp(old_key, k.sort_key, old_keylen) != 0 ||
	        strcmp(old_state, member_state_name(m->state)) != 0) &&
	    (rc = mword_write(st, STMT_MWORD_DELETE, m->id, old_fold, old_key,
	         old_keylen, old_state, err)) == 0)
		rc = mword_write(st, STMT_MWORD_INSERT, m->id, k.name_fold,
		    k.sort_key, k.sort_key_len, member_state_name(m->state),
		    err);
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
	free(old_fold);
	free(old_key);
	free(old_path);
	free(new_path);
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
	char *old_fold = NULL, old_state[32] = "";
	unsigned char *old_key = NULL;
	size_t old_keylen = 0;
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
	if ((rc = mword_old(st, id, &old_fold, &old_key, &old_keylen,
	         old_state, sizeof(old_state), err)) != 0 ||
	    (rc = q_open(&q, st, STMT_MEMBER_DELETE, err)) != 0)
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
	/* A deleted record is found by no search. */
	if (rc == 0 && old_fold != NULL)
		rc = mword_write(st, STMT_MWORD_DELETE, id, old_fold, old_key,
		    old_keylen, old_state, err);
	if (rc != 0)
		goto fail;
	free(old_fold);
	free(old_key);
	member_release(&old);
	return store_commit(st, err);
fail:
	free(old_fold);
	free(old_key);
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
cursor_encode(const char *name, const struct mcursor *c)
{
	char idbuf[24], *hex, *out;
	const char *fields[3];

	if ((hex = malloc(2 * c->keylen + 1)) == NULL)
		return NULL;
	hash_hex_encode(c->key, c->keylen, hex);
	snprintf(idbuf, sizeof(idbuf), "%lld", (long long)c->id);
	fields[0] = name;
	fields[1] = hex;
	fields[2] = idbuf;
	out = store_cursor_make(fields, 3);
	free(hex);
	return out;
}

/* Parses a cursor made by cursor_encode for sort (named name; ranked:
 * its key starts with the rank); -CB_EINVAL otherwise. */
static int
cursor_decode(enum member_sort sort, const char *name, bool ranked,
    const char *s, struct mcursor *c, struct cb_error *err)
{
	struct store_cursor sc;
	int rc;

	memset(c, 0, sizeof(*c));
	if (store_cursor_open(s, 3, &sc) != 0)
		goto bad;
	if (strcmp(sc.field[0], name) != 0 || !store_cursor_id(&sc, 2, &c->id))
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
		if (ranked &&
		    (c->keylen < 1 || c->key[0] < '0' || c->key[0] > '2'))
			goto bad;
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

/* The query words the statements check (the q block, stmts.def). */
#define QWORDS_MAX 6
/* Digits search the IDs from this many on. */
#define DIGITS_MIN 4

/* A member_query made ready for the statements. */
struct mlist {
	enum member_sort sort;
	char *lo; /* org subtree range, NULL: any */
	char *hi;
	const char *status;
	const char *state;
	const struct member_query *mq; /* the other filters (6-11) */
	bool has_q;                    /* a search (name or digits) */
	bool ranked;                   /* has_q in name order: by rank */
	char *qf;                      /* folded q (a name), NULL: none */
	char *qhi;                     /* its successor */
	char *idlo;                    /* digits: the IDs' prefix range */
	char *idhi;
	char *words[QWORDS_MAX]; /* qf's words */
	int needs[QWORDS_MAX];   /* name words each must start */
	size_t nwords;
	size_t driver; /* the word whose rows drive */
	char *dlo;     /* its range of words */
	char *dhi;
	bool small;      /* the subtree is a small part */
	int64_t only_id; /* the principal's own record alone */
	bool empty;      /* the scope leaves nothing */
};

static void
mlist_release(struct mlist *l)
{
	size_t i;

	free(l->lo);
	free(l->hi);
	free(l->qf);
	free(l->qhi);
	free(l->idlo);
	free(l->idhi);
	for (i = 0; i < l->nwords; i++)
		free(l->words[i]);
	free(l->dlo);
	free(l->dhi);
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
 * choose among several subtrees, or its own record.  Digits find nothing
 * unless the principal may see the personal fields (the numbers) of the
 * whole range: neither rows nor a count.
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
		/* Digits search numbers the principal may not see: nothing
		 * (not even a count). */
		if (l->idlo != NULL)
			l->empty = true;
		return mlist_withheld_filters(mq,
		    store_sensitive(st) |
		        (readable ? 0 : privacy_roster_mask()),
		    err);
	}
	return 0;
}

/* The digits of folded q if it is only digits (and blanks), at least
 * DIGITS_MIN of them: malloc'd; NULL otherwise (*nomem on failure). */
static char *
query_digits(const char *qf, bool *nomem)
{
	size_t n = 0;
	const char *p;
	char *d, *o;

	*nomem = false;
	for (p = qf; *p != '\0'; p++) {
		if (*p >= '0' && *p <= '9')
			n++;
		else if (*p != ' ')
			return NULL;
	}
	if (n < DIGITS_MIN)
		return NULL;
	if ((d = malloc(n + 1)) == NULL) {
		*nomem = true;
		return NULL;
	}
	for (p = qf, o = d; *p != '\0'; p++)
		if (*p != ' ')
			*o++ = *p;
	*o = '\0';
	return d;
}

/*
 * Splits the folded name query into its words (the first QWORDS_MAX;
 * rank 0 and 1 still compare the whole query), each with how many words
 * of a name must start with it so that every query word starts a
 * different one: the query words it starts, itself included (prefixes
 * nest, so counting them is enough).  The word that drives the search
 * through member_word is the longest (the last of equals): the rarest,
 * as a rule.
 */
static int
query_words(struct mlist *l)
{
	const char *p = l->qf, *e;
	size_t i, j, best = 0;
	bool none;

	while (*p != '\0' && l->nwords < QWORDS_MAX) {
		if ((e = strchr(p, ' ')) == NULL)
			e = p + strlen(p);
		if (e > p &&
		    (l->words[l->nwords++] = strndup(p, (size_t)(e - p))) ==
		        NULL)
			return -CB_ENOMEM;
		p = *e == '\0' ? e : e + 1;
	}
	for (i = 0; i < l->nwords; i++) {
		size_t wl = strlen(l->words[i]);

		for (j = 0; j < l->nwords; j++)
			if (strncmp(l->words[j], l->words[i], wl) == 0)
				l->needs[i]++;
		if (wl >= strlen(l->words[best]))
			best = i;
	}
	if (l->nwords == 0)
		return 0;
	l->driver = best;
	if ((l->dlo = strdup(l->words[best])) == NULL)
		return -CB_ENOMEM;
	l->dhi = prefix_successor(l->dlo, &none);
	return l->dhi == NULL && !none ? -CB_ENOMEM : 0;
}

/*
 * Makes the driving word of a query of several words the one whose words
 * have the fewest rows in member_word, as member_word_n counts them (the
 * longest of equals): a search through it reads the fewest rows, and
 * checks the other words on each.
 */
static int
choose_driver(struct store *st, struct mlist *l, struct cb_error *err)
{
	int64_t best_rows = -1;
	size_t i, best = l->driver;
	bool none;
	int rc = 0;

	for (i = 0; rc == 0 && i < l->nwords && l->nwords > 1; i++) {
		char *hi = prefix_successor(l->words[i], &none);
		int64_t rows = -1;
		struct q q;

		if (hi == NULL && !none)
			return store_nomem(err);
		if (hi != NULL &&
		    (rc = q_open(&q, st, STMT_MWORD_N_ROWS, err)) == 0) {
			q_text(&q, 1, l->words[i]);
			q_text(&q, 2, hi);
			if ((rc = q_step(&q, err)) == 1) {
				rows = q_col_int(&q, 0);
				rc = 0;
			}
			q_done(&q);
		}
		free(hi);
		if (rows >= 0 &&
		    (best_rows < 0 || rows < best_rows ||
		        (rows == best_rows &&
		            strlen(l->words[i]) >= strlen(l->words[best])))) {
			best_rows = rows;
			best = i;
		}
	}
	if (rc != 0 || best == l->driver)
		return rc;
	free(l->dlo);
	free(l->dhi);
	l->driver = best;
	l->dhi = NULL;
	if ((l->dlo = strdup(l->words[best])) == NULL)
		return store_nomem(err);
	l->dhi = prefix_successor(l->dlo, &none);
	return l->dhi == NULL && !none ? store_nomem(err) : 0;
}

/* Drops l's subtree range if it holds every organisation, and every
 * member has one. */
static int
range_is_all(struct store *st, struct mlist *l, struct cb_error *err)
{
	int64_t outside = 1;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_ORG_OUTSIDE, err)) != 0)
		return rc;
	q_text(&q, 1, l->lo);
	q_text(&q, 2, l->hi);
	if ((rc = q_step(&q, err)) == 1) {
		outside = q_col_int(&q, 0);
		rc = 0;
	}
	q_done(&q);
	if (rc == 0 && outside == 0) {
		free(l->lo);
		free(l->hi);
		l->lo = l->hi = NULL;
	}
	return rc;
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
		} else if ((l->idlo = query_digits(l->qf, &none)) != NULL) {
			/* Digits: the IDs by prefix, no name. */
			free(l->qf);
			l->qf = NULL;
			l->has_q = true;
			if ((l->idhi = prefix_successor(l->idlo, &none)) ==
			    NULL)
				goto nomem;
		} else if (none) {
			goto nomem;
		} else {
			l->has_q = true;
			l->qhi = prefix_successor(l->qf, &none);
			if ((l->qhi == NULL && !none) || query_words(l) != 0)
				goto nomem;
		}
		l->ranked = l->has_q && l->sort == MSORT_NAME;
		if (l->nwords > 1 && (rc = choose_driver(st, l, err)) != 0) {
			mlist_release(l);
			return rc;
		}
	}
	if (store_restricted(st) && (rc = mlist_scope(st, mq, l, err)) != 0) {
		mlist_release(l);
		return rc;
	}
	/* A range over every organisation (a principal at the root) is no
	 * filter: without it, counts may read member_word alone. */
	if (l->lo != NULL && !l->empty && l->only_id == 0 &&
	    (rc = range_is_all(st, l, err)) != 0) {
		mlist_release(l);
		return rc;
	}
	if (l->lo != NULL && l->only_id == 0 && !l->empty &&
	    (rc = subtree_is_small(st, l->lo, l->hi, &l->small, err)) != 0) {
		mlist_release(l);
		return rc;
	}
	return 0;
nomem:
	mlist_release(l);
	return store_nomem(err);
}

/* How many words of folded name f start with w. */
static int
words_starting(const char *f, const char *w)
{
	size_t wl = strlen(w);
	const char *p = f;
	int n = 0;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, w, wl) == 0)
			n++;
		if ((p = strchr(p, ' ')) != NULL)
			p++;
	}
	return n;
}

/* Whether member m matches l's search (the statements' test, in C, for
 * the own record). */
static bool
query_matches(const struct mlist *l, const struct member *m)
{
	size_t i, n;
	bool ok = true;
	char *f;

	if (!l->has_q)
		return true;
	if (l->idlo != NULL) {
		const char *ids[3] = { m->citizen_id, m->card_no,
			m->dossier_no };

		n = strlen(l->idlo);
		for (i = 0; i < 3; i++)
			if (ids[i] != NULL && strncmp(ids[i], l->idlo, n) == 0)
				return true;
		return false;
	}
	if ((f = text_fold(m->full_name)) == NULL)
		return false;
	for (i = 0; ok && i < l->nwords; i++)
		ok = words_starting(f, l->words[i]) >= l->needs[i];
	free(f);
	return ok;
}

/* For a principal: whether the current row (m, read from q) belongs in
 * the list; its personal fields are withheld as needed. */
static bool
mlist_row_ok_path(const struct store *st, const struct mlist *l,
    const char *path, struct member *m)
{
	enum scope_row row = scope_member_row(st, ACT_MEMBER_LIST, m->id,
	    path);

	if (row < SCOPE_ROSTER)
		return false;
	scope_member_apply(st, m, row);
	/* A row found by a number the principal may not see is not shown. */
	return !m->personal_hidden || l->idlo == NULL;
}

static bool
mlist_row_ok(const struct store *st, const struct mlist *l, struct q *q,
    struct member *m)
{
	return mlist_row_ok_path(st, l, q_col_text(q, MEM_COL_ORG_PATH), m);
}

/* The name of l's order in its cursors: a ranked search has its own. */
static const char *
mlist_sort_name(const struct mlist *l)
{
	return l->ranked ? "rank" : sorts[l->sort].name;
}

/* Binds the q block (12-29). */
static void
bind_qblock(struct q *q, const struct mlist *l)
{
	size_t i;

	q_text(q, 12, l->qf);
	q_text(q, 13, l->qhi);
	q_text(q, 14, l->idlo);
	q_text(q, 15, l->idhi);
	q_text(q, 16, l->dlo);
	q_text(q, 17, l->dhi);
	for (i = 0; i < QWORDS_MAX; i++) {
		if (i < l->nwords) {
			q_text(q, 18 + (int)i, l->words[i]);
			q_int(q, 24 + (int)i, l->needs[i]);
		} else {
			q_null(q, 18 + (int)i);
			q_null(q, 24 + (int)i);
		}
	}
}

/* Binds the filters (1-11, 5 the limit). */
static void
bind_filters(struct q *q, const struct mlist *l, int64_t limit)
{
	const struct member_query *mq = l->mq;

	q_text(q, 1, l->lo);
	q_text(q, 2, l->hi);
	q_text(q, 3, l->status);
	q_text(q, 4, l->state);
	q_int(q, 5, limit);
	q_text(q, 6, mq->ethnicity);
	q_date(q, 7, mq->admitted_from);
	q_date(q, 8, mq->admitted_to);
	q_date(q, 9, mq->born_after);
	q_date(q, 10, mq->born_until);
	if (mq->birth_unknown)
		q_int(q, 11, 1);
	else
		q_null(q, 11);
}

/* Sets c to the position of row m (read from q) in l's order. */
static int
mlist_pos(const struct mlist *l, struct q *q, const struct member *m,
    struct mcursor *c)
{
	unsigned char *k;
	int rc;

	if ((rc = cursor_from_row(l->sort, q, m, c)) != 0 || !l->ranked)
		return rc;
	/* The rank first, as one byte. */
	if ((k = malloc(c->keylen + 2)) == NULL)
		return -CB_ENOMEM;
	k[0] = (unsigned char)('0' + q_col_int(q, MEM_COL__MAX));
	memcpy(k + 1, c->key, c->keylen + 1);
	free(c->key);
	c->key = k;
	c->keylen++;
	return 0;
}

/*
 * Runs list statement id: appends up to keep of the next want rows after
 * cursor `after` (NULL: from the start) to *items / *n; sets *ret_fetched
 * to the rows read and *last to the position of the keep-th row appended,
 * or, if fewer were (a principal's rows withheld), of the last row read.
 */
static int
mlist_run(struct store *st, const struct mlist *l, enum stmt id,
    const struct mcursor *after, size_t want, size_t keep,
    struct member **items, size_t *n, size_t *cap, struct mcursor *last,
    size_t *ret_fetched, struct cb_error *err)
{
	const struct sort_info *si = &sorts[l->sort];
	bool restricted = store_restricted(st);
	size_t kept = 0;
	struct q q;
	int rc;

	*ret_fetched = 0;
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	bind_filters(&q, l, (int64_t)want);
	if (id == STMT_MLIST_ONE) {
		q_int(&q, 12, l->only_id);
	} else if (l->has_q) {
		bind_qblock(&q, l);
		if (after != NULL) {
			const unsigned char *k = after->key;
			size_t kl = after->keylen;

			if (l->ranked) {
				q_int(&q, 30, k[0] - '0');
				k++;
				kl--;
			} else {
				q_null(&q, 30);
			}
			switch (si->key) {
			case KEY_SORT_KEY:
				q_blob(&q, 31, k, kl);
				break;
			case KEY_BIRTH_DATE:
			case KEY_ADMITTED_ON:
				q_date(&q, 31, (const char *)k);
				break;
			case KEY_NONE:
				q_null(&q, 31);
				break;
			}
			q_int(&q, 32, after->id);
		}
	} else if (after != NULL) {
		switch (si->key) {
		case KEY_SORT_KEY:
			q_blob(&q, 12, after->key, after->keylen);
			break;
		case KEY_BIRTH_DATE:
		case KEY_ADMITTED_ON:
			q_date(&q, 12, (const char *)after->key);
			break;
		case KEY_NONE:
			break;
		}
		q_int(&q, si->key == KEY_NONE ? 12 : 13, after->id);
	}
	while ((rc = q_step(&q, err)) == 1) {
		struct member *m;

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
		if (id == STMT_MLIST_ONE && !query_matches(l, m)) {
			member_release(m);
			continue;
		}
		(*ret_fetched)++;
		/* The position before any field is withheld. */
		if (kept < keep && (restricted || kept + 1 == keep) &&
		    mlist_pos(l, &q, m, last) != 0) {
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
 * The fast path of the ranked name search (docs/architecture.md
 * "Storage"): rank by rank, the first rows of each in name order without
 * sorting every match.  A rank of one query word is the members having
 * one of the words it starts at one place (the first word: rank 0, the
 * given name: 1, a middle word: 2), so it merges the runs of member_word
 * -- one per such word, each already in name order -- keeping the best
 * rows; the ranks 0 and 1 of several words come from the first
 * candidates of one covering fold index; their rank 2 merges the runs of
 * the driving word at every place.  When it cannot be sure (too many
 * words start with the query, the filters left too few candidates) the
 * general statement answers from where it stopped.
 */
#define FAST_WORDS_MAX 64 /* runs merged, per place */
#define FAST_CAND_MIN 64  /* candidates of G0/G1 */

struct cand {
	struct member m;
	unsigned char *key; /* the rank's byte, then the sort key */
	size_t keylen;
	char *path; /* the organisation's (scope) */
};

static void
cand_release(struct cand *c)
{
	member_release(&c->m);
	free(c->key);
	free(c->path);
	memset(c, 0, sizeof(*c));
}

static void
cands_release(struct cand *c, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		cand_release(&c[i]);
}

static int
cand_cmp(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;
	size_t n = x->keylen < y->keylen ? x->keylen : y->keylen;
	int c = memcmp(x->key, y->key, n);

	if (c != 0)
		return c;
	if (x->keylen != y->keylen)
		return x->keylen < y->keylen ? -1 : 1;
	return x->m.id < y->m.id ? -1 : x->m.id > y->m.id;
}

/* Appends the current row of q (a fast-path statement) to *c. */
static int
cand_add(struct q *q, struct cand **c, size_t *n, size_t *cap)
{
	struct cand *x;
	const void *k;
	size_t kl = 0;

	if (array_grow(c, cap, *n + 1, sizeof(**c)) != 0)
		return -CB_ENOMEM;
	x = &(*c)[*n];
	memset(x, 0, sizeof(*x));
	member_init(&x->m);
	k = q_col_blob(q, MEM_COL_SORT_KEY, &kl);
	if (member_from_row(q, &x->m) != 0 ||
	    (x->key = malloc(kl + 1)) == NULL ||
	    (q_col_text(q, MEM_COL_ORG_PATH) != NULL &&
	        (x->path = strdup(q_col_text(q, MEM_COL_ORG_PATH))) == NULL)) {
		cand_release(x);
		return -CB_ENOMEM;
	}
	x->key[0] = (unsigned char)('0' + q_col_int(q, MEM_COL__MAX));
	if (kl > 0)
		memcpy(x->key + 1, k, kl);
	x->keylen = kl + 1;
	(*n)++;
	return 0;
}

/* Binds what every fast-path statement shares; after (a ranked
 * cursor, NULL: none) at 31-32 if it lies in rank g. */
static void
fast_bind(struct q *q, const struct mlist *l, int64_t limit,
    const struct mcursor *after, int g)
{
	bind_filters(q, l, limit);
	bind_qblock(q, l);
	q_null(q, 30);
	if (after != NULL && after->key[0] - '0' == g) {
		q_blob(q, 31, after->key + 1, after->keylen - 1);
		q_int(q, 32, after->id);
	} else {
		q_null(q, 31);
		q_null(q, 32);
	}
}

/* Rank g (0 or 1) of several words through G0/G1: its first r rows
 * after `after` into *c; *sure false if the candidates did not do. */
static int
fast_rank01(struct store *st, const struct mlist *l, int g, size_t r,
    const struct mcursor *after, struct cand **c, size_t *n, size_t *cap,
    bool *sure, struct cb_error *err)
{
	size_t cand = 2 * r < FAST_CAND_MIN ? FAST_CAND_MIN : 2 * r, got = 0;
	int64_t cn = 0;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, g == 0 ? STMT_MLIST_G0 : STMT_MLIST_G1,
	         err)) != 0)
		return rc;
	fast_bind(&q, l, (int64_t)cand, after, g);
	q_int(&q, 33, (int64_t)cand);
	while (got < r && (rc = q_step(&q, err)) == 1) {
		cn = q_col_int(&q, MEM_COL__MAX + 1);
		if (q_col_int(&q, MEM_COL__MAX + 2) == 0)
			continue; /* filtered out */
		if (cand_add(&q, c, n, cap) != 0) {
			rc = store_nomem(err);
			break;
		}
		got++;
	}
	q_done(&q);
	if (rc < 0)
		return rc;
	/* A full rank, or every match was a candidate (each row says how
	 * many there were; no row: there were none). */
	*sure = got >= r || cn < (int64_t)cand;
	return 0;
}

/* The distinct words starting with the driving query word, in order
 * (*sure false: more than FAST_WORDS_MAX). */
static int
fast_words(struct store *st, const struct mlist *l, char ***ret, size_t *ret_n,
    bool *sure, struct cb_error *err)
{
	char **w = NULL;
	size_t n = 0, cap = 0;
	struct q q;
	int rc;

	*ret = NULL;
	*ret_n = 0;
	if ((rc = q_open(&q, st, STMT_MWORD_WORDS, err)) != 0)
		return rc;
	q_text(&q, 1, l->dlo);
	q_text(&q, 2, l->dhi);
	q_int(&q, 3, FAST_WORDS_MAX + 1);
	while ((rc = q_step(&q, err)) == 1) {
		if (array_grow(&w, &cap, n + 1, sizeof(*w)) != 0 ||
		    q_col_dup(&q, 0, &w[n]) != 0) {
			rc = store_nomem(err);
			break;
		}
		n++;
	}
	q_done(&q);
	*sure = n <= FAST_WORDS_MAX;
	if (rc < 0 || !*sure) {
		while (n > 0)
			free(w[--n]);
		free(w);
		return rc < 0 ? rc : 0;
	}
	*ret = w;
	*ret_n = n;
	return 0;
}

/* Rank g through the runs of member_word: the first r rows after
 * `after` into *c (appended in order). */
static int
fast_runs(struct store *st, const struct mlist *l, int g, size_t r,
    const struct mcursor *after, char **words, size_t nw, struct cand **c,
    size_t *n, size_t *cap, struct cb_error *err)
{
	struct cand *buf = NULL;
	size_t nb = 0, capb = 0, i, k;
	int rc = 0, pos, p0, p1;

	/* One word: the place is the rank; several: rank 2 at any place. */
	if (l->nwords == 1)
		p0 = p1 = g == 0 ? WORD_FIRST :
		    g == 1       ? WORD_GIVEN :
		                   WORD_MIDDLE;
	else
		p0 = WORD_FIRST, p1 = WORD_MIDDLE;
	for (i = 0; rc == 0 && i < nw; i++) {
		for (pos = p0; rc == 0 && pos <= p1; pos++) {
			struct q q;

			if ((rc = q_open(&q, st, STMT_MWORD_STREAM, err)) != 0)
				break;
			fast_bind(&q, l, (int64_t)r, after, g);
			q_text(&q, 33, words[i]);
			q_int(&q, 34, pos);
			q_int(&q, 35, g);
			/* Several words of a name may start with the query
			 * word: its first one alone stands for the name
			 * (rank 2; ranks 0 and 1 of one word have one). */
			q_text(&q, 36, g == 2 ? l->words[l->driver] : NULL);
			/* Only rows before the r-th best so far. */
			if (nb >= r) {
				q_blob(&q, 37, buf[r - 1].key + 1,
				    buf[r - 1].keylen - 1);
				q_int(&q, 38, buf[r - 1].m.id);
			} else {
				q_null(&q, 37);
				q_null(&q, 38);
			}
			while ((rc = q_step(&q, err)) == 1)
				if (cand_add(&q, &buf, &nb, &capb) != 0) {
					rc = store_nomem(err);
					break;
				}
			q_done(&q);
			if (rc < 0)
				break;
			rc = 0;
			if (nb > 1)
				qsort(buf, nb, sizeof(*buf), cand_cmp);
			if (nb > r) {
				cands_release(buf + r, nb - r);
				nb = r;
			}
		}
	}
	for (k = 0; rc == 0 && k < nb; k++) {
		if (array_grow(c, cap, *n + 1, sizeof(**c)) != 0) {
			rc = store_nomem(err);
			break;
		}
		(*c)[(*n)++] = buf[k];
		memset(&buf[k], 0, sizeof(buf[k]));
	}
	cands_release(buf, nb);
	free(buf);
	return rc;
}

static bool
mlist_fast_ok(const struct mlist *l)
{
	const struct member_query *mq = l->mq;

	return l->ranked && l->qf != NULL && l->nwords > 0 && !l->small &&
	    l->only_id == 0 && !l->empty && l->status == NULL &&
	    mq->ethnicity == NULL && mq->admitted_from == NULL &&
	    mq->admitted_to == NULL && mq->born_after == NULL &&
	    mq->born_until == NULL && !mq->birth_unknown;
}

/* As mlist_run, for a list mlist_fast_ok accepts. */
static int
mlist_fast(struct store *st, const struct mlist *l,
    const struct mcursor *after, size_t want, size_t keep,
    struct member **items, size_t *n, size_t *cap, struct mcursor *last,
    size_t *ret_fetched, struct cb_error *err)
{
	bool restricted = store_restricted(st), sure = true;
	struct cand *c = NULL;
	char **words = NULL;
	size_t nc = 0, capc = 0, nw = 0, kept = 0, i, more;
	struct mcursor pos;
	int rc = 0, g;

	*ret_fetched = 0;
	for (g = after ? after->key[0] - '0' : 0;
	     rc == 0 && sure && g <= 2 && nc < want; g++) {
		if (l->nwords > 1 && g < 2) {
			rc = fast_rank01(st, l, g, want - nc, after, &c, &nc,
			    &capc, &sure, err);
			continue;
		}
		if (words == NULL &&
		    (rc = fast_words(st, l, &words, &nw, &sure, err)) != 0)
			break;
		if (sure)
			rc = fast_runs(st, l, g, want - nc, after, words, nw,
			    &c, &nc, &capc, err);
	}
	/* The rows found, as mlist_run takes them. */
	for (i = 0; rc == 0 && i < nc; i++) {
		struct member *m;

		if (array_grow(items, cap, *n + 1, sizeof(**items)) != 0) {
			rc = store_nomem(err);
			break;
		}
		(*ret_fetched)++;
		if (kept < keep && (restricted || kept + 1 == keep)) {
			mcursor_release(last);
			if ((last->key = malloc(c[i].keylen + 1)) == NULL) {
				rc = store_nomem(err);
				break;
			}
			memcpy(last->key, c[i].key, c[i].keylen);
			last->key[c[i].keylen] = '\0';
			last->keylen = c[i].keylen;
			last->id = c[i].m.id;
		}
		m = &c[i].m;
		if (restricted && !mlist_row_ok_path(st, l, c[i].path, m))
			continue;
		(*items)[(*n)++] = *m;
		member_init(m);
		kept++;
	}
	/* Unsure: the general statement goes on from the last row. */
	if (rc == 0 && !sure && nc < want) {
		size_t fetched = 0;

		memset(&pos, 0, sizeof(pos));
		if (nc > 0) {
			if ((pos.key = malloc(c[nc - 1].keylen + 1)) == NULL) {
				rc = store_nomem(err);
			} else {
				memcpy(pos.key, c[nc - 1].key,
				    c[nc - 1].keylen + 1);
				pos.keylen = c[nc - 1].keylen;
				pos.id = c[nc - 1].m.id;
			}
		}
		more = want - nc;
		if (rc == 0)
			rc = mlist_run(st, l,
			    nc > 0 || after ?
			        sorts[l->sort].q_after :
			        sorts[l->sort].q_first,
			    nc > 0 ? &pos : after, more,
			    keep > kept ? keep - kept : 0, items, n, cap, last,
			    &fetched, err);
		*ret_fetched += fetched;
		mcursor_release(&pos);
	}
	cands_release(c, nc);
	free(c);
	for (i = 0; i < nw; i++)
		free(words[i]);
	free(words);
	return rc;
}

/* As mlist_run, choosing the statement for l. */
static int
mlist_fetch(struct store *st, const struct mlist *l,
    const struct mcursor *after, size_t want, size_t keep,
    struct member **items, size_t *n, size_t *cap, struct mcursor *last,
    size_t *ret_fetched, struct cb_error *err)
{
	const struct sort_info *si = &sorts[l->sort];
	enum stmt id;

	*ret_fetched = 0;
	/* The own record alone is the whole first page. */
	if (l->empty || (l->only_id != 0 && after != NULL))
		return 0;
	if (mlist_fast_ok(l))
		return mlist_fast(st, l, after, want, keep, items, n, cap,
		    last, ret_fetched, err);
	if (l->only_id != 0)
		id = STMT_MLIST_ONE;
	else if (l->has_q && l->small)
		id = after ? si->qs_after : si->qs_first;
	else if (l->has_q)
		id = after ? si->q_after : si->q_first;
	else if (l->small)
		id = after ? si->org_after : si->org_first;
	else
		id = after ? si->after : si->first;
	return mlist_run(st, l, id, after, want, keep, items, n, cap, last,
	    ret_fetched, err);
}

/* Default bound of a list's count (store_set_count_bound). */
#define COUNT_BOUND_DEFAULT 10000
/* The rows of member_word a count of several words reads at most: twice
 * the bound (and one). */
#define COUNT_WORK(bound) (2 * (bound) + 2)

/*
 * The count of a one-word search through member_word alone (its state
 * is there): the rows of the first word of each name starting with the
 * query, up to bound + 1.
 */
static int
count_words(struct store *st, const struct mlist *l, int64_t bound,
    int64_t *ret, bool *ret_exact, struct cb_error *err)
{
	int64_t members = 0;
	struct q q;
	int rc;

	if ((rc = q_open(&q, st, STMT_MCOUNT_WORDS, err)) != 0)
		return rc;
	q_text(&q, 1, l->dlo);
	q_text(&q, 2, l->dhi);
	q_text(&q, 3, l->state);
	q_int(&q, 4, bound + 1);
	if ((rc = q_step(&q, err)) == 1) {
		members = q_col_int(&q, 0);
		rc = 0;
	}
	q_done(&q);
	if (rc != 0)
		return rc;
	*ret = members > bound ? bound : members;
	*ret_exact = members <= bound;
	return 0;
}

/*
 * The count of a one-word search from member_word_n: the members on the
 * state having a word in the range number at least those whose first
 * word is one, those whose given name is one, and those having any one
 * of the words in the middle (each member has one of each), and at most
 * the sum of them all.  *sure if that settles it: more than bound, or
 * none.
 */
static int
count_kept(struct store *st, const struct mlist *l, int64_t bound,
    int64_t *ret, bool *ret_exact, bool *sure, struct cb_error *err)
{
	int64_t least = 0, most = -1;
	struct q q;
	int rc, i;

	*sure = false;
	if (l->dhi == NULL)
		return 0;
	if ((rc = q_open(&q, st, STMT_MWORD_N_SPAN, err)) != 0)
		return rc;
	q_text(&q, 1, l->dlo);
	q_text(&q, 2, l->dhi);
	q_text(&q, 3, l->state);
	if ((rc = q_step(&q, err)) == 1) {
		for (i = 0; i < 3; i++)
			if (q_col_int(&q, i) > least)
				least = q_col_int(&q, i);
		most = q_col_int(&q, 3);
		rc = 0;
	}
	q_done(&q);
	if (rc != 0)
		return rc;
	if (least > bound) {
		*sure = true;
		*ret = bound;
		*ret_exact = false;
	} else if (most == 0) {
		*sure = true;
		*ret = 0;
		*ret_exact = true;
	}
	return 0;
}

/* The number of members l lists, counted up to the store's bound. */
static int
mlist_count(struct store *st, const struct mlist *l, int64_t *ret,
    bool *ret_exact, struct cb_error *err)
{
	int64_t bound =
	    st->count_bound > 0 ? st->count_bound : COUNT_BOUND_DEFAULT;
	enum stmt id;
	struct q q;
	int rc;

	*ret = 0;
	*ret_exact = true;
	if (l->empty)
		return 0;
	if (l->only_id != 0) {
		struct member *items = NULL;
		struct mcursor last;
		size_t n = 0, cap = 0, fetched, i;

		memset(&last, 0, sizeof(last));
		rc = mlist_fetch(st, l, NULL, 1, 1, &items, &n, &cap, &last,
		    &fetched, err);
		for (i = 0; i < n; i++)
			member_release(&items[i]);
		free(items);
		mcursor_release(&last);
		*ret = (int64_t)n;
		return rc;
	}
	/* One word, no filter but the state: member_word_n's counts when
	 * they settle it, else member_word alone. */
	if (mlist_fast_ok(l) && l->nwords == 1 && l->lo == NULL) {
		bool sure;

		if ((rc = count_kept(st, l, bound, ret, ret_exact, &sure,
		         err)) != 0 ||
		    sure)
			return rc;
		return count_words(st, l, bound, ret, ret_exact, err);
	}
	/* Several words: the names the query starts may be enough. */
	if (mlist_fast_ok(l) && l->nwords > 1 && l->lo == NULL) {
		if ((rc = q_open(&q, st, STMT_MCOUNT_R0, err)) != 0)
			return rc;
		bind_filters(&q, l, bound + 1);
		q_text(&q, 12, l->qf);
		q_text(&q, 13, l->qhi);
		if ((rc = q_step(&q, err)) == 1) {
			*ret = q_col_int(&q, 0);
			rc = 0;
		}
		q_done(&q);
		if (rc != 0)
			return rc;
		if (*ret > bound) {
			*ret = bound;
			*ret_exact = false;
			return 0;
		}
		*ret = 0;
		/* Then member_word alone, over at most COUNT_WORK rows of the
		 * driving word: past them, what was found is a lower bound
		 * (total_exact false), so that counting stays cheap. */
		if ((rc = q_open(&q, st, STMT_MCOUNT_WI, err)) != 0)
			return rc;
		bind_filters(&q, l, bound + 1);
		bind_qblock(&q, l);
		q_null(&q, 30);
		q_null(&q, 31);
		q_null(&q, 32);
		q_text(&q, 33, l->words[l->driver]);
		q_int(&q, 34, COUNT_WORK(bound));
		if ((rc = q_step(&q, err)) == 1) {
			*ret = q_col_int(&q, 0);
			*ret_exact = q_col_int(&q, 1) < COUNT_WORK(bound);
			rc = 0;
		}
		q_done(&q);
		if (rc == 0 && *ret > bound) {
			*ret = bound;
			*ret_exact = false;
		}
		return rc;
	}
	if (!l->has_q)
		id = l->small ? STMT_MCOUNT_ORG : STMT_MCOUNT;
	else if (l->small)
		id = STMT_MCOUNT_QS;
	else if (l->idlo != NULL || l->nwords == 0)
		id = STMT_MCOUNT_Q;
	else
		id = STMT_MCOUNT_W;
	if ((rc = q_open(&q, st, id, err)) != 0)
		return rc;
	bind_filters(&q, l, bound + 1);
	if (l->has_q)
		bind_qblock(&q, l);
	if (id == STMT_MCOUNT_W) {
		q_null(&q, 30);
		q_null(&q, 31);
		q_null(&q, 32);
		q_text(&q, 33, l->words[l->driver]);
	}
	if ((rc = q_step(&q, err)) == 1) {
		*ret = q_col_int(&q, 0);
		rc = 0;
	}
	q_done(&q);
	if (rc == 0 && *ret > bound) {
		*ret = bound;
		*ret_exact = false;
	}
	return rc;
}

void
store_set_count_bound(struct store *st, int64_t bound)
{
	st->count_bound = bound > 0 ? bound : COUNT_BOUND_DEFAULT;
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
	    (rc = cursor_decode(l.sort, mlist_sort_name(&l), l.ranked,
	         mq->cursor, &after, err)) != 0)
		goto out;
	rc = mlist_fetch(st, &l, has_cursor ? &after : NULL, mq->limit + 1,
	    mq->limit, &ret->items, &ret->n, &cap, &last, &fetched, err);
	if (rc == 0 && ret->n > mq->limit) {
		member_release(&ret->items[mq->limit]);
		ret->n = mq->limit;
	}
	/* More rows: one past the page, or rows withheld on the way. */
	if (rc == 0 && fetched > mq->limit &&
	    (ret->next_cursor = cursor_encode(mlist_sort_name(&l), &last)) ==
	        NULL)
		rc = store_nomem(err);
	/* A first page that holds every match, none withheld, is its own
	 * count; else the count's statements. */
	if (rc == 0 && !mq->no_total && !has_cursor && fetched <= mq->limit &&
	    fetched == ret->n) {
		int64_t bound = st->count_bound > 0 ?
		    st->count_bound :
		    COUNT_BOUND_DEFAULT;

		ret->total = (int64_t)ret->n > bound ? bound : (int64_t)ret->n;
		ret->total_exact = (int64_t)ret->n <= bound;
	} else if (rc == 0 && !mq->no_total) {
		rc = mlist_count(st, &l, &ret->total, &ret->total_exact, err);
	}
out:
	if (rc != 0)
		member_page_release(ret);
	mcursor_release(&after);
	mcursor_release(&last);
	mlist_release(&l);
	return rc;
}

int
store_member_count(struct store *st, const struct member_query *mq,
    int64_t *total, bool *total_exact, struct cb_error *err)
{
	struct mlist l;
	int rc;

	*total = 0;
	*total_exact = true;
	if ((rc = mlist_prepare(st, mq, &l, err)) != 0)
		return rc;
	rc = mlist_count(st, &l, total, total_exact, err);
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
		plan = l.has_q ? "q" : l.small ? "org" : "plain";
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
