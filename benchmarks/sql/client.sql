-- The client page: the client if the user may see them, their flags, contacts, coverage and
-- consents, their visible cases, and the latest notes of those cases.
SELECT c.* FROM clients_client c
WHERE c.id = %(client_id)s
    AND (EXISTS (
            SELECT FROM cases_case k
            WHERE k.client_id = c.id AND k.team_id = ANY(%(team_ids)s)
                AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
                    OR k.team_id = ANY(%(supervised_team_ids)s)
                    OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
                    OR k.id IN (SELECT case_id FROM cases_emergencyaccess
                        WHERE user_id = %(user_id)s AND expires_at > %(now)s)))
        OR (c.registered_team_id = ANY(%(team_ids)s)
            AND NOT EXISTS (SELECT FROM cases_case k WHERE k.client_id = c.id)));

SELECT kind, reason, created_at FROM clients_clientflag
WHERE client_id = %(client_id)s AND cleared_at IS NULL ORDER BY created_at DESC;

SELECT name, relationship, phone, is_emergency_contact FROM clients_contact
WHERE client_id = %(client_id)s ORDER BY is_active DESC, is_emergency_contact DESC, name;

SELECT payer_name, plan_name, member_id, effective_on, ends_on FROM clients_coverage
WHERE client_id = %(client_id)s ORDER BY rank, effective_on DESC;

SELECT kind, scope, organization_name, signed_on, expires_on, revoked_on FROM clients_consent
WHERE client_id = %(client_id)s ORDER BY signed_on DESC;

SELECT k.id, k.status, k.opened_on, k.closed_on, p.name AS program, t.name AS team,
    u.first_name, u.last_name
FROM cases_case k
JOIN accounts_program p ON p.id = k.program_id
JOIN accounts_team t ON t.id = k.team_id
JOIN accounts_user u ON u.id = k.primary_case_manager_id
WHERE k.client_id = %(client_id)s AND k.team_id = ANY(%(team_ids)s)
    AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s))
ORDER BY k.opened_on DESC, k.id DESC;

SELECT n.id, n.contact_type, n.occurred_at, n.narrative, p.name AS program,
    u.first_name, u.last_name,
    (SELECT count(*) FROM cases_casenote a WHERE a.addendum_to_id = n.id) AS addenda
FROM cases_casenote n
JOIN cases_case k ON k.id = n.case_id
JOIN accounts_program p ON p.id = k.program_id
JOIN accounts_user u ON u.id = n.author_id
WHERE k.client_id = %(client_id)s AND k.team_id = ANY(%(team_ids)s)
    AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s))
    AND (NOT n.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s))
    AND n.addendum_to_id IS NULL
ORDER BY n.occurred_at DESC, n.id DESC
LIMIT 30;
