"""The council staff's dashboard at `/admin/`: sign-in (a scrypt password hash from the settings,
signed expiring session cookies, a failed-attempt throttle), the figures of a council over a
date range, and their CSV export. Only redacted text ever reaches it."""
