"""The Telegram channel (python-telegram-bot 22): adapts Telegram's formats to the shared message path.

Modules: `settings` (env + settings.yml), `texts` (texts.yml), `split` and `keyboards` (rendering),
`callbacks` (button data), `delivery` (sending replies), `retry` (429/network retries), `updates`
(per-chat ordering), `users` and `media` (handlers for people), `workers` (handlers for social workers),
`desk` (what the channel needs from the case store), `jobs` (outbox, kept messages, case cards),
`errors` (error handler), `app` (wiring and running).
"""
