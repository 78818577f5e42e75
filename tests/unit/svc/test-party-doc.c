/*
 * test-party-doc.c - the Party document renderer (svc/party-doc.h,
 * render-doc.c) read back with pdftotext: the header (the committees in
 * capitals, "*", the number, "ĐẢNG CỘNG SẢN VIỆT NAM", the date line),
 * the title, headings, paragraphs, bullets, a table of 150 rows over
 * several pages with its header row on each, a blank's dotted lines, the
 * signature block, the page numbers; Vietnamese intact; a builder out of
 * memory refused at rendering; a table of too many columns refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "svc/party-doc.h"

/* pdftotext's text of the PDF in out (malloc'd), or NULL. */
static char *
pdf_text(const struct sb *out, int first, int last)
{
	const char *tmp = getenv("TMPDIR");
	char pdf[200], cmd[320], *text = NULL;
	size_t len = 0, cap = 0, n;
	char buf[4096];
	FILE *f;
	int fd;

	/* In $TMPDIR, as the other tests (the harness points it at a
	 * throw-away directory), else /tmp. */
	snprintf(pdf, sizeof(pdf), "%s/chibo-party-doc-XXXXXX",
	    tmp != NULL && tmp[0] != '\0' && strlen(tmp) < 150 ? tmp : "/tmp");
	if ((fd = mkstemp(pdf)) < 0)
		return NULL;
	if (write(fd, out->buf, out->len) != (ssize_t)out->len) {
		close(fd);
		return NULL;
	}
	close(fd);
	snprintf(cmd, sizeof(cmd), "pdftotext -f %d -l %d -layout %s -", first,
	    last, pdf);
	if ((f = popen(cmd, "r")) == NULL)
		return NULL;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0) {
		if (len + n + 1 > cap) {
			cap = (len + n + 1) * 2;
			text = realloc(text, cap);
			assert_non_null(text);
		}
		memcpy(text + len, buf, n);
		len += n;
		text[len] = '\0';
	}
	pclose(f);
	unlink(pdf);
	return text;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (; (hay = strstr(hay, needle)) != NULL; hay += strlen(needle))
		n++;
	return n;
}

static void
test_document(void **state)
{
	static const char *const head[] = { "STT", "Nhiệm vụ", "Người làm",
		"Kết quả" };
	static const double widths[] = { 1, 5, 3, 3 };
	struct cb_error err = CB_ERROR_INIT;
	struct party_doc d = { 0 };
	struct sb out;
	char *all, *last, stt[16], task[64];
	int i;

	(void)state;
	party_doc_set(&d, &d.upper, "Đảng bộ Văn phòng Bộ");
	party_doc_set(&d, &d.cell, "Chi bộ Phòng Hành chính");
	party_doc_set(&d, &d.number, "Số 05-NQ/CB");
	party_doc_set(&d, &d.place, "Hà Nội");
	party_doc_set(&d, &d.date_iso, "2026-03-05");
	party_doc_set(&d, &d.title,
	    "NGHỊ QUYẾT\nSINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 3/2026");
	party_doc_set(&d, &d.signer, "Nguyễn Thị Ánh Tuyết");
	d.sign = DOC_SIGN_COMMITTEE;
	assert_int_equal(party_doc_heading(&d, "I. KẾT QUẢ"), 0);
	assert_int_equal(party_doc_para(&d, "Chi bộ đã họp với %d/%d đồng chí.",
	                     12, 14),
	    0);
	assert_int_equal(party_doc_bullet(&d, "Đồng chí Lò Văn Ết: %s",
	                     "vắng có lý do (ốm)"),
	    0);
	assert_int_equal(party_doc_table(&d, 4, head, widths), 0);
	for (i = 1; i <= 150; i++) {
		const char *row[4];

		snprintf(stt, sizeof(stt), "%d", i);
		snprintf(task, sizeof(task), "Nhiệm vụ số %03d", i);
		row[0] = stt;
		row[1] = task;
		row[2] = "Trần Văn Đức";
		row[3] = i % 2 ? "Hoàn thành" : NULL;
		assert_int_equal(party_doc_row(&d, row), 0);
	}
	assert_int_equal(party_doc_blank(&d, "(Phương hướng tháng tới)", 2),
	    0);
	/* Too many columns: refused, nothing added. */
	assert_int_equal(party_doc_table(&d, DOC_TABLE_COLS + 1, head, NULL),
	    -CB_EINVAL);

	sb_init(&out, 0);
	assert_int_equal(party_doc_render(&d, &out, &err), 0);
	assert_memory_equal(out.buf, "%PDF-", 5);
	all = pdf_text(&out, 1, 99);
	assert_non_null(all);
	assert_non_null(strstr(all, "ĐẢNG BỘ VĂN PHÒNG BỘ"));
	assert_non_null(strstr(all, "CHI BỘ PHÒNG HÀNH CHÍNH"));
	assert_non_null(strstr(all, "Số 05-NQ/CB"));
	assert_non_null(strstr(all, "ĐẢNG CỘNG SẢN VIỆT NAM"));
	assert_non_null(strstr(all, "Hà Nội, ngày 05 tháng 03 năm 2026"));
	assert_non_null(strstr(all, "SINH HOẠT CHI BỘ THƯỜNG KỲ THÁNG 3/2026"));
	assert_non_null(strstr(all, "- Đồng chí Lò Văn Ết: vắng có lý do"));
	assert_non_null(strstr(all, "Nhiệm vụ số 001"));
	assert_non_null(strstr(all, "Nhiệm vụ số 150"));
	assert_int_equal(count(all, "Nhiệm vụ số "), 150);
	/* The header row on every page the table covers (3 or more). */
	assert_true(count(all, "Người làm") >= 3);
	assert_non_null(strstr(all, "(Phương hướng tháng tới)"));
	assert_non_null(strstr(all, "T/M CHI ỦY"));
	assert_non_null(strstr(all, "BÍ THƯ"));
	assert_non_null(strstr(all, "Nguyễn Thị Ánh Tuyết"));
	/* Page 2 numbered at its top, the first not. */
	last = pdf_text(&out, 2, 2);
	assert_non_null(last);
	assert_true(strspn(last, " \n") < strlen(last) &&
	    last[strspn(last, " \n")] == '2');
	free(last);
	free(all);
	sb_release(&out);
	party_doc_release(&d);
	cb_error_release(&err);
}

static void
test_out_of_memory_refused(void **state)
{
	struct cb_error err = CB_ERROR_INIT;
	struct party_doc d = { 0 };
	struct sb out;

	(void)state;
	party_doc_set(&d, &d.title, "BIÊN BẢN");
	d.oom = true; /* as a builder that ran out leaves it */
	sb_init(&out, 0);
	assert_int_equal(party_doc_render(&d, &out, &err), -CB_ENOMEM);
	assert_int_equal(out.len, 0);
	/* A row with no table before it. */
	d.oom = false;
	assert_int_equal(party_doc_row(&d, NULL), -CB_EINVAL);
	sb_release(&out);
	party_doc_release(&d);
	cb_error_release(&err);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_document),
		cmocka_unit_test(test_out_of_memory_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
