/*
 * date.c - calendar dates (see date.h).
 *
 * Day counts use the proleptic Gregorian calendar (Howard Hinnant's
 * days_from_civil / civil_from_days), so no libc time function and no time
 * zone database is involved: Viet Nam has been UTC+7 without DST since 1975.
 */
#include "util/date.h"

#include <stdio.h>

#include "util/err.h"

#include "util/banned.h"

#define VN_UTC_OFFSET (7 * 3600)
#define SECS_PER_DAY 86400

/* Integer division rounding towards minus infinity (b > 0). */
static int64_t
floor_div(int64_t a, int64_t b)
{
	int64_t q = a / b;

	if (a % b != 0 && a < 0)
		q--;
	return q;
}

static bool
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m (1..12) of year y. */
static int
month_days(int y, int m)
{
	static const int days[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
		30, 31 };

	if (m < 1 || m > 12)
		return 31;
	if (m == 2 && is_leap(y))
		return 29;
	return days[m - 1];
}

/* A real calendar date in the years chibo accepts (DATE_YEAR_MIN..MAX). */
bool
date_valid(int y, int m, int d)
{
	if (y < DATE_YEAR_MIN || y > DATE_YEAR_MAX || m < 1 || m > 12)
		return false;
	return d >= 1 && d <= month_days(y, m);
}

/*
 * Reads between min and max decimal digits from *sp into *ret and advances
 * *sp.  Returns false if there are fewer than min digits.  Never reads past
 * the first non-digit (so never past the NUL).
 */
static bool
read_digits(const char **sp, int min, int max, int *ret)
{
	const char *s = *sp;
	int n = 0, v = 0;

	while (n < max && s[n] >= '0' && s[n] <= '9') {
		v = v * 10 + (s[n] - '0');
		n++;
	}
	if (n < min)
		return false;
	*sp = s + n;
	*ret = v;
	return true;
}

int
date_parse_iso(const char *s, struct date *ret)
{
	int y, m, d;

	if (s == NULL)
		return -CB_EINVAL;
	if (!read_digits(&s, 4, 4, &y) || *s++ != '-' ||
	    !read_digits(&s, 2, 2, &m) || *s++ != '-' ||
	    !read_digits(&s, 2, 2, &d) || *s != '\0')
		return -CB_EINVAL;
	/* A fifth year digit would have stopped read_digits at 4 and then
	 * failed the '-' test, so "20240-..." is rejected above. */
	if (!date_valid(y, m, d))
		return -CB_EINVAL;
	ret->y = y;
	ret->m = m;
	ret->d = d;
	return 0;
}

/*
 * Accepts strict ISO, or day, month, year as "d/m/yyyy" (one or two digits
 * for day and month, exactly four for the year) with '/', '-' or '.' as the
 * separator (the same one both times).  Nothing may follow the year.
 */
int
date_parse_any(const char *s, struct date *ret)
{
	const char *p = s;
	int y, m, d;
	char sep;

	if (s == NULL)
		return -CB_EINVAL;
	if (date_parse_iso(s, ret) == 0)
		return 0;
	if (!read_digits(&p, 1, 2, &d))
		return -CB_EINVAL;
	sep = *p;
	if (sep != '/' && sep != '-' && sep != '.')
		return -CB_EINVAL;
	p++;
	if (!read_digits(&p, 1, 2, &m) || *p++ != sep ||
	    !read_digits(&p, 4, 4, &y) || *p != '\0')
		return -CB_EINVAL;
	if (!date_valid(y, m, d))
		return -CB_EINVAL;
	ret->y = y;
	ret->m = m;
	ret->d = d;
	return 0;
}

/* Writes n (clamped to 0..10^width-1) as width zero-padded digits. */
static char *
put_digits(char *out, int n, int width)
{
	int i, max = 1;

	for (i = 0; i < width; i++)
		max *= 10;
	if (n < 0)
		n = 0;
	if (n >= max)
		n = max - 1;
	for (i = width - 1; i >= 0; i--) {
		out[i] = (char)('0' + n % 10);
		n /= 10;
	}
	return out + width;
}

void
date_format_iso(const struct date *d, char out[DATE_LEN])
{
	char *p = out;

	p = put_digits(p, d->y, 4);
	*p++ = '-';
	p = put_digits(p, d->m, 2);
	*p++ = '-';
	p = put_digits(p, d->d, 2);
	*p = '\0';
}

void
date_format_vn(const struct date *d, char out[DATE_LEN])
{
	char *p = out;

	p = put_digits(p, d->d, 2);
	*p++ = '/';
	p = put_digits(p, d->m, 2);
	*p++ = '/';
	p = put_digits(p, d->y, 4);
	*p = '\0';
}

int
date_cmp(const struct date *a, const struct date *b)
{
	if (a->y != b->y)
		return a->y < b->y ? -1 : 1;
	if (a->m != b->m)
		return a->m < b->m ? -1 : 1;
	if (a->d != b->d)
		return a->d < b->d ? -1 : 1;
	return 0;
}

