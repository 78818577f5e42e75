/*
 * clock.c - deadlines for timed waits.
 */
#include "util/clock.h"

#include "util/banned.h"

void
clock_deadline(struct timespec *ts, clockid_t clock, long long us)
{
	long long ns;

	clock_gettime(clock, ts);
	ns = (long long)ts->tv_nsec + (us % 1000000LL) * 1000LL;
	ts->tv_sec += (time_t)(us / 1000000LL + ns / 1000000000LL);
	ts->tv_nsec = (long)(ns % 1000000000LL);
}
