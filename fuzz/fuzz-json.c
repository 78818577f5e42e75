/*
 * fuzz-json.c - the JSON body mapper: a request body as the API reads it
 * (body_json_parse in http/request.c: the nesting and size limits, then
 * jansson, then the fields that are not UTF-8), mapped onto each entity
 * by its field table (svc/json.c: a member created and patched, an
 * organisation, a member event, an officer's term), validated
 * (core/validate.c) with the shipped rulebook (embedded, no database),
 * written back to JSON, and every verdict rendered as the problem the
 * client would get (http/problem.c) in both languages: never a 5xx.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/rulebook.h"
#include "core/validate.h"
#include "fuzz.h"
#include "http/http-int.h"
#include "svc/svc.h"

#include "util/banned.h"

#define TODAY "2026-06-15"

static struct rulebook rules;
static bool rules_loaded;

static void
release_rules(void)
{
	rulebook_release(&rules);
}

static const struct rulebook *
rulebook(void)
{
	struct cb_error err = CB_ERROR_INIT;

	if (!rules_loaded) {
		rulebook_init(&rules);
		if (rules_parse(chibo_rules_files[0].data, &rules, &err) != 0)
			abort(); /* the shipped rulebook is valid */
		rules_loaded = true;
		atexit(release_rules);
	}
	return &rules;
}

/* The problem the client would be sent for rc and err (released), in
 * lang; a 5xx for a bad body is a finding. */
static void
problem(int rc, struct cb_error *err, json_t *ext, enum lang lang)
{
	struct request r;
	char *text;

	memset(&r, 0, sizeof(r));
	memcpy(r.method, "PATCH", 6);
	r.path = (char *)"/fuzz";
	r.lang = lang;
	req_fail_ext(&r, rc, err, ext);
	if (r.status >= 500 || r.json == NULL)
		abort();
	if ((text = json_dumps(r.json, JSON_COMPACT)) == NULL)
		abort();
	free(text);
	json_decref(r.json);
	free(r.raw);
	free(r.location);
}

/* Turns an object back into JSON and drops it. */
static void
dump(json_t *j)
{
	char *s;

	if (j == NULL)
		return;
	if ((s = json_dumps(j, JSON_COMPACT)) != NULL)
		free(s);
	json_decref(j);
}

static void
map_member(const json_t *body, bool creating, enum lang lang)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member m;
	int rc;

	member_init(&m);
	rc = member_apply_json(&m, body, creating, rulebook(), TODAY, &err);
	if (rc == 0)
		rc = member_validate(&m, rulebook(), NULL, TODAY, &err);
	dump(member_to_json(&m));
	if (rc != 0)
		problem(rc, &err, NULL, lang);
	cb_error_release(&err);
	member_release(&m);
}

static void
map_org(const json_t *body, enum lang lang)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org o;
	char *doc_no = NULL;
	int rc;

	org_init(&o);
	rc = org_from_json(body, &o, &doc_no, &err);
	if (rc == 0)
		rc = org_validate(&o, NULL, &err);
	dump(org_to_json(&o));
	if (rc != 0)
		problem(rc, &err, NULL, lang);
	cb_error_release(&err);
	free(doc_no);
	org_release(&o);
}

static void
map_event(const json_t *body, enum lang lang)
{
	struct cb_error err = CB_ERROR_INIT;
	struct member_event e;
	int rc;

	memset(&e, 0, sizeof(e));
	rc = member_event_from_json(body, &e, &err);
	dump(member_event_to_json(&e));
	if (rc != 0)
		problem(rc, &err, NULL, lang);
	cb_error_release(&err);
	member_event_release(&e);
}

static void
map_officer(const json_t *body, enum lang lang)
{
	struct cb_error err = CB_ERROR_INIT;
	struct org_officer t;
	int rc;

	memset(&t, 0, sizeof(t));
	rc = org_officer_from_json(body, &t, &err);
	if (rc != 0)
		problem(rc, &err, NULL, lang);
	cb_error_release(&err);
	org_officer_release(&t);
}

/* The readers handlers use for bodies of their own (sessions, rule
 * overrides, merges). */
static void
body_fields(const json_t *body, enum lang lang)
{
	static const char *const known[] = { "username", "password", "on",
		"value", "doc_no", NULL };
	struct cb_error err = CB_ERROR_INIT;
	char date[DATE_LEN], *text = NULL;

	body_known(body, known, &err);
	body_required(body, "username", &err);
	body_text(body, "username", 64, &text, &err);
	free(text);
	text = NULL;
	body_text(body, "doc_no", 100, &text, &err);
	free(text);
	body_date(body, "on", date, &err);
	if (err.nfields > 0) {
		cb_error_set(&err, CB_EINVAL, "invalid_input", NULL);
		problem(-CB_EINVAL, &err, NULL, lang);
	}
	cb_error_release(&err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The language of the reply: the last byte's low bit, so that a
	 * body keeps its meaning. */
	enum lang lang = size > 0 && (data[size - 1] & 1) ? LANG_EN : LANG_VI;
	struct cb_error err = CB_ERROR_INIT;
	json_t *body = NULL, *ext = NULL;
	int rc;

	(void)rulebook();
	rc = body_json_parse((const char *)data, size, lang, &body, &ext,
	    &err);
	if (rc != 0) {
		if (body != NULL)
			abort();
		problem(rc, &err, ext, lang);
		return 0;
	}
	if (!json_is_object(body))
		abort();
	cb_error_release(&err);
	json_decref(ext);
	map_member(body, true, lang);
	map_member(body, false, lang);
	map_org(body, lang);
	map_event(body, lang);
	map_officer(body, lang);
	body_fields(body, lang);
	json_decref(body);
	return 0;
}
