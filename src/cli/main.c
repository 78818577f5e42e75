/* main.c - the chibo command (being written in this session). */
#include <stdio.h>

int
main(void)
{
	fputs("chibo: not built yet\n", stderr);
	return 1;
}
