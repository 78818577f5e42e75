/* server.c - being written in this session. */
#include <stddef.h>
