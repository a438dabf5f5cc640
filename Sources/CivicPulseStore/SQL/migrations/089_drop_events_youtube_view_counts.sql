-- Served only the weekly summary's look-up of a YouTube video's latest view count (migration 020),
-- which reads projections.youtube_videos now; every append paid for it.
DROP INDEX civicpulse.events_youtube_view_counts;
