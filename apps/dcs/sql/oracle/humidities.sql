CREATE OR REPLACE VIEW "HUMIDITIES" AS
SELECT
    r.id AS "READING_ID",
    c.name AS "SENSOR",
    c.location AS "LOCATION",
    r.ts AS "TIME",
    r.relative_humidity AS "RELATIVE_HUMIDITY",
    r.dew_point AS "DEW_POINT",
    -- The sensor's alert limits, on the dew point.
    c.warning_low AS "WARNING_LOW",
    c.warning_high AS "WARNING_HIGH",
    c.alarm_low AS "ALARM_LOW",
    c.alarm_high AS "ALARM_HIGH"
FROM "DCS_HUMIDITIES" r
JOIN "DCS_CHANNELS" c ON c.channel_id = r.channel_id
