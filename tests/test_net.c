/* Tests of net (to be written). */
#include "test.h"

const ta_test suite_net[] = {
	{ 0, 0 }
};
