/* Tests of b64 (to be written). */
#include "test.h"

const ta_test suite_b64[] = {
	{ 0, 0 }
};
