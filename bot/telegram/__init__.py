"""The Telegram channel (python-telegram-bot 22): adapts Telegram's formats to the shared message path.

`app` wires every handler and job and runs polling or the webhook; `settings` (env + settings.yml) and
`texts` (texts.yml) hold the data; `users`, `media` and `workers` are the handlers; `split`, `keyboards`,
`callbacks` and `delivery` render and send replies; `retry` (429 / network errors) and `ordering` (one
chat in order, chats in parallel) keep delivery safe; `jobs` deliver the outbox, answer kept messages
and post case cards; `desk` is what the channel needs from the case store; `errors` is the error handler.
"""
