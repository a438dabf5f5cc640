-- sla and dashboard count a week's resolutions from the items' (org, opened_at) index alone
-- (ItemExportQueries.resolutions): the index carries the kept resolution (migrations 133 and 142)
-- beside the columns it carried for the response figures (migration 023), so that read is an
-- index-only scan once the week's pages are all-visible. Without them it read the table: at 100k
-- events a sequential scan of all of it, 19-24 ms, against 6-7 ms index-only for the week's 18,843
-- items; at 9.2M events the week's rows scattered over the heap (docs/performance.md, issue 24).
DROP INDEX projections.response_items_org_opened;
CREATE UNIQUE INDEX response_items_org_opened ON projections.response_items (org, opened_at, item_id)
    INCLUDE (service, channel, priority, responded_at, response_seconds, business_response_seconds,
             due_at, sla_business_clock, calendar_version, policy_version,
             resolution_at, resolution_replies, resolution_business_seconds);
