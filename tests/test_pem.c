/* Tests of pem (to be written). */
#include "test.h"

const ta_test suite_pem[] = {
	{ 0, 0 }
};
