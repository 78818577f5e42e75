-- 0029-dashboard.sql (PostgreSQL): the dashboard's figures, kept, not
-- counted (issue 15; docs/performance.md "The dashboard").  One row per
-- organisation, year and figure: the figure of the organisation's whole
-- subtree (itself included), kept up the chain of its path like
-- meeting_finding_count, by the writes that change it, in their
-- transaction:
--   m.<level>, m.pending: members evaluated in the year's period, by
--     decided level (htxs, htt, ht, kht, not_classified) or not decided;
--   c.<level>, c.pending: cells (organisations that hold members) the
--     same way;
--   mt.required, mt.held, mt.expected, mt.present: the kept meetings
--     check's months judged (a regular meeting required), those with
--     one held, the members expected at the held meetings and present;
-- and, on the organisation's own row only (not up the chain), own.mt.*:
-- its own meeting figures, so that a rewrite adds only the difference.
CREATE TABLE IF NOT EXISTS dashboard_tally (
	org_id		bigint NOT NULL REFERENCES org (id),
	year		bigint NOT NULL,
	figure		text NOT NULL,
	n		bigint NOT NULL,
	PRIMARY KEY (org_id, year, figure)
);
