"""Operations: the plan's register of sync server, endpoints and operations items (accounts,
certificates, scheduled jobs), their schedules (cron, schtasks) and expiry reminders."""
