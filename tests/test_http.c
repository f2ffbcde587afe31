/* Tests of http (to be written). */
#include "test.h"

const ta_test suite_http[] = {
	{ 0, 0 }
};
