CREATE OR REPLACE VIEW "TEMPERATURES" AS
SELECT
    r.id AS "READING_ID",
    c.name AS "SENSOR",
    c.location AS "LOCATION",
    c.power_group AS "POWER_GROUP",
    r.ts AS "TIME",
    r.temperature AS "TEMPERATURE",
    -- The sensor's alert limits, on the temperature.
    c.warning_low AS "WARNING_LOW",
    c.warning_high AS "WARNING_HIGH",
    c.alarm_low AS "ALARM_LOW",
    c.alarm_high AS "ALARM_HIGH"
FROM "DCS_TEMPERATURES" r
-- A LEFT JOIN on the channel's key, as in HV_CHANNELS: the newest-first page reads the (TS DESC) index.
LEFT JOIN "DCS_CHANNELS" c ON c.channel_id = r.channel_id
