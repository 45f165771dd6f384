-- The notification centre: the user's first page of notifications that are neither dismissed
-- nor snoozed, about no case or a case they may see; urgent unread ones first, then newest.
SELECT n.id, n.kind, n.urgent, n.title, n.body, n.url, n.created_at, n.read_at,
    c.legal_first_name, c.legal_last_name
FROM reminders_notification n
LEFT JOIN cases_case k ON k.id = n.case_id
LEFT JOIN clients_client c ON c.id = k.client_id
WHERE n.recipient_id = %(user_id)s AND n.dismissed_at IS NULL
    AND (n.snoozed_until IS NULL OR n.snoozed_until <= %(now)s)
    AND (n.case_id IS NULL OR (k.team_id = ANY(%(team_ids)s)
        AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
            OR k.team_id = ANY(%(supervised_team_ids)s)
            OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
            OR k.id IN (SELECT case_id FROM cases_emergencyaccess
                WHERE user_id = %(user_id)s AND expires_at > %(now)s))))
ORDER BY n.urgent AND n.read_at IS NULL DESC, n.created_at DESC, n.id DESC
LIMIT 25;
