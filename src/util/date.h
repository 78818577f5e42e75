/*
 * date.h - calendar dates.  Stored and exchanged as ISO 8601 "YYYY-MM-DD"
 * (char[11]); shown dd/mm/yyyy.  Time zone Asia/Ho_Chi_Minh (UTC+7).
 */
#ifndef CHIBO_UTIL_DATE_H
#define CHIBO_UTIL_DATE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#define DATE_LEN 11        /* "YYYY-MM-DD" + NUL */
#define DATE_YEAR_MIN 1900 /* years accepted by date_valid and the parsers */
#define DATE_YEAR_MAX 2200

struct date {
	int y;
	int m; /* 1..12 */
	int d; /* 1..31 */
};

/* A real calendar date with DATE_YEAR_MIN <= y <= DATE_YEAR_MAX. */
bool date_valid(int y, int m, int d);
/* Parses strict ISO "YYYY-MM-DD" (a real date, years 1900..2200). */
int date_parse_iso(const char *s, struct date *ret);
/* Parses "dd/mm/yyyy" (also d/m/yyyy, '-' or '.' separators) or ISO. */
int date_parse_any(const char *s, struct date *ret);
void date_format_iso(const struct date *d, char out[DATE_LEN]);
/* dd/mm/yyyy */
void date_format_vn(const struct date *d, char out[DATE_LEN]);
int date_cmp(const struct date *a, const struct date *b);
/* Adds n months (n may be negative); the day is clamped to the month's end. */
struct date date_add_months(const struct date *d, int n);
/* Whole months from a to b (b >= a), counting a month complete when b's day
 * reaches a's day (clamped at month end).  If b < a: -(months from b to a). */
int date_months_between(const struct date *a, const struct date *b);
/* Calendar months from a to b, days ignored: (b.y - a.y) * 12 + b.m - a.m.
 * This is how Party rules count age "by month" (tính theo tháng). */
int date_month_diff(const struct date *a, const struct date *b);
/* Days since 1970-01-01 (may be negative). */
int64_t date_to_days(const struct date *d);
/* Today in Asia/Ho_Chi_Minh, from the given UNIX time. */
struct date date_today_vn(time_t now);
/* The date n days after d (n may be negative). */
struct date date_add_days(const struct date *d, int64_t n);
/* The date from days since 1970-01-01. */
struct date date_from_days(int64_t days);

#define TIMESTAMP_LEN 21 /* "YYYY-MM-DDTHH:MM:SSZ" + NUL */
/* UNIX time t as ISO 8601 UTC "YYYY-MM-DDTHH:MM:SSZ". */
void timestamp_utc(time_t t, char out[TIMESTAMP_LEN]);
/*
 * Parses an ISO 8601 date-time with its offset, "YYYY-MM-DDTHH:MM[:SS]"
 * then "Z" or "+HH:MM" / "-HH:MM" (a real date, years 1900..2200, hours
 * 00..23, offsets up to 14:00), and writes it normalised to UTC as
 * "YYYY-MM-DDTHH:MM:SSZ" (which sorts as text).  A date-time without an
 * offset is refused: its instant would be a guess.  0 or -CB_EINVAL.
 */
int datetime_parse_iso(const char *s, char out[TIMESTAMP_LEN]);

#endif
