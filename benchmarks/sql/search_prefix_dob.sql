-- Search by name prefix and date of birth: the clients born that day (the name only ranks
-- them), the findable ones, nearest name first.
WITH matches AS (SELECT id FROM clients_client WHERE date_of_birth = %(dob)s LIMIT 100)
SELECT c.id, c.client_number, c.legal_first_name, c.legal_last_name, c.preferred_name,
    c.date_of_birth,
    (SELECT count(*) FROM cases_case k
        WHERE k.client_id = c.id AND k.status <> 'closed' AND k.team_id = ANY(%(team_ids)s)
            AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
                OR k.team_id = ANY(%(supervised_team_ids)s)
                OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
                OR k.id IN (SELECT case_id FROM cases_emergencyaccess
                    WHERE user_id = %(user_id)s AND expires_at > %(now)s))) AS open_cases
FROM clients_client c
WHERE c.id IN (SELECT id FROM matches)
    AND (EXISTS (SELECT FROM cases_case k WHERE k.client_id = c.id AND k.team_id = ANY(%(team_ids)s))
        OR (c.registered_team_id = ANY(%(team_ids)s)
            AND NOT EXISTS (SELECT FROM cases_case k WHERE k.client_id = c.id)))
ORDER BY similarity(c.search_name, %(prefix)s) DESC, c.legal_last_name, c.legal_first_name, c.id
LIMIT 25;
