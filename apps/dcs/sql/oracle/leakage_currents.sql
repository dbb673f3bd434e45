CREATE OR REPLACE VIEW "LEAKAGE_CURRENTS" AS
-- Leakage currents: HV readings at full bias (state ON). The corrected currents are those the
-- modules would draw at the reference temperature T_ref = 20 °C (293.15 K):
--   I(T_ref) = I(T) · (T_ref / T)² · exp(E_eff / 2k · (1 / T − 1 / T_ref)),
--   E_eff = 1.21 eV, k = 8.617333262E-5 eV/K,
-- T being the last reading of the temperature sensor on the channel's modules.
SELECT
    y.reading_id AS "READING_ID",
    y.channel AS "CHANNEL",
    y.power_group AS "POWER_GROUP",
    SUBSTR(y.channel, 1, 4) AS "SUBDETECTOR",
    y.layer AS "LAYER",
    y.ring AS "RING",
    y.modules AS "MODULES",
    y.ts AS "TIME",
    y.imon AS "CURRENT",
    y.imon / y.modules AS "CURRENT_PER_MODULE",
    y.temperature AS "TEMPERATURE",
    y.imon * y.to_reference AS "CORRECTED_CURRENT",
    y.imon * y.to_reference / y.modules AS "CORRECTED_PER_MODULE",
    -- The HV channel's alert limits, on the current.
    y.warning_low AS "WARNING_LOW",
    y.warning_high AS "WARNING_HIGH",
    y.alarm_low AS "ALARM_LOW",
    y.alarm_high AS "ALARM_HIGH"
FROM (
    SELECT
        x.*,
        POWER(293.15 / (x.temperature + 273.15), 2)
            * EXP(1.21 / (2 * 8.617333262E-5) * (1 / (x.temperature + 273.15) - 1 / 293.15)) AS to_reference
    FROM (
        SELECT
            r.id AS reading_id, c.name AS channel, c.power_group, c.layer, c.ring, c.modules, r.ts, r.imon,
            c.warning_low, c.warning_high, c.alarm_low, c.alarm_high,
            -- NULLS LAST (times are never NULL): the order an index on (channel_id, ts) gives.
            (SELECT t.temperature FROM "DCS_TEMPERATURES" t
             WHERE t.channel_id = c.sensor_id AND t.ts <= r.ts
             ORDER BY t.ts DESC NULLS LAST FETCH FIRST 1 ROW ONLY) AS temperature
        FROM "DCS_HV_READINGS" r
        JOIN "DCS_CHANNELS" c ON c.channel_id = r.channel_id
        WHERE r.state = 'ON'
    ) x
) y
