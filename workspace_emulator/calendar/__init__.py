"""Google Calendar v3: events, free/busy, calendars and calendarList (routes in ``urls``)."""
