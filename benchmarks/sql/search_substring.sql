-- Search by part of a name: what the page's name matching finds (substring, trigram
-- similarity, sound of the name), the findable ones, most similar first.
WITH matches AS (
    (SELECT id FROM clients_client WHERE search_name LIKE '%%' || %(q)s || '%%' LIMIT 100)
    UNION (SELECT id FROM clients_client WHERE search_name %% %(q)s LIMIT 100)
    UNION (SELECT id FROM clients_client WHERE last_name_sound = dmetaphone(%(q)s) LIMIT 100)
    UNION (SELECT id FROM clients_client WHERE first_name_sound = dmetaphone(%(q)s) LIMIT 100)
)
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
ORDER BY similarity(c.search_name, %(q)s) DESC, c.legal_last_name, c.legal_first_name, c.id
LIMIT 25;
