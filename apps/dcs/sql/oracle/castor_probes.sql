CREATE OR REPLACE VIEW "CASTOR_PROBES" AS
-- The integration DB's copy keys readings by probe name; the limits are the DCS channel's.
SELECT
    p.id AS "READING_ID",
    p.probe AS "PROBE",
    c.location AS "LOCATION",
    p.ts AS "TIME",
    p.temperature AS "TEMPERATURE",
    p.dew_point AS "DEW_POINT",
    -- The probe's alert limits, on the temperature.
    c.warning_low AS "WARNING_LOW",
    c.warning_high AS "WARNING_HIGH",
    c.alarm_low AS "ALARM_LOW",
    c.alarm_high AS "ALARM_HIGH"
FROM "INTDB_CASTOR_PROBES" p
JOIN "DCS_CHANNELS" c ON c.name = p.probe
