"""Email: an outbox table filled by the pages, emptied by `flask send-mail` (cron)."""
