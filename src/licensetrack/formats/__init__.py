"""Output: the report and the views as text for people, JSON Schemas for programs, and iCalendar.
Imports only the core."""
