"""A negotiation deadline as a calendar event (.ics, RFC 5545), for the buyer's phone calendar.

The event is written in the buyer's local zone (TZID plus its VTIMEZONE), so
a calendar shows 17:00 as 17:00 whatever zone the phone is set to.
"""

from datetime import datetime, timedelta

from icalendar import Alarm, Calendar, Event

PRODUCT_ID = "-//卡盟退款指南//协商期限//ZH"
# A deadline is a moment; calendars show a zero-length event badly, so it gets a short slot.
EVENT_LENGTH = timedelta(minutes=15)


def deadline_calendar(
    *, uid: str, deadline: datetime, stamp: datetime, summary: str, description: str, url: str = ""
) -> bytes:
    """Return an iCalendar file with one event at the (timezone-aware) deadline and an alarm."""
    if deadline.tzinfo is None or stamp.tzinfo is None:
        raise ValueError("deadline and stamp must be timezone-aware")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")

    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", deadline)
    event.add("dtend", deadline + EVENT_LENGTH)
    event.add("summary", summary)
    event.add("description", description)
    if url:
        event.add("url", url)

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)

    calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
