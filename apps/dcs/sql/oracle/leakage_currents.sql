CREATE OR REPLACE VIEW "LEAKAGE_CURRENTS" AS
-- Leakage currents: HV readings at full bias (state ON). The corrected currents are those the
-- modules would draw at the reference temperature T_ref = 20 °C (293.15 K):
--   I(T_ref) = I(T) · (T_ref / T)² · exp(E_eff / 2k · (1 / T − 1 / T_ref)),
--   E_eff = 1.21 eV, k = 8.617333262E-5 eV/K,
-- T being the last reading of the temperature sensor on the channel's modules at or before the
-- current's (a current read before its sensor's first reading has no TEMPERATURE and no corrected
-- current).
SELECT
    x.reading_id AS "READING_ID",
    x.channel AS "CHANNEL",
    x.power_group AS "POWER_GROUP",
    SUBSTR(x.channel, 1, 4) AS "SUBDETECTOR",
    x.layer AS "LAYER",
    x.ring AS "RING",
    x.modules AS "MODULES",
    x.ts AS "TIME",
    x.imon AS "CURRENT",
    x.imon / x.modules AS "CURRENT_PER_MODULE",
    x.temperature AS "TEMPERATURE",
    x.imon * x.to_reference AS "CORRECTED_CURRENT",
    x.imon * x.to_reference / x.modules AS "CORRECTED_PER_MODULE",
    -- The HV channel's alert limits, on the current.
    x.warning_low AS "WARNING_LOW",
    x.warning_high AS "WARNING_HIGH",
    x.alarm_low AS "ALARM_LOW",
    x.alarm_high AS "ALARM_HIGH"
FROM (
    SELECT
        r.id AS reading_id, c.name AS channel, c.power_group, c.layer, c.ring, c.modules, r.ts, r.imon,
        t.temperature,
        POWER(293.15 / (t.temperature + 273.15), 2)
            * EXP(1.21 / (2 * 8.617333262E-5) * (1 / (t.temperature + 273.15) - 1 / 293.15)) AS to_reference,
        c.warning_low, c.warning_high, c.alarm_low, c.alarm_high
    FROM "DCS_HV_READINGS" r
    -- LEFT JOINs on unique keys, so that the rows are the readings' alone: the newest-first page
    -- walks the readings' (STATE, TS DESC) index and looks up the channel and the
    -- temperature of its own rows only, and a count looks up neither.
    LEFT JOIN "DCS_CHANNELS" c ON c.channel_id = r.channel_id
    -- A join, not a scalar subquery per use of the temperature: one lookup per reading. The
    -- reading's id, found by one descent of the (channel, time) index (a MAX() and a second
    -- lookup by time took twice as long on SQLite). The sensor is looked up from the reading, not
    -- from c: a join that refers to c keeps SQLite from leaving c out of a count.
    LEFT JOIN "DCS_TEMPERATURES" t ON t.id = (
        SELECT u.id FROM "DCS_TEMPERATURES" u
        WHERE u.channel_id = (SELECT s.sensor_id FROM "DCS_CHANNELS" s WHERE s.channel_id = r.channel_id)
          AND u.ts <= r.ts
        ORDER BY u.ts DESC FETCH FIRST 1 ROWS ONLY
    )
    WHERE r.state = 'ON'
) x
