/*
 * qr.h - a QR code drawn as SVG (libqrencode): the meeting check-in code's
 * picture.
 */
#ifndef CHIBO_UTIL_QR_H
#define CHIBO_UTIL_QR_H

#include "util/sb.h"

/* Appends to out an SVG image of text as a QR code (error correction
 * level M, a quiet zone of 4 modules): 0, -CB_EINVAL when text does not
 * fit a QR code, -CB_ENOMEM. */
int qr_svg(const char *text, struct sb *out);

#endif
