"""What Rallye sends to people (e-mail today): each message recorded, sent by a background task,
retried while the mail server is down, its state shown to staff."""
