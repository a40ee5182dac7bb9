/* json: the object writer the commands' --format json output is built
 * with. (Strings themselves are checked through the commands' output,
 * tests/cli/list.sh and hostile.sh.) */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "kehoach/json.h"

static void test_object_members(void **state)
{
	(void)state;
	struct buf b = { 0 };
	struct json_object o;
	json_object_begin(&o, &b);
	json_member_string(&o, "plan", "tb\"\n");
	json_member_string(&o, "note", NULL);
	json_member_int(&o, "seq", -42);
	json_member_bool(&o, "leap", true);
	json_member_bool(&o, "group", false);
	json_member_date(&o, "due", date_from_ymd(2022, 1, 28));
	json_member_date(&o, "done_on", KH_DATE_NONE);
	json_object_end(&o);
	assert_string_equal(buf_str(&b),
			    "{\"plan\": \"tb\\\"\\n\", \"note\": null, \"seq\": -42,"
			    " \"leap\": true, \"group\": false, \"due\": \"2022-01-28\","
			    " \"done_on\": null}");
	buf_free(&b);
}

static void test_empty_object(void **state)
{
	(void)state;
	struct buf b = { 0 };
	struct json_object o;
	json_object_begin(&o, &b);
	json_object_end(&o);
	assert_string_equal(buf_str(&b), "{}");
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_object_members),
		cmocka_unit_test(test_empty_object),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
