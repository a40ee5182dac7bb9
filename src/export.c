/* export: loading the iCalendar writer's module (export.h). */
#include "build_config.h"
#include "kehoach/export.h"
#include "kehoach/i18n.h"
#include "kehoach/module.h"

int export_write_ics(const struct export_calendar *calendar,
		     const struct export_event *events, size_t n, unsigned parts,
		     FILE *out, struct kh_error *err)
{
	static struct module_function writer = {
		KEHOACH_BUILD_ICS_MODULE, KEHOACH_ICS_MODULE, "export_ics_module_write",
	};
	export_ics_writer write;
	*(void **)&write = module_function_get(&writer);
	if (!write) {
		kh_error_set(err, NULL, 0, 0,
			     _("calendars cannot be written: the iCalendar module cannot be loaded (%s); reinstall kehoach"),
			     writer.why);
		return -1;
	}
	return write(calendar, events, n, parts, out, err);
}
