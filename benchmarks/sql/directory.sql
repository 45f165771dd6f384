-- The directory search: active organizations' services whose name, description, eligibility or
-- organization name holds the words, by organization and service name.
SELECT s.id, s.name, s.description, s.eligibility, o.name AS organization, o.phone
FROM referrals_service s
JOIN referrals_organization o ON o.id = s.organization_id
WHERE o.is_active
    AND (s.name ILIKE '%%' || %(q)s || '%%' OR s.description ILIKE '%%' || %(q)s || '%%'
        OR o.name ILIKE '%%' || %(q)s || '%%' OR s.eligibility ILIKE '%%' || %(q)s || '%%')
ORDER BY o.name, s.name
LIMIT 25;
