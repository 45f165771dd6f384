-- The caseload: its headline counts, then the first page of the open cases the user carries
-- (as primary case manager or on the care team), least recently contacted first. Of their teams'
-- cases: carrying one puts the user in its inner circle, so a restricted one is visible too.
SELECT count(*) AS open_cases,
    count(*) FILTER (WHERE k.acuity >= 3) AS high_acuity,
    count(*) FILTER (WHERE k.assessment_due_on < %(today)s) AS overdue_assessment
FROM cases_case k
WHERE k.team_id = ANY(%(team_ids)s) AND k.status <> 'closed'
    AND (k.primary_case_manager_id = %(user_id)s
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s));

SELECT k.id, k.status, k.acuity, k.opened_on, k.last_contact_at, k.assessment_due_on,
    c.id, c.client_number, c.legal_first_name, c.legal_last_name, c.preferred_name,
    p.name AS program
FROM cases_case k
JOIN clients_client c ON c.id = k.client_id
JOIN accounts_program p ON p.id = k.program_id
WHERE k.team_id = ANY(%(team_ids)s) AND k.status <> 'closed'
    AND (k.primary_case_manager_id = %(user_id)s
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s))
ORDER BY k.last_contact_at NULLS FIRST, k.id
LIMIT 25;
