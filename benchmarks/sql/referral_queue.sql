-- The referral queue: the open referrals on the cases the user carries (read first, as an array,
-- as the page passes their ids), late ones first, then the longest in their status, with the
-- service, organization and client.
SELECT r.id, r.status, r.status_changed_at, r.status = 'sent' AND r.respond_by < %(now)s AS late,
    s.name AS service, o.name AS organization, c.legal_first_name, c.legal_last_name
FROM referrals_referral r
JOIN referrals_service s ON s.id = r.service_id
JOIN referrals_organization o ON o.id = r.organization_id
JOIN cases_case k ON k.id = r.case_id
JOIN clients_client c ON c.id = k.client_id
WHERE r.case_id = ANY(ARRAY(
        SELECT id FROM cases_case
        WHERE team_id = ANY(%(team_ids)s) AND status <> 'closed'
            AND (primary_case_manager_id = %(user_id)s
                OR id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s))))
    AND r.status IN ('draft', 'sent', 'accepted', 'waitlisted', 'scheduled')
ORDER BY late DESC, r.status_changed_at, r.id
LIMIT 25;
