-- The unit board: the facilities and units of the user's current inpatients (the filters), how
-- many there are, then the first page of them by expected discharge, each with its client,
-- facility and plan, its open barriers and their kinds, its latest review's next date and
-- authorization end, and its latest choice list's referrals by answer. Visible: its case on
-- one of the user's teams, and not restricted unless the user is in the case's circle.
SELECT DISTINCT a.facility_id, o.name, a.unit
FROM discharge_admission a
JOIN referrals_organization o ON o.id = a.facility_id
JOIN cases_case k ON k.id = a.case_id
WHERE a.status = 'admitted' AND k.team_id = ANY(%(team_ids)s)
    AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s))
ORDER BY o.name, a.unit;

SELECT count(*)
FROM discharge_admission a
JOIN cases_case k ON k.id = a.case_id
WHERE a.status = 'admitted' AND k.team_id = ANY(%(team_ids)s)
    AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s));

SELECT a.id, a.unit, a.admitted_at, a.expected_discharge_on, a.expected_los_days,
    a.charlson_score, a.ed_visits_6_months, a.admission_type, a.returned_as,
    c.legal_first_name, c.legal_last_name, c.preferred_name, o.name AS facility,
    p.anticipated_disposition,
    p.medication_reconciled::int + p.follow_up_appointment_made::int + p.teach_back_done::int
        + p.equipment_ordered::int + p.transport_arranged::int + p.post_acute_accepted::int
        + p.patient_family_agree::int AS readiness,
    b.open_barriers, b.kinds, r.next_review_on, r.authorized_through, offer.offered_on,
    answers.accepted, answers.awaiting, answers.declined
FROM discharge_admission a
JOIN cases_case k ON k.id = a.case_id
JOIN clients_client c ON c.id = k.client_id
JOIN referrals_organization o ON o.id = a.facility_id
JOIN discharge_dischargeplan p ON p.admission_id = a.id
LEFT JOIN LATERAL (SELECT count(*) AS open_barriers, array_agg(DISTINCT kind) AS kinds
    FROM discharge_barrier WHERE plan_id = p.id AND resolved_on IS NULL) b ON true
LEFT JOIN LATERAL (SELECT next_review_on, authorized_through FROM discharge_utilizationreview
    WHERE admission_id = a.id ORDER BY reviewed_on DESC, id DESC LIMIT 1) r ON true
LEFT JOIN LATERAL (SELECT offered_on, batch_id FROM discharge_choiceoffer
    WHERE admission_id = a.id ORDER BY offered_on DESC, id DESC LIMIT 1) offer ON true
LEFT JOIN LATERAL (SELECT
        count(*) FILTER (WHERE status IN ('accepted', 'scheduled', 'completed')) AS accepted,
        count(*) FILTER (WHERE status IN ('sent', 'waitlisted')) AS awaiting,
        count(*) FILTER (WHERE status = 'declined') AS declined
    FROM referrals_referral WHERE batch_id = offer.batch_id) answers ON true
WHERE a.status = 'admitted' AND k.team_id = ANY(%(team_ids)s)
    AND (NOT k.restricted OR k.primary_case_manager_id = %(user_id)s
        OR k.team_id = ANY(%(supervised_team_ids)s)
        OR k.id IN (SELECT case_id FROM cases_careteammember WHERE user_id = %(user_id)s)
        OR k.id IN (SELECT case_id FROM cases_emergencyaccess
            WHERE user_id = %(user_id)s AND expires_at > %(now)s))
ORDER BY a.expected_discharge_on NULLS LAST, a.id
LIMIT 50;
