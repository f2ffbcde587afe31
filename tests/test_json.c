/* Tests of json (to be written). */
#include "test.h"

const ta_test suite_json[] = {
	{ 0, 0 }
};
