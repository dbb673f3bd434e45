CREATE OR REPLACE VIEW "CLEANROOM_PROBES" AS
SELECT
    r.id AS "READING_ID",
    c.name AS "PROBE",
    c.location AS "LOCATION",
    r.ts AS "TIME",
    r.temperature AS "TEMPERATURE",
    r.relative_humidity AS "RELATIVE_HUMIDITY",
    r.differential_pressure AS "DIFFERENTIAL_PRESSURE",
    -- The probe's alert limits, on the differential pressure.
    c.warning_low AS "WARNING_LOW",
    c.warning_high AS "WARNING_HIGH",
    c.alarm_low AS "ALARM_LOW",
    c.alarm_high AS "ALARM_HIGH"
FROM "DCS_CLEANROOM" r
JOIN "DCS_CHANNELS" c ON c.channel_id = r.channel_id
