CREATE OR REPLACE VIEW "CO2_FLOWS" AS
SELECT
    r.id AS "READING_ID",
    c.name AS "LOOP",
    c.location AS "LOCATION",
    r.ts AS "TIME",
    r.flow AS "FLOW",
    r.set_point AS "SET_POINT",
    -- The loop's alert limits, on the flow.
    c.warning_low AS "WARNING_LOW",
    c.warning_high AS "WARNING_HIGH",
    c.alarm_low AS "ALARM_LOW",
    c.alarm_high AS "ALARM_HIGH"
FROM "DCS_CO2_FLOWS" r
JOIN "DCS_CHANNELS" c ON c.channel_id = r.channel_id
