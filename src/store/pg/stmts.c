/* stmts.c - being written in this session; replaced by the real module. */
#include <stddef.h>
