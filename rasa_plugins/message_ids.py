"""Metadata keys the message path sends with each message and the Rasa server reads (plain constants, no Rasa).

Every message carries a fresh id. A message sent again after a failed or timed-out attempt also carries the retry
flag: if Rasa did run the first attempt (a reply lost to a timeout or a restart), the retry is answered with that
turn's replies instead of being run a second time (rasa_plugins/replay.py).
"""

MESSAGE_ID = "hotline_message_id"
RETRY = "hotline_retry"
