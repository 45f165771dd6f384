-- The care plan page: the plan if the user may see its case, with the case's client; its goals
-- with their tasks and progress notes, and its reviews.
SELECT plan.*, c.client_number, c.legal_first_name, c.legal_last_name
FROM careplans_careplan plan
JOIN cases_case k ON k.id = plan.case_id
JOIN clients_client c ON c.id = k.client_id
WHERE plan.id = %(plan_id)s AND k.team_id = ANY(%(team_ids)s)
    AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s));

SELECT g.id, g.statement, g.status, g.priority, d.name AS domain
FROM careplans_goal g
JOIN assessments_domain d ON d.id = g.domain_id
WHERE g.plan_id = %(plan_id)s
ORDER BY d."order", g.priority DESC, g.id;

SELECT t.id, t.goal_id, t.description, t.status, t.priority, t.due_on
FROM careplans_task t
JOIN careplans_goal g ON g.id = t.goal_id
WHERE g.plan_id = %(plan_id)s
ORDER BY t.priority DESC, t.due_on NULLS LAST, t.id;

SELECT gp.goal_id, gp.note, gp.created_at FROM careplans_goalprogress gp
JOIN careplans_goal g ON g.id = gp.goal_id
WHERE g.plan_id = %(plan_id)s
ORDER BY gp.created_at DESC, gp.id DESC;

SELECT reviewed_on, summary FROM careplans_progressreview
WHERE plan_id = %(plan_id)s ORDER BY reviewed_on DESC, id DESC;
