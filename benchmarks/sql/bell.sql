-- The bell: how many of the user's notifications are unread (not dismissed, not snoozed, about
-- no case or a case they may see).
SELECT count(*) FROM reminders_notification n
LEFT JOIN cases_case k ON k.id = n.case_id
WHERE n.recipient_id = %(user_id)s AND n.read_at IS NULL AND n.dismissed_at IS NULL
    AND (n.snoozed_until IS NULL OR n.snoozed_until <= %(now)s)
    AND (n.case_id IS NULL OR (k.team_id = ANY(%(team_ids)s)
        AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s)));
