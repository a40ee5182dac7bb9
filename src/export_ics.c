/* export_ics: the calendar as iCalendar text, written by libical
 * (export.h). Built as the module kehoach-ics.so. */
#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "build_config.h"
#include "kehoach/export.h"
#include "kehoach/i18n.h"

int export_ics_module_write(const struct export_calendar *calendar,
			    const struct export_event *events, size_t n, unsigned parts,
			    FILE *out, struct kh_error *err);

/* An all-day date (VALUE=DATE). */
static struct icaltimetype ical_day(kh_date day)
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	struct icaltimetype t = icaltime_null_date();
	t.year = y;
	t.month = m;
	t.day = d;
	return t;
}

/* 08:00 in Vietnam (UTC+7) of day, in UTC: when an office day starts. */
static struct icaltimetype morning_utc(kh_date day)
{
	struct icaltimetype t = ical_day(day);
	t.is_date = 0;
	t.hour = 1;
	t.minute = 0;
	t.second = 0;
	t.zone = icaltimezone_get_utc_timezone();
	return t;
}

static icalcomponent *alarm_for(const struct export_event *e)
{
	struct icaltriggertype trigger = icaltriggertype_from_int(0);
	trigger.time = morning_utc(e->alarm);
	icalcomponent *alarm = icalcomponent_new_valarm();
	icalcomponent_add_property(alarm, icalproperty_new_action(ICAL_ACTION_DISPLAY));
	icalcomponent_add_property(alarm, icalproperty_new_description(e->summary));
	icalcomponent_add_property(alarm, icalproperty_new_trigger(trigger));
	return alarm;
}

static icalcomponent *event_for(const struct export_event *e, struct icaltimetype stamp)
{
	icalcomponent *event = icalcomponent_new_vevent();
	icalcomponent_add_property(event, icalproperty_new_uid(e->uid));
	icalcomponent_add_property(event, icalproperty_new_dtstamp(stamp));
	icalcomponent_add_property(event, icalproperty_new_dtstart(ical_day(e->day)));
	icalcomponent_add_property(event, icalproperty_new_dtend(ical_day(e->day + 1)));
	icalcomponent_add_property(event, icalproperty_new_summary(e->summary));
	icalcomponent_add_property(event, icalproperty_new_description(e->description));
	icalcomponent_add_property(event, icalproperty_new_categories(e->category));
	icalcomponent_add_property(event, icalproperty_new_transp(ICAL_TRANSP_TRANSPARENT));
	icalcomponent_add_property(event, icalproperty_new_status(
		e->in_process ? ICAL_STATUS_INPROCESS : ICAL_STATUS_CONFIRMED));
	icalcomponent_add_component(event, alarm_for(e));
	return event;
}

/* Writes text (which libical allocated, and NULL when it failed) to out
 * and frees it; returns whether it was written. */
static bool put_text(char *text, FILE *out)
{
	bool ok = text && fputs(text, out) >= 0;
	free(text);
	return ok;
}

int export_ics_module_write(const struct export_calendar *calendar,
			    const struct export_event *events, size_t n, unsigned parts,
			    FILE *out, struct kh_error *err)
{
	icalcomponent *vcal = icalcomponent_new_vcalendar();
	icalcomponent_add_property(vcal, icalproperty_new_version("2.0"));
	icalcomponent_add_property(vcal, icalproperty_new_prodid("-//kehoach//kehoach " KEHOACH_VERSION "//VI"));
	icalcomponent_add_property(vcal, icalproperty_new_calscale("GREGORIAN"));
	icalcomponent_add_property(vcal, icalproperty_new_method(ICAL_METHOD_PUBLISH));
	icalproperty *name = icalproperty_new_x(calendar->name);
	icalproperty_set_x_name(name, "X-WR-CALNAME");
	icalcomponent_add_property(vcal, name);
	struct icaltimetype stamp = icaltime_from_timet_with_zone(
		(time_t)calendar->now, 0, icaltimezone_get_utc_timezone());
	/* The calendar without its events: its head, then its end. libical
	 * writes a component's components one after the other between the
	 * two, each as it would alone: the events go between, one by one. */
	char *shell = icalcomponent_as_ical_string_r(vcal);
	icalcomponent_free(vcal);
	const char *end = shell ? strstr(shell, "END:VCALENDAR") : NULL;
	bool ok = end != NULL;
	if (ok && (parts & EXPORT_ICS_HEAD))
		ok = fwrite(shell, 1, (size_t)(end - shell), out) == (size_t)(end - shell);
	for (size_t i = 0; ok && i < n; i++) {
		icalcomponent *event = event_for(&events[i], stamp);
		char *text = icalcomponent_as_ical_string_r(event);
		icalcomponent_free(event);
		ok = put_text(text, out);
	}
	if (ok && (parts & EXPORT_ICS_END))
		ok = fputs(end, out) >= 0;
	free(shell);
	if (!ok)
		kh_error_set(err, NULL, 0, 0, "%s", _("cannot write the calendar"));
	return ok ? 0 : -1;
}
