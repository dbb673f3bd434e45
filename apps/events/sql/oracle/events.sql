CREATE OR REPLACE VIEW "EVENTS" AS
-- One timeline of what happened, each kind derived from its source tables: runs starting and
-- ending, LV/HV channels off or tripped, DCS readings beyond their limits, CO2 set-point changes,
-- FED channels the DAQ masked during a run, ROCs automasked during a run, FED error bursts
-- (FED_ERROR_BURSTS), runs with readback outliers (READBACK_OUTLIERS).
-- Each arm finds its events through indexes on its source tables (docs/oracle.md), so that a
-- filter on START_TIME reads only that window's rows. The first arm names the columns.
-- Runs starting and ending.
SELECT
    'run-start-' || r.run_number AS "EVENT_ID", r.start_time AS "START_TIME", CAST(NULL AS TIMESTAMP) AS "END_TIME",
    'run' AS "SOURCE", 'run_start' AS "KIND", 'info' AS "SEVERITY", 'run ' || r.run_number AS "SUBJECT",
    'Run ' || r.run_number || ' started' || NVL2(r.fill_number, ' in fill ' || r.fill_number, '') AS "TEXT",
    r.run_number AS "RUN_NUMBER", 1 AS "LUMISECTION_NUMBER", 'lumi_deadtime' AS "PAGE",
    'run=' || r.run_number AS "SELECTION"
FROM "OMS_RUNS" r
UNION ALL
SELECT
    'run-end-' || r.run_number, r.end_time, CAST(NULL AS TIMESTAMP), 'run', 'run_end', 'info', 'run ' || r.run_number,
    'Run ' || r.run_number || ' ended', r.run_number,
    (SELECT MAX(l.lumisection_number) FROM "OMS_LUMISECTIONS" l WHERE l.run_number = r.run_number),
    'lumi_deadtime', 'run=' || r.run_number
