/* Tests of pebble (to be written). */
#include "test.h"

const ta_test suite_pebble[] = {
	{ 0, 0 }
};
