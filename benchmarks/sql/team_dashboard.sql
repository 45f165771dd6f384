-- Team dashboard: per primary case manager of the supervisor's first team, the open cases, the
-- new ones, the assessments overdue and the acuity-weighted load, in one grouped query (the
-- page adds the other figures' grouped queries, its overdue lists and its weekly chart).
SELECT k.primary_case_manager_id, count(*) AS open_cases,
    count(*) FILTER (WHERE k.opened_on > %(today)s - 30) AS new_cases,
    count(*) FILTER (WHERE k.assessment_due_on < %(today)s) AS assessments_overdue,
    sum(CASE k.acuity WHEN 1 THEN 1 WHEN 2 THEN 2 WHEN 3 THEN 3 ELSE 4 END) AS load
FROM cases_case k
WHERE k.team_id = %(team_id)s AND k.status <> 'closed'
GROUP BY k.primary_case_manager_id;
