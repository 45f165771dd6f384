-- The bell: how many of the user's notifications are unread (not dismissed, not snoozed, about
-- no case or a case they may see).
SELECT count(*) FROM reminders_notification n
LEFT JOIN cases_case k ON k.id = n.case_id
WHERE n.recipient_id = %(user_id)s AND n.read_at IS NULL AND n.dismissed_at IS NULL
    AND (n.snoozed_until IS NULL OR n.snoozed_until <= %(now)s)
    AND (n.case_id IS NULL OR (k.team_id = ANY(%(team_ids)s)
        AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
            OR k.team_id = ANY(%(supervised_team_ids)s)
            OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
            OR k.id IN (SELECT case_id FROM cases_emergencyaccess
                WHERE user_id = %(user_id)s AND expires_at > %(now)s))));
