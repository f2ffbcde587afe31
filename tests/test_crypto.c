/* Tests of crypto (to be written). */
#include "test.h"

const ta_test suite_crypto[] = {
	{ 0, 0 }
};
