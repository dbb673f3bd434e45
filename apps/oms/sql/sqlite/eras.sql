CREATE VIEW "ERAS" AS
SELECT
    f.era AS "NAME",
    MIN(f.start_time) AS "START_TIME",
    MAX(f.end_time) AS "END_TIME",
    MIN(f.fill_number) AS "FIRST_FILL_NUMBER",
    MAX(f.fill_number) AS "LAST_FILL_NUMBER"
FROM "OMS_FILLS" f
GROUP BY f.era
