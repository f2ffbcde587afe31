/* POSIX clocks: wall time, monotonic milliseconds, sleep. */
#define _POSIX_C_SOURCE 200809L
#include "config.h"
#include <time.h>
#include "tacme.h"
#include "tacme_port.h"

int64_t ta_time_now(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
		return 0;
	return (int64_t)ts.tv_sec;
}

uint32_t ta_time_ms(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) != 0)
		return 0;
	/* Only the low 32 bits are kept, so 32-bit arithmetic is exact (and
	 * needs no 64-bit division); tv_nsec is below 10^9. */
	return (uint32_t)ts.tv_sec * 1000u + (uint32_t)ts.tv_nsec / 1000000u;
}

void ta_time_sleep(unsigned s)
{
	struct timespec ts;

	ts.tv_sec = (time_t)s;
	ts.tv_nsec = 0;
	while (nanosleep(&ts, &ts) != 0)
		;
}

void ta_time_sleep_ms(unsigned ms)
{
	struct timespec ts;

	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) != 0)
		;
}
