/* Tests of url (to be written). */
#include "test.h"

const ta_test suite_url[] = {
	{ 0, 0 }
};
