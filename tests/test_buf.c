/* Tests of the bounded append buffer. */
#include "test.h"
#include "tacme.h"
#include "ta_buf.h"

static void t_fits(void)
{
	char mem[16];
	ta_buf b;

	ta_buf_init(&b, mem, sizeof(mem));
	ta_buf_puts(&b, "abc");
	ta_buf_putc(&b, '-');
	ta_buf_putu(&b, 1234567890ULL);
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(mem, "abc-1234567890");
	CHECK_INT(b.len, 14);
}

static void t_overflow_sticky(void)
{
	char mem[8];
	ta_buf b;

	ta_buf_init(&b, mem, sizeof(mem));
	ta_buf_puts(&b, "12345");
	ta_buf_puts(&b, "6789");         /* does not fit: nothing written */
	CHECK_INT(b.err, TA_ERR_SPACE);
	CHECK_INT(b.len, 5);
	ta_buf_puts(&b, "x");            /* sticky: still refused */
	CHECK_INT(b.len, 5);
	CHECK_INT(ta_buf_cstr(&b), TA_ERR_SPACE);
}

static void t_nul_needs_room(void)
{
	char mem[4];
	ta_buf b;

	ta_buf_init(&b, mem, sizeof(mem));
	ta_buf_puts(&b, "abcd");
	CHECK_INT(b.err, 0);
	CHECK_INT(ta_buf_cstr(&b), TA_ERR_SPACE);
}

static void t_printf(void)
{
	char mem[10];
	ta_buf b;

	ta_buf_init(&b, mem, sizeof(mem));
	ta_buf_printf(&b, "%s=%d", "x", 42);
	CHECK_INT(ta_buf_cstr(&b), 0);
	CHECK_STR(mem, "x=42");
	ta_buf_printf(&b, "%s", "123456");   /* 4 + 6 = 10: no room for NUL */
	CHECK_INT(b.err, TA_ERR_SPACE);
	CHECK_INT(b.len, 4);
}

static void t_error_first_wins(void)
{
	ta_error_clear();
	CHECK_INT(ta_error(TA_ERR_NET, "first %d", 1), TA_ERR_NET);
	CHECK_INT(ta_error(TA_ERR_IO, "second"), TA_ERR_IO);
	CHECK_STR(ta_error_msg(), "first 1");
	CHECK_INT(ta_error_code(), TA_ERR_NET);
	ta_error_clear();
	CHECK_STR(ta_error_msg(), "");
	CHECK_STR(ta_strerror(TA_ERR_SPACE), "buffer too small");
	CHECK_STR(ta_strerror(-999), "unknown error");
}

const ta_test suite_buf[] = {
	{ "fits", t_fits },
	{ "overflow_sticky", t_overflow_sticky },
	{ "nul_needs_room", t_nul_needs_room },
	{ "printf", t_printf },
	{ "error_first_wins", t_error_first_wins },
	{ 0, 0 }
};
