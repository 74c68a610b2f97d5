"""A local stand-in for the Telegram Bot API: the real bot runs against it offline (see driver.Standin)."""
