-- Approvals: the plans submitted on the cases of the teams the supervisor supervises (they see
-- restricted cases too), oldest first, with client, author and goal count.
SELECT plan.id, plan.number, plan.created_at, c.legal_first_name, c.legal_last_name,
    u.first_name, u.last_name,
    (SELECT count(*) FROM careplans_goal g WHERE g.plan_id = plan.id) AS goals
FROM careplans_careplan plan
JOIN cases_case k ON k.id = plan.case_id
JOIN clients_client c ON c.id = k.client_id
JOIN accounts_user u ON u.id = plan.author_id
WHERE plan.status = 'submitted' AND k.team_id = ANY(%(supervised_team_ids)s)
ORDER BY plan.created_at, plan.id
LIMIT 25;