FROM "OMS_RUNS" r
WHERE r.end_time IS NOT NULL
UNION ALL
-- LV channels off or tripped, until their next record in another state (the channel
-- is looked up per event: the readings are then found by their state's index).
SELECT
    'power-lv-' || r.id, r.ts,
    (SELECT n.ts FROM "DCS_LV_READINGS" n WHERE n.channel_id = r.channel_id AND n.ts > r.ts AND n.state <> r.state
     ORDER BY n.ts FETCH FIRST 1 ROWS ONLY),
    'power', CASE r.state WHEN 'TRIPPED' THEN 'trip' ELSE 'off' END,
    CASE r.state WHEN 'TRIPPED' THEN 'alarm' ELSE 'warning' END,
    (SELECT c.power_group FROM "DCS_CHANNELS" c WHERE c.channel_id = r.channel_id),
    'LV channel ' || (SELECT c.name FROM "DCS_CHANNELS" c WHERE c.channel_id = r.channel_id) || ' ' || CASE r.state WHEN 'TRIPPED' THEN 'tripped' ELSE 'switched off' END,
    CAST(NULL AS NUMBER(10)), CAST(NULL AS NUMBER(10)), 'power', CAST(NULL AS VARCHAR2(64))
FROM "DCS_LV_READINGS" r
WHERE r.state IN ('OFF', 'TRIPPED')
  AND NVL((SELECT p.state FROM "DCS_LV_READINGS" p WHERE p.channel_id = r.channel_id AND p.ts < r.ts
           ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY), 'NONE') <> r.state
UNION ALL
-- HV channels off or tripped, until their next record in another state (the channel
-- is looked up per event: the readings are then found by their state's index).
SELECT
    'power-hv-' || r.id, r.ts,
    (SELECT n.ts FROM "DCS_HV_READINGS" n WHERE n.channel_id = r.channel_id AND n.ts > r.ts AND n.state <> r.state
     ORDER BY n.ts FETCH FIRST 1 ROWS ONLY),
    'power', CASE r.state WHEN 'TRIPPED' THEN 'trip' ELSE 'off' END,
    CASE r.state WHEN 'TRIPPED' THEN 'alarm' ELSE 'warning' END,
    (SELECT c.power_group FROM "DCS_CHANNELS" c WHERE c.channel_id = r.channel_id),
    'HV channel ' || (SELECT c.name FROM "DCS_CHANNELS" c WHERE c.channel_id = r.channel_id) || ' ' || CASE r.state WHEN 'TRIPPED' THEN 'tripped' ELSE 'switched off' END,
    CAST(NULL AS NUMBER(10)), CAST(NULL AS NUMBER(10)), 'power', CAST(NULL AS VARCHAR2(64))
FROM "DCS_HV_READINGS" r
WHERE r.state IN ('OFF', 'TRIPPED')
  AND NVL((SELECT p.state FROM "DCS_HV_READINGS" p WHERE p.channel_id = r.channel_id AND p.ts < r.ts
           ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY), 'NONE') <> r.state
UNION ALL
-- LV current: from the first reading beyond a limit to the next one back inside; the worst
-- level in between. The readings beyond a limit are few: each channel's are an index range per
-- side of its (CHANNEL_ID, value) index. START_TIME is COALESCE(ts, ts) so that a window's filter
-- is checked on those few rows instead of choosing the (CHANNEL_ID, TS) index, which reads every
-- reading of the window (the week's HV currents: 57 ms -> 0.1 ms); the channels are read first
-- (CROSS JOIN: SQLite keeps that order) rather than a small table's every reading (dew point 6 ms).
SELECT
    'dcs-lv-' || o.id, COALESCE(o.ts, o.ts), o.end_ts, 'dcs', 'out_of_limits',
    CASE WHEN EXISTS (SELECT 1 FROM "DCS_LV_READINGS" a WHERE a.channel_id = o.channel_id AND a.ts >= o.ts
                      AND (o.end_ts IS NULL OR a.ts < o.end_ts) AND (a.imon > o.alarm_high OR a.imon < o.alarm_low))
         THEN 'alarm' ELSE 'warning' END,
    o.name,
    'LV current of ' || o.name || CASE WHEN o.imon > o.warning_high OR o.imon > o.alarm_high THEN ' above' ELSE ' below' END || ' its limits',
    CAST(NULL AS NUMBER(10)), CAST(NULL AS NUMBER(10)), 'power', CAST(NULL AS VARCHAR2(64))
FROM (
    SELECT r.id, r.channel_id, r.ts, r.imon, c.name, c.warning_high, c.alarm_high, c.alarm_low,
        (SELECT n.ts FROM "DCS_LV_READINGS" n
         WHERE n.channel_id = r.channel_id AND n.ts > r.ts AND CASE WHEN (n.imon > COALESCE(c.warning_high, c.alarm_high) OR n.imon < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END = 0
         ORDER BY n.ts FETCH FIRST 1 ROWS ONLY) AS end_ts
    FROM "DCS_CHANNELS" c
    CROSS JOIN "DCS_LV_READINGS" r
    WHERE c.kind IN ('lv_analog', 'lv_digital') AND r.channel_id = c.channel_id AND (r.imon > COALESCE(c.warning_high, c.alarm_high) OR r.imon < COALESCE(c.warning_low, c.alarm_low))
      AND NVL((SELECT CASE WHEN (p.imon > COALESCE(c.warning_high, c.alarm_high) OR p.imon < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END FROM "DCS_LV_READINGS" p
               WHERE p.channel_id = r.channel_id AND p.ts < r.ts ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY), 0) = 0
) o
UNION ALL
-- HV current: from the first reading beyond a limit to the next one back inside; the worst
-- level in between. The readings beyond a limit are few: each channel's are an index range per
-- side of its (CHANNEL_ID, value) index. START_TIME is COALESCE(ts, ts) so that a window's filter
-- is checked on those few rows instead of choosing the (CHANNEL_ID, TS) index, which reads every
-- reading of the window (the week's HV currents: 57 ms -> 0.1 ms); the channels are read first
-- (CROSS JOIN: SQLite keeps that order) rather than a small table's every reading (dew point 6 ms).
SELECT
    'dcs-hv-' || o.id, COALESCE(o.ts, o.ts), o.end_ts, 'dcs', 'out_of_limits',
    CASE WHEN EXISTS (SELECT 1 FROM "DCS_HV_READINGS" a WHERE a.channel_id = o.channel_id AND a.ts >= o.ts
                      AND (o.end_ts IS NULL OR a.ts < o.end_ts) AND (a.imon > o.alarm_high OR a.imon < o.alarm_low))
         THEN 'alarm' ELSE 'warning' END,
    o.name,
    'HV current of ' || o.name || CASE WHEN o.imon > o.warning_high OR o.imon > o.alarm_high THEN ' above' ELSE ' below' END || ' its limits',
    CAST(NULL AS NUMBER(10)), CAST(NULL AS NUMBER(10)), 'power', CAST(NULL AS VARCHAR2(64))
FROM (
    SELECT r.id, r.channel_id, r.ts, r.imon, c.name, c.warning_high, c.alarm_high, c.alarm_low,
        (SELECT n.ts FROM "DCS_HV_READINGS" n
         WHERE n.channel_id = r.channel_id AND n.ts > r.ts AND CASE WHEN (n.imon > COALESCE(c.warning_high, c.alarm_high) OR n.imon < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END = 0
         ORDER BY n.ts FETCH FIRST 1 ROWS ONLY) AS end_ts
    FROM "DCS_CHANNELS" c
    CROSS JOIN "DCS_HV_READINGS" r
    WHERE c.kind IN ('hv') AND r.channel_id = c.channel_id AND (r.imon > COALESCE(c.warning_high, c.alarm_high) OR r.imon < COALESCE(c.warning_low, c.alarm_low))
      AND NVL((SELECT CASE WHEN (p.imon > COALESCE(c.warning_high, c.alarm_high) OR p.imon < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END FROM "DCS_HV_READINGS" p
               WHERE p.channel_id = r.channel_id AND p.ts < r.ts ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY), 0) = 0
) o
UNION ALL
-- Temperature: from the first reading beyond a limit to the next one back inside; the worst
-- level in between. The readings beyond a limit are few: each channel's are an index range per
-- side of its (CHANNEL_ID, value) index. START_TIME is COALESCE(ts, ts) so that a window's filter
-- is checked on those few rows instead of choosing the (CHANNEL_ID, TS) index, which reads every
-- reading of the window (the week's HV currents: 57 ms -> 0.1 ms); the channels are read first
-- (CROSS JOIN: SQLite keeps that order) rather than a small table's every reading (dew point 6 ms).
SELECT
    'dcs-temperatures-' || o.id, COALESCE(o.ts, o.ts), o.end_ts, 'dcs', 'out_of_limits',
    CASE WHEN EXISTS (SELECT 1 FROM "DCS_TEMPERATURES" a WHERE a.channel_id = o.channel_id AND a.ts >= o.ts
                      AND (o.end_ts IS NULL OR a.ts < o.end_ts) AND (a.temperature > o.alarm_high OR a.temperature < o.alarm_low))
         THEN 'alarm' ELSE 'warning' END,
    o.name,
    'Temperature of ' || o.name || CASE WHEN o.temperature > o.warning_high OR o.temperature > o.alarm_high THEN ' above' ELSE ' below' END || ' its limits',
    CAST(NULL AS NUMBER(10)), CAST(NULL AS NUMBER(10)), 'cooling', CAST(NULL AS VARCHAR2(64))
FROM (
    SELECT r.id, r.channel_id, r.ts, r.temperature, c.name, c.warning_high, c.alarm_high, c.alarm_low,
        (SELECT n.ts FROM "DCS_TEMPERATURES" n
         WHERE n.channel_id = r.channel_id AND n.ts > r.ts AND CASE WHEN (n.temperature > COALESCE(c.warning_high, c.alarm_high) OR n.temperature < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END = 0
         ORDER BY n.ts FETCH FIRST 1 ROWS ONLY) AS end_ts
    FROM "DCS_CHANNELS" c
    CROSS JOIN "DCS_TEMPERATURES" r
    WHERE c.kind IN ('temperature') AND r.channel_id = c.channel_id AND (r.temperature > COALESCE(c.warning_high, c.alarm_high) OR r.temperature < COALESCE(c.warning_low, c.alarm_low))
      AND NVL((SELECT CASE WHEN (p.temperature > COALESCE(c.warning_high, c.alarm_high) OR p.temperature < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END FROM "DCS_TEMPERATURES" p
               WHERE p.channel_id = r.channel_id AND p.ts < r.ts ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY), 0) = 0
) o
UNION ALL
-- CO2 flow: from the first reading beyond a limit to the next one back inside; the worst
-- level in between. The readings beyond a limit are few: each channel's are an index range per
-- side of its (CHANNEL_ID, value) index. START_TIME is COALESCE(ts, ts) so that a window's filter
-- is checked on those few rows instead of choosing the (CHANNEL_ID, TS) index, which reads every
-- reading of the window (the week's HV currents: 57 ms -> 0.1 ms); the channels are read first
-- (CROSS JOIN: SQLite keeps that order) rather than a small table's every reading (dew point 6 ms).
SELECT
    'dcs-co2_flows-' || o.id, COALESCE(o.ts, o.ts), o.end_ts, 'dcs', 'out_of_limits',
    CASE WHEN EXISTS (SELECT 1 FROM "DCS_CO2_FLOWS" a WHERE a.channel_id = o.channel_id AND a.ts >= o.ts
                      AND (o.end_ts IS NULL OR a.ts < o.end_ts) AND (a.flow > o.alarm_high OR a.flow < o.alarm_low))
         THEN 'alarm' ELSE 'warning' END,
    o.name,
    'CO2 flow of ' || o.name || CASE WHEN o.flow > o.warning_high OR o.flow > o.alarm_high THEN ' above' ELSE ' below' END || ' its limits',
    CAST(NULL AS NUMBER(10)), CAST(NULL AS NUMBER(10)), 'cooling', CAST(NULL AS VARCHAR2(64))
FROM (
    SELECT r.id, r.channel_id, r.ts, r.flow, c.name, c.warning_high, c.alarm_high, c.alarm_low,
        (SELECT n.ts FROM "DCS_CO2_FLOWS" n
         WHERE n.channel_id = r.channel_id AND n.ts > r.ts AND CASE WHEN (n.flow > COALESCE(c.warning_high, c.alarm_high) OR n.flow < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END = 0
         ORDER BY n.ts FETCH FIRST 1 ROWS ONLY) AS end_ts
    FROM "DCS_CHANNELS" c
    CROSS JOIN "DCS_CO2_FLOWS" r
    WHERE c.kind IN ('co2') AND r.channel_id = c.channel_id AND (r.flow > COALESCE(c.warning_high, c.alarm_high) OR r.flow < COALESCE(c.warning_low, c.alarm_low))
      AND NVL((SELECT CASE WHEN (p.flow > COALESCE(c.warning_high, c.alarm_high) OR p.flow < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END FROM "DCS_CO2_FLOWS" p
               WHERE p.channel_id = r.channel_id AND p.ts < r.ts ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY), 0) = 0
) o
UNION ALL
-- Dew point: from the first reading beyond a limit to the next one back inside; the worst
-- level in between. The readings beyond a limit are few: each channel's are an index range per
-- side of its (CHANNEL_ID, value) index. START_TIME is COALESCE(ts, ts) so that a window's filter
-- is checked on those few rows instead of choosing the (CHANNEL_ID, TS) index, which reads every
-- reading of the window (the week's HV currents: 57 ms -> 0.1 ms); the channels are read first
-- (CROSS JOIN: SQLite keeps that order) rather than a small table's every reading (dew point 6 ms).
SELECT
    'dcs-humidities-' || o.id, COALESCE(o.ts, o.ts), o.end_ts, 'dcs', 'out_of_limits',
    CASE WHEN EXISTS (SELECT 1 FROM "DCS_HUMIDITIES" a WHERE a.channel_id = o.channel_id AND a.ts >= o.ts
                      AND (o.end_ts IS NULL OR a.ts < o.end_ts) AND (a.dew_point > o.alarm_high OR a.dew_point < o.alarm_low))
         THEN 'alarm' ELSE 'warning' END,
    o.name,
    'Dew point of ' || o.name || CASE WHEN o.dew_point > o.warning_high OR o.dew_point > o.alarm_high THEN ' above' ELSE ' below' END || ' its limits',
    CAST(NULL AS NUMBER(10)), CAST(NULL AS NUMBER(10)), 'cooling', CAST(NULL AS VARCHAR2(64))
FROM (
    SELECT r.id, r.channel_id, r.ts, r.dew_point, c.name, c.warning_high, c.alarm_high, c.alarm_low,
        (SELECT n.ts FROM "DCS_HUMIDITIES" n
         WHERE n.channel_id = r.channel_id AND n.ts > r.ts AND CASE WHEN (n.dew_point > COALESCE(c.warning_high, c.alarm_high) OR n.dew_point < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END = 0
         ORDER BY n.ts FETCH FIRST 1 ROWS ONLY) AS end_ts
    FROM "DCS_CHANNELS" c
    CROSS JOIN "DCS_HUMIDITIES" r
    WHERE c.kind IN ('humidity') AND r.channel_id = c.channel_id AND (r.dew_point > COALESCE(c.warning_high, c.alarm_high) OR r.dew_point < COALESCE(c.warning_low, c.alarm_low))
      AND NVL((SELECT CASE WHEN (p.dew_point > COALESCE(c.warning_high, c.alarm_high) OR p.dew_point < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END FROM "DCS_HUMIDITIES" p
               WHERE p.channel_id = r.channel_id AND p.ts < r.ts ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY), 0) = 0
) o
UNION ALL
-- Clean-room pressure: from the first reading beyond a limit to the next one back inside; the worst
-- level in between. The readings beyond a limit are few: each channel's are an index range per
-- side of its (CHANNEL_ID, value) index. START_TIME is COALESCE(ts, ts) so that a window's filter
-- is checked on those few rows instead of choosing the (CHANNEL_ID, TS) index, which reads every
-- reading of the window (the week's HV currents: 57 ms -> 0.1 ms); the channels are read first
-- (CROSS JOIN: SQLite keeps that order) rather than a small table's every reading (dew point 6 ms).
SELECT
    'dcs-cleanroom-' || o.id, COALESCE(o.ts, o.ts), o.end_ts, 'dcs', 'out_of_limits',
    CASE WHEN EXISTS (SELECT 1 FROM "DCS_CLEANROOM" a WHERE a.channel_id = o.channel_id AND a.ts >= o.ts
                      AND (o.end_ts IS NULL OR a.ts < o.end_ts) AND (a.differential_pressure > o.alarm_high OR a.differential_pressure < o.alarm_low))
         THEN 'alarm' ELSE 'warning' END,
    o.name,
    'Clean-room pressure of ' || o.name || CASE WHEN o.differential_pressure > o.warning_high OR o.differential_pressure > o.alarm_high THEN ' above' ELSE ' below' END || ' its limits',
    CAST(NULL AS NUMBER(10)), CAST(NULL AS NUMBER(10)), 'cooling', CAST(NULL AS VARCHAR2(64))
FROM (
    SELECT r.id, r.channel_id, r.ts, r.differential_pressure, c.name, c.warning_high, c.alarm_high, c.alarm_low,
        (SELECT n.ts FROM "DCS_CLEANROOM" n
         WHERE n.channel_id = r.channel_id AND n.ts > r.ts AND CASE WHEN (n.differential_pressure > COALESCE(c.warning_high, c.alarm_high) OR n.differential_pressure < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END = 0
         ORDER BY n.ts FETCH FIRST 1 ROWS ONLY) AS end_ts
    FROM "DCS_CHANNELS" c
    CROSS JOIN "DCS_CLEANROOM" r
    WHERE c.kind IN ('cleanroom') AND r.channel_id = c.channel_id AND (r.differential_pressure > COALESCE(c.warning_high, c.alarm_high) OR r.differential_pressure < COALESCE(c.warning_low, c.alarm_low))
      AND NVL((SELECT CASE WHEN (p.differential_pressure > COALESCE(c.warning_high, c.alarm_high) OR p.differential_pressure < COALESCE(c.warning_low, c.alarm_low)) THEN 1 ELSE 0 END FROM "DCS_CLEANROOM" p
               WHERE p.channel_id = r.channel_id AND p.ts < r.ts ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY), 0) = 0
) o
UNION ALL
-- CO2 set-point changes: a loop's reading with another set point than its previous one.
SELECT
    'dcs-set-point-' || r.id, r.ts, CAST(NULL AS TIMESTAMP), 'dcs', 'set_point', 'info', c.name,
    'CO2 set point of ' || c.name || ' changed to ' || TO_CHAR(r.set_point) || ' g/s',
    CAST(NULL AS NUMBER(10)), CAST(NULL AS NUMBER(10)), 'cooling', CAST(NULL AS VARCHAR2(64))
FROM "DCS_CO2_FLOWS" r
JOIN "DCS_CHANNELS" c ON c.channel_id = r.channel_id
WHERE r.set_point <> (SELECT p.set_point FROM "DCS_CO2_FLOWS" p WHERE p.channel_id = r.channel_id AND p.ts < r.ts
                      ORDER BY p.ts DESC FETCH FIRST 1 ROWS ONLY)
UNION ALL
-- FED channels the DAQ masked during a run (not from its first lumisection), per FED and
-- interval: from the start of the first masked lumisection to the end of the last. The start
-- time is grouped on, so that a filter on it reaches the lumisections (an index) first.
SELECT
    'daq-mask-' || m.run_number || '-' || m.fed_id || '-' || m.first_ls || '-' || m.last_ls, m.start_time, t.end_time,
    'daq', 'channels_masked', 'warning', 'FED ' || m.fed_id,
    m.channels || CASE WHEN m.channels = 1 THEN ' channel' ELSE ' channels' END || ' of FED ' || m.fed_id
        || ' masked by the DAQ, LS ' || m.first_ls || '-' || m.last_ls,
    m.run_number, m.first_ls, 'fed_channels', 'run=' || m.run_number || '&fed_channel=' || m.fed_id || '/' || m.first_channel
FROM (
    SELECT s.run_number, s.fed_id, s.first_ls, s.last_ls, f.start_time, COUNT(*) AS channels, MIN(s.fed_channel) AS first_channel
    FROM "OMS_LUMISECTIONS" f
    JOIN "PXL_FED_CHANNEL_STATES" s ON s.run_number = f.run_number AND s.first_ls = f.lumisection_number
    WHERE s.state = 'masked' AND s.first_ls > 1
    GROUP BY s.run_number, s.fed_id, s.first_ls, s.last_ls, f.start_time
) m
JOIN "OMS_LUMISECTIONS" t ON t.run_number = m.run_number AND t.lumisection_number = m.last_ls
UNION ALL
-- ROCs automasked during a run, per module and interval: until they are recovered.
SELECT
    'masking-' || m.run_number || '-' || m.first_ls || '-' || m.last_ls || '-' || m.module_name, m.start_time, t.end_time,
    'masking', 'rocs_automasked', 'warning', m.module_name,
    m.rocs || CASE WHEN m.rocs = 1 THEN ' ROC' ELSE ' ROCs' END || ' of ' || m.module_name || ' automasked, LS ' || m.first_ls || '-' || m.last_ls,
    m.run_number, m.first_ls, 'masked_over_time', 'run=' || m.run_number
FROM (
    SELECT x.run_number, x.first_ls, x.last_ls, p.module_name, f.start_time, COUNT(*) AS rocs
    FROM "OMS_LUMISECTIONS" f
    JOIN "PXL_MASKED_ROCS" x ON x.run_number = f.run_number AND x.first_ls = f.lumisection_number
    JOIN "PXL_ROCS" p ON p.roc_name = x.roc_name
    WHERE x.source = 'automask' AND x.first_ls > 1
    GROUP BY x.run_number, x.first_ls, x.last_ls, p.module_name, f.start_time
) m
JOIN "OMS_LUMISECTIONS" t ON t.run_number = m.run_number AND t.lumisection_number = m.last_ls
UNION ALL
-- FED error bursts (FED_ERROR_BURSTS, computed once per run): an alarm from 30 LS.
SELECT
    'daq-burst-' || b.burst_id, b.start_time, b.end_time, 'daq',
    'error_burst', CASE WHEN b.last_ls - b.first_ls >= 29 THEN 'alarm' ELSE 'warning' END,
    'FED ' || b.fed_id,
    b.errors || ' errors on FED ' || b.fed_id || ', LS ' || b.first_ls || '-' || b.last_ls,
    b.run_number, b.first_ls, 'fed_errors', 'run=' || b.run_number
FROM "FED_ERROR_BURSTS" b
UNION ALL
-- Readback outliers: one event per run with ROCs beyond |robust z| > 3 of their layer or ring,
-- at the run's start (READBACK_OUTLIERS, computed once per run).
SELECT
    'readback-vana-' || r.run_number, r.start_time, CAST(NULL AS TIMESTAMP), 'daq', 'readback_outlier', 'warning',
    'run ' || r.run_number,
    o.outliers || CASE WHEN o.outliers = 1 THEN ' ROC' ELSE ' ROCs' END || ' with Vana beyond |robust z| > 3 of their layer or ring',
    r.run_number, CAST(NULL AS NUMBER(10)), 'readback', 'run=' || r.run_number
FROM "OMS_RUNS" r
JOIN (
    SELECT x.run_number, COUNT(*) AS outliers FROM "READBACK_OUTLIERS" x GROUP BY x.run_number
) o ON o.run_number = r.run_number
