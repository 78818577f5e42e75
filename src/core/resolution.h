/*
 * resolution.h - a meeting's resolution (nghị quyết), the tasks it gives
 * and the meeting's self-score (issue 13, migration 0022): the records and
 * their validation.  Pure: the store reads and writes them, svc judges
 * them here and the sheet with meeting_quality_judge (meeting-rules.h).
 *
 * A resolution has four sections and a closing line:
 *   I    results: free text (results) and the earlier meetings' tasks
 *        that were open when its draft was made (previous), each with
 *        its status and result;
 *   II   directions (text);
 *   III  the tasks this meeting gives (tasks: who, what, by when);
 *   IV   the meeting's self-score (score, when recorded);
 *   the vote line "x/y đồng chí tán thành (z %)": vote_for of vote_total.
 * Its number in the organisation's series of the year is given when it
 * is approved ("Số 05-NQ/CB": resolution_number_text).
 */
#ifndef CHIBO_CORE_RESOLUTION_H
#define CHIBO_CORE_RESOLUTION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/date.h"
#include "util/err.h"

/* Lengths in characters (field_clean_text). */
#define RESOLUTION_TEXT_MAX 20000
#define TASK_WHAT_MAX 2000
#define TASK_ASSIGNEE_MAX 200
#define TASK_RESULT_MAX 4000

enum task_status { TASK_OPEN = 0, TASK_DONE, TASK_DROPPED, TASK_STATUS__MAX };
extern const char *const task_status_names[TASK_STATUS__MAX];
/* The status named name, or -1. */
int task_status_parse(const char *name);

struct meeting_task {
	int64_t id;
	int64_t org_id;      /* the meeting's organisation */
	int64_t meeting_id;  /* the meeting that gave it */
	int64_t assignee_id; /* a member of the organisation, or 0 */
	char *assignee_text; /* or a group named in text (NULL) */
	char *assignee_name; /* read: the member's full name, or NULL */
	char *what;
	char due_on[DATE_LEN]; /* "" none */
	enum task_status status;
	char *result;
	char *done_at; /* when it was marked done (UTC), or NULL */
	char *recorded_by;
	int64_t version;
	char *created_at, *updated_at;
};
void meeting_task_release(struct meeting_task *t);

struct meeting_task_list {
	struct meeting_task *items;
	size_t n;
};
void meeting_task_list_release(struct meeting_task_list *l);

/* Checks a task as a write would store it: what required, one assignee
 * (a member id or a text, "assignee" required), the status, the lengths.
 * Every problem at once; 0 or -CB_EINVAL. */
int meeting_task_validate(const struct meeting_task *t, struct cb_error *err);

/* The meeting's self-score, as judged (meeting_quality_judge). */
struct meeting_score {
	int64_t meeting_id, org_id;
	char *scores; /* a JSON object {"time": 5, ...} in the sheet's order */
	int64_t total, max_total;
	char band[16]; /* quality_band_names */
	char *rule_id, *citation;
	char *recorded_by;
	int64_t version;
	char *updated_at;
};
void meeting_score_release(struct meeting_score *s);

enum resolution_status {
	RESOLUTION_DRAFT = 0,
	RESOLUTION_APPROVED,
	RESOLUTION_STATUS__MAX
};
extern const char *const resolution_status_names[RESOLUTION_STATUS__MAX];

struct meeting_resolution {
	int64_t meeting_id, org_id;
	int year;       /* of the meeting (Asia/Ho_Chi_Minh): the series */
	int64_t number; /* in the series; 0 until approved */
	enum resolution_status status;
	char *results;                /* section I, the text */
	char *directions;             /* section II */
	int64_t vote_for, vote_total; /* -1: not given */
	char *approved_at, *approved_by;
	char *recorded_by;
	int64_t version;
	char *created_at, *updated_at;
	/* Read with it: */
	struct meeting_task_list previous; /* section I's table */
	struct meeting_task_list tasks;    /* section III */
	bool has_score;
	struct meeting_score score; /* section IV */
};
void meeting_resolution_init(struct meeting_resolution *r);
void meeting_resolution_release(struct meeting_resolution *r);

/* Checks the vote line (both or neither; 0 <= for <= total, total > 0):
 * "vote_for"/"vote_total" field errors.  0 or -CB_EINVAL. */
int meeting_resolution_validate(const struct meeting_resolution *r,
    struct cb_error *err);

/* "05-NQ/CB": the number in the cell's series (two digits at least). */
void resolution_number_text(int64_t number, char *out, size_t outsz);
/* The share of the vote line in whole percent, rounded half up; -1 when
 * there is no vote line. */
int64_t resolution_vote_percent(int64_t n_for, int64_t total);

#endif
