/* qr.c - a QR code as SVG (libqrencode).  See qr.h. */
#include "util/qr.h"

#include <errno.h>
#include <qrencode.h>

#include "util/err.h"

#include "util/banned.h"

#define QUIET 4

int
qr_svg(const char *text, struct sb *out)
{
	QRcode *q;
	int x, y, w, size;

	errno = 0;
	if ((q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M)) == NULL)
		return errno == ENOMEM ? -CB_ENOMEM : -CB_EINVAL;
	w = q->width;
	size = w + 2 * QUIET;
	sb_addf(out,
	    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
	    " shape-rendering=\"crispEdges\">\n"
	    "<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n"
	    "<path fill=\"#000\" d=\"",
	    size, size, size, size);
	/* One square per dark module (bit 0 of each byte). */
	for (y = 0; y < w; y++)
		for (x = 0; x < w; x++)
			if (q->data[y * w + x] & 1)
				sb_addf(out, "M%d %dh1v1h-1z", x + QUIET,
				    y + QUIET);
	sb_add(out, "\"/>\n</svg>\n");
	QRcode_free(q);
	return sb_err(out);
}
