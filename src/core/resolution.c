/*
 * resolution.c - a meeting's resolution, its tasks and the meeting's
 * self-score: release and validation (resolution.h).
 */
#include "core/resolution.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/banned.h"

const char *const task_status_names[TASK_STATUS__MAX] = { "open", "done",
	"dropped" };
const char *const resolution_status_names[RESOLUTION_STATUS__MAX] = { "draft",
	"approved" };

int
task_status_parse(const char *name)
{
	int i;

	for (i = 0; name != NULL && i < TASK_STATUS__MAX; i++)
		if (strcmp(name, task_status_names[i]) == 0)
			return i;
	return -1;
}

void
meeting_task_release(struct meeting_task *t)
{
	if (t == NULL)
		return;
	free(t->assignee_text);
	free(t->assignee_name);
	free(t->what);
	free(t->result);
	free(t->done_at);
	free(t->recorded_by);
	free(t->created_at);
	free(t->updated_at);
	memset(t, 0, sizeof(*t));
}

void
meeting_task_list_release(struct meeting_task_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		meeting_task_release(&l->items[i]);
	free(l->items);
	l->items = NULL;
	l->n = 0;
}

int
meeting_task_validate(const struct meeting_task *t, struct cb_error *err)
{
	int rc = 0;

	if (t->what == NULL || t->what[0] == '\0')
		rc = cb_error_field(err, 0, "what", "required", NULL);
	if (t->assignee_id < 0)
		rc = cb_error_field(err, 0, "assignee_id", "invalid_value",
		    NULL);
	else if (t->assignee_id == 0 &&
	    (t->assignee_text == NULL || t->assignee_text[0] == '\0'))
		rc = cb_error_field(err, 0, "assignee", "required", NULL);
	else if (t->assignee_id > 0 && t->assignee_text != NULL &&
	    t->assignee_text[0] != '\0')
		rc = cb_error_field(err, 0, "assignee_text", "assignee_twice",
		    NULL);
	if ((int)t->status < 0 || t->status >= TASK_STATUS__MAX)
		rc = cb_error_field(err, 0, "status", "invalid_value", NULL);
	return rc;
}

void
meeting_score_release(struct meeting_score *s)
{
	if (s == NULL)
		return;
	free(s->scores);
	free(s->rule_id);
	free(s->citation);
	free(s->recorded_by);
	free(s->updated_at);
	memset(s, 0, sizeof(*s));
}

void
meeting_resolution_init(struct meeting_resolution *r)
{
	memset(r, 0, sizeof(*r));
	r->vote_for = -1;
	r->vote_total = -1;
}

void
meeting_resolution_release(struct meeting_resolution *r)
{
	if (r == NULL)
		return;
	free(r->results);
	free(r->directions);
	free(r->approved_at);
	free(r->approved_by);
	free(r->recorded_by);
	free(r->created_at);
	free(r->updated_at);
	meeting_task_list_release(&r->previous);
	meeting_task_list_release(&r->tasks);
	meeting_score_release(&r->score);
	meeting_resolution_init(r);
}

int
meeting_resolution_validate(const struct meeting_resolution *r,
    struct cb_error *err)
{
	int rc = 0;

	if ((r->vote_for < 0) != (r->vote_total < 0)) {
		rc = cb_error_field(err, 0,
		    r->vote_for < 0 ? "vote_for" : "vote_total", "required",
		    NULL);
	} else if (r->vote_total >= 0) {
		if (r->vote_total == 0)
			rc = cb_error_field(err, 0, "vote_total",
			    "vote_base_empty", NULL);
		else if (r->vote_for > r->vote_total) {
			char arg[24];

			snprintf(arg, sizeof(arg), "%lld",
			    (long long)r->vote_total);
			rc = cb_error_field(err, 0, "vote_for",
			    "vote_count_over_base", arg);
		}
	}
	return rc;
}

void
resolution_number_text(int64_t number, char *out, size_t outsz)
{
	snprintf(out, outsz, "%02lld-NQ/CB", (long long)number);
}

int64_t
resolution_vote_percent(int64_t n_for, int64_t total)
{
	if (n_for < 0 || total <= 0)
		return -1;
	return (n_for * 200 + total) / (total * 2);
}
