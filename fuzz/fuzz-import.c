/*
 * fuzz-import.c - the import mapping: a file (CSV or XLSX, by content) read
 * as a table, its header mapped to member fields (import_map_header: the
 * field names, their labels in both languages, the aliases), each data
 * row's cells converted as the import converts them (import_cell_value:
 * dates, genders, statuses, Excel's shortened citizen IDs, the formula
 * guard) into a member document as the row path builds it (the
 * organisation code stands for organisation 1: no database), which is
 * mapped (member_apply_json) and validated with the shipped rulebook;
 * then the report is sorted and rendered as the problem the client would
 * get: never a 5xx.
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/validate.h"
#include "fuzz.h"
#include "http/http-int.h"
#include "svc/import-int.h"

#include "util/banned.h"

#define TODAY "2026-06-15"
#define ROWS_MAX 50

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

/* A data row as the row path's document (import-row.c, row_document). */
static json_t *
row_document(struct importer *im, const struct table_row *r, bool xlsx)
{
	json_t *doc = json_object();
	size_t i;

	if (doc == NULL)
		return NULL;
	import_extra_cells(im, r);
	for (i = 0; i < im->ncols; i++) {
		const struct colplan *cp = &im->plan[i];
		const char *f = im->fields[i];
		const char *v = i < r->ncells ? r->cells[i] : "";
		char buf[DATE_LEN + 16];
		int64_t id = 0;

		if (f[0] == '\0')
			continue;
		if (v[0] == '\0') {
			if (cp->kind != K_ORG_CODE)
				json_object_set_new(doc, f, json_null());
			continue;
		}
		if ((v = import_cell_value(im, cp, f, v, r->line, xlsx, buf,
		         &id)) == NULL)
			continue;
		if (cp->kind == K_ORG_CODE)
			json_object_set_new(doc, "org_id", json_integer(1));
		else if (cp->kind == K_ORG_ID)
			json_object_set_new(doc, "org_id", json_integer(id));
		else
			json_object_set_new(doc, f, json_string(v));
	}
	return doc;
}

static void
judge_row(struct importer *im, const struct table_row *r, json_t *doc)
{
	struct cb_error rowerr = CB_ERROR_INIT;
	struct member m;
	size_t i;

	member_init(&m);
	if (member_apply_json(&m, doc, true, rulebook(), TODAY, &rowerr) == 0)
		(void)member_validate(&m, rulebook(), NULL, TODAY, &rowerr);
	for (i = 0; i < rowerr.nfields; i++) {
		im->nerrors++;
		cb_error_field_copy(im->err, r->line, &rowerr.fields[i]);
	}
	cb_error_release(&rowerr);
	member_release(&m);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cb_error err = CB_ERROR_INIT;
	struct importer im;
	struct request r;
	size_t i;
	int rc;

	memset(&im, 0, sizeof(im));
	im.err = &err;
	rc = table_parse((const char *)data, size, ROWS_MAX, &im.t, &err);
	if (rc == 0 && im.t.nrows > 0) {
		bool xlsx = strcmp(im.t.format, "xlsx") == 0;

		rc = import_map_header(&im);
		for (i = 1; im.plan != NULL && i < im.t.nrows; i++) {
			json_t *doc = row_document(&im, &im.t.rows[i], xlsx);

			if (doc != NULL)
				judge_row(&im, &im.t.rows[i], doc);
			json_decref(doc);
		}
		if (im.nerrors > 0)
			rc = import_failed(&err, im.nerrors);
	}
	if (rc != 0 || err.code != CB_OK) {
		memset(&r, 0, sizeof(r));
		memcpy(r.method, "POST", 5);
		r.path = (char *)"/fuzz";
		r.lang = size > 0 && (data[0] & 1) ? LANG_EN : LANG_VI;
		req_fail(&r, rc != 0 ? rc : -CB_EINVAL, &err);
		if (r.status >= 500 || r.json == NULL)
			abort();
		json_decref(r.json);
		free(r.raw);
	}
	cb_error_release(&err);
	free(im.fields);
	free(im.plan);
	table_release(&im.t);
	return 0;
}
