/* Tests of store (to be written). */
#include "test.h"

const ta_test suite_store[] = {
	{ 0, 0 }
};
