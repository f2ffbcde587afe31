/* Tests of conf (to be written). */
#include "test.h"

const ta_test suite_conf[] = {
	{ 0, 0 }
};
