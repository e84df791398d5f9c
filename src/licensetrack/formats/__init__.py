"""Output, in one home: the JSON form of every result (``shapes``, written by the one ``converter``),
the schemas generated from the same shapes (``schemas``), text for people (``text``, ``views``), the
audit's records (``records``), iCalendar (``ical``), and the table of output renderers every format is
registered in (``renderers``). Imports only the core."""
