-- The case page: the case if the user may see it, with its client, program and case manager,
-- its notes (with their addenda), assessments, open needs, referrals, plans, open tasks in
-- force, the client's flags and the care team.
SELECT k.*, c.client_number, c.legal_first_name, c.legal_last_name, p.name AS program,
    u.first_name, u.last_name
FROM cases_case k
JOIN clients_client c ON c.id = k.client_id
JOIN accounts_program p ON p.id = k.program_id
JOIN accounts_user u ON u.id = k.primary_case_manager_id
WHERE k.id = %(case_id)s AND k.team_id = ANY(%(team_ids)s)
    AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s));

SELECT n.id, n.addendum_to_id, n.contact_type, n.occurred_at, n.narrative, n.status,
    u.first_name, u.last_name
FROM cases_casenote n
JOIN cases_case k ON k.id = n.case_id
JOIN accounts_user u ON u.id = n.author_id
WHERE n.case_id = %(case_id)s
    AND (NOT n.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s))
ORDER BY n.occurred_at DESC, n.id DESC;

SELECT a.id, a.assessed_on, a.status, i.name AS instrument
FROM assessments_assessment a
JOIN cases_case k ON k.id = a.case_id
JOIN assessments_instrument i ON i.id = a.instrument_id
WHERE a.case_id = %(case_id)s
    AND (NOT a.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s))
ORDER BY a.assessed_on DESC, a.id DESC
LIMIT 10;

SELECT need.id, d.name AS domain FROM assessments_identifiedneed need
JOIN assessments_domain d ON d.id = need.domain_id
WHERE need.case_id = %(case_id)s AND need.status = 'open'
ORDER BY d."order", d.name;

SELECT r.id, r.status, r.created_at, s.name AS service, o.name AS organization
FROM referrals_referral r
JOIN referrals_service s ON s.id = r.service_id
JOIN referrals_organization o ON o.id = s.organization_id
WHERE r.case_id = %(case_id)s
ORDER BY r.created_at DESC
LIMIT 10;

SELECT id, number, status, review_due_on FROM careplans_careplan
WHERE case_id = %(case_id)s ORDER BY number DESC, id DESC;

SELECT t.id, t.description, t.priority, t.due_on FROM careplans_task t
LEFT JOIN careplans_goal g ON g.id = t.goal_id
LEFT JOIN careplans_careplan plan ON plan.id = g.plan_id
WHERE t.case_id = %(case_id)s AND t.status = 'open' AND (t.goal_id IS NULL OR plan.status = 'active')
ORDER BY t.priority DESC, t.due_on NULLS LAST, t.id;

SELECT f.kind, f.reason FROM clients_clientflag f
JOIN cases_case k ON k.client_id = f.client_id
WHERE k.id = %(case_id)s AND f.cleared_at IS NULL;

SELECT u.first_name, u.last_name FROM cases_careteammember m
JOIN accounts_user u ON u.id = m.user_id
WHERE m.case_id = %(case_id)s;
