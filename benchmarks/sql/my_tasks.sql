-- My tasks: the count and first page of the open tasks in force on the cases the user carries,
-- with each task's client, soonest due first. The caseload is read first (an array, as the page
-- passes its ids), so the tasks are read through their case's index.
SELECT count(*) FROM careplans_task t
LEFT JOIN careplans_goal g ON g.id = t.goal_id
LEFT JOIN careplans_careplan plan ON plan.id = g.plan_id
WHERE t.case_id = ANY(ARRAY(
        SELECT id FROM cases_case
        WHERE team_id = ANY(%(team_ids)s) AND status <> 'closed'
            AND (primary_case_manager_id = %(user_id)s
                OR id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s))))
    AND t.status = 'open' AND (t.goal_id IS NULL OR plan.status = 'active');

SELECT t.id, t.description, t.priority, t.due_on, c.legal_first_name, c.legal_last_name
FROM careplans_task t
JOIN cases_case k ON k.id = t.case_id
JOIN clients_client c ON c.id = k.client_id
LEFT JOIN careplans_goal g ON g.id = t.goal_id
LEFT JOIN careplans_careplan plan ON plan.id = g.plan_id
WHERE t.case_id = ANY(ARRAY(
        SELECT id FROM cases_case
        WHERE team_id = ANY(%(team_ids)s) AND status <> 'closed'
            AND (primary_case_manager_id = %(user_id)s
                OR id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s))))
    AND t.status = 'open' AND (t.goal_id IS NULL OR plan.status = 'active')
ORDER BY t.due_on NULLS LAST, t.priority DESC, t.id
LIMIT 25;
