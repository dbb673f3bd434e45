CREATE OR REPLACE VIEW "LV_CHANNELS" AS
SELECT
    r.id AS "READING_ID",
    c.name AS "CHANNEL",
    c.power_group AS "POWER_GROUP",
    SUBSTR(c.kind, 4) AS "SUPPLY",
    r.ts AS "TIME",
    r.vmon AS "VOLTAGE",
    r.imon AS "CURRENT",
    r.state AS "STATE",
    -- The channel's alert limits, on the current.
    c.warning_low AS "WARNING_LOW",
    c.warning_high AS "WARNING_HIGH",
    c.alarm_low AS "ALARM_LOW",
    c.alarm_high AS "ALARM_HIGH"
FROM "DCS_LV_READINGS" r
-- A LEFT JOIN on the channel's key: every reading has its channel, so the rows are those of an
-- inner join, and the reading table comes first: its (TS DESC) index serves the newest-first
-- page without sorting every reading (SQLite keeps the written order of a LEFT JOIN).
LEFT JOIN "DCS_CHANNELS" c ON c.channel_id = r.channel_id
