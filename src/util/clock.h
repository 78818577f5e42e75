/*
 * clock.h - deadlines for timed waits (pthread_cond_timedwait).
 */
#ifndef CHIBO_UTIL_CLOCK_H
#define CHIBO_UTIL_CLOCK_H

#include <time.h>

/* *ts = now on clock, plus us microseconds (us >= 0), normalised. */
void clock_deadline(struct timespec *ts, clockid_t clock, long long us);

#endif
