/*
 * banned.h - C library functions chibo does not use, made compile errors.
 *
 * Included last in every source file under src/ (after the system
 * headers, whose own declarations and macros it must not disturb): a call
 * to one of these expands to an undeclared identifier that names the
 * function, e.g. "sorry_strcpy_is_a_banned_function".  The idea and most
 * of the list come from git's banned.h; ../shared/domain/style-anchors.md
 * and docs/architecture.md ("House rules") say why each is here.
 *
 * What to use instead:
 *   strcpy, strcat, strncpy, strncat, sprintf, vsprintf
 *                      snprintf into a sized array, or util/sb.h
 *   strtok             strtok_r, or a loop over strchr/strcspn
 *   atoi, atol, atoll, atof
 *                      strtol/strtoll/strtod with an end pointer, errno
 *                      and bounds (they report nothing on bad input)
 *   gmtime, localtime, ctime, asctime (and the _r forms of the last two)
 *                      util/date.h (dates are Vietnam time whatever TZ
 *                      says; the plain forms share one static buffer
 *                      between threads)
 *   mktemp, tmpnam, tempnam
 *                      mkstemp (the name is raced otherwise)
 *   gets               fgets
 *   rand, srand, random, srandom
 *                      util/hash.h's random tokens for anything secret;
 *                      the demo generator's own seeded generator for data
 */
#ifndef CHIBO_UTIL_BANNED_H
#define CHIBO_UTIL_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(d, s) BANNED(strcpy)
#undef strcat
#define strcat(d, s) BANNED(strcat)
#undef strncpy
#define strncpy(d, s, n) BANNED(strncpy)
#undef strncat
#define strncat(d, s, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(s, delim) BANNED(strtok)

#undef atoi
#define atoi(s) BANNED(atoi)
#undef atol
#define atol(s) BANNED(atol)
#undef atoll
#define atoll(s) BANNED(atoll)
#undef atof
#define atof(s) BANNED(atof)

#undef gmtime
#define gmtime(t) BANNED(gmtime)
#undef localtime
#define localtime(t) BANNED(localtime)
#undef ctime
#define ctime(t) BANNED(ctime)
#undef ctime_r
#define ctime_r(t, buf) BANNED(ctime_r)
#undef asctime
#define asctime(tm) BANNED(asctime)
#undef asctime_r
#define asctime_r(tm, buf) BANNED(asctime_r)

#undef mktemp
#define mktemp(tmpl) BANNED(mktemp)
#undef tmpnam
#define tmpnam(s) BANNED(tmpnam)
#undef tempnam
#define tempnam(dir, pfx) BANNED(tempnam)
#undef gets
#define gets(s) BANNED(gets)

#undef rand
#define rand() BANNED(rand)
#undef srand
#define srand(seed) BANNED(srand)
#undef random
#define random() BANNED(random)
#undef srandom
#define srandom(seed) BANNED(srandom)

#endif