struct date
date_add_months(const struct date *d, int n)
{
	struct date r;
	int64_t total = (int64_t)d->y * 12 + (d->m - 1) + n;
	int dim;

	r.y = (int)floor_div(total, 12);
	r.m = (int)(total - (int64_t)r.y * 12) + 1;
	dim = month_days(r.y, r.m);
	r.d = d->d > dim ? dim : d->d;
	return r;
}

int
date_month_diff(const struct date *a, const struct date *b)
{
	return (b->y - a->y) * 12 + (b->m - a->m);
}

/*
 * Whole months from a to b: the calendar month difference, less one if b's
 * day has not yet reached a's day (a's day clamped to the end of b's month,
 * so 31/01 -> 28/02 is one month).  If b < a the result is the negated
 * count from b to a.
 */
int
date_months_between(const struct date *a, const struct date *b)
{
	int n, ad, dim;

	if (date_cmp(b, a) < 0)
		return -date_months_between(b, a);
	n = date_month_diff(a, b);
	dim = month_days(b->y, b->m);
	ad = a->d > dim ? dim : a->d;
	if (b->d < ad)
		n--;
	return n;
}

/* Days since 1970-01-01 of a proleptic Gregorian date. */
int64_t
date_to_days(const struct date *d)
{
	int64_t y = d->y - (d->m <= 2);
	int64_t era = floor_div(y, 400);
	int64_t yoe = y - era * 400;                         /* 0..399 */
	int64_t mp = (d->m + 9) % 12;                        /* March = 0 */
	int64_t doy = (153 * mp + 2) / 5 + d->d - 1;         /* 0..365 */
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */

	return era * 146097 + doe - 719468;
}

struct date
date_from_days(int64_t days)
{
	struct date r;
	int64_t z = days + 719468;
	int64_t era = floor_div(z, 146097);
	int64_t doe = z - era * 146097; /* 0..146096 */
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100); /* 0..365 */
	int64_t mp = (5 * doy + 2) / 153;                      /* 0..11 */

	r.d = (int)(doy - (153 * mp + 2) / 5 + 1);
	r.m = (int)(mp < 10 ? mp + 3 : mp - 9);
	r.y = (int)(yoe + era * 400 + (r.m <= 2));
	return r;
}

struct date
date_add_days(const struct date *d, int64_t n)
{
	return date_from_days(date_to_days(d) + n);
}

struct date
date_today_vn(time_t now)
{
	return date_from_days(floor_div((int64_t)now + VN_UTC_OFFSET,
	    SECS_PER_DAY));
}

/* Formats by arithmetic: no gmtime_r, no locale, no time zone. */
void
timestamp_utc(time_t t, char out[TIMESTAMP_LEN])
{
	int64_t days = floor_div((int64_t)t, SECS_PER_DAY);
	int64_t secs = (int64_t)t - days * SECS_PER_DAY;
	struct date d = date_from_days(days);
	char *p = out;

	p = put_digits(p, d.y, 4);
	*p++ = '-';
	p = put_digits(p, d.m, 2);
	*p++ = '-';
	p = put_digits(p, d.d, 2);
	*p++ = 'T';
	p = put_digits(p, (int)(secs / 3600), 2);
	*p++ = ':';
	p = put_digits(p, (int)(secs / 60 % 60), 2);
	*p++ = ':';
	p = put_digits(p, (int)(secs % 60), 2);
	*p++ = 'Z';
	*p = '\0';
}

int
datetime_parse_iso(const char *s, char out[TIMESTAMP_LEN])
{
	struct date d;
	int y, mo, da, h, mi, se = 0, oh = 0, om = 0, sign = 0;
	int64_t t;

	if (s == NULL)
		return -CB_EINVAL;
	if (!read_digits(&s, 4, 4, &y) || *s++ != '-' ||
	    !read_digits(&s, 2, 2, &mo) || *s++ != '-' ||
	    !read_digits(&s, 2, 2, &da) || (*s != 'T' && *s != ' '))
		return -CB_EINVAL;
	s++;
	if (!read_digits(&s, 2, 2, &h) || *s++ != ':' ||
	    !read_digits(&s, 2, 2, &mi))
		return -CB_EINVAL;
	if (*s == ':') {
		s++;
		if (!read_digits(&s, 2, 2, &se))
			return -CB_EINVAL;
	}
	if (*s == 'Z' || *s == 'z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (!read_digits(&s, 2, 2, &oh) || *s++ != ':' ||
		    !read_digits(&s, 2, 2, &om))
			return -CB_EINVAL;
	} else {
		return -CB_EINVAL;
	}
	if (*s != '\0' || !date_valid(y, mo, da) || h > 23 || mi > 59 ||
	    se > 59 || om > 59 || oh * 60 + om > 14 * 60)
		return -CB_EINVAL;
	d.y = y;
	d.m = mo;
	d.d = da;
	t = date_to_days(&d) * SECS_PER_DAY + h * 3600 + mi * 60 + se -
	    (int64_t)sign * (oh * 3600 + om * 60);
	d = date_from_days(floor_div(t, SECS_PER_DAY));
	if (!date_valid(d.y, d.m, d.d))
		return -CB_EINVAL;
	timestamp_utc((time_t)t, out);
	return 0;
}
