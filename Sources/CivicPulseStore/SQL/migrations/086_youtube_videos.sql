-- Each YouTube video's title (its record latest in the log) and latest view count (the latest
-- reading; of two read at once, the higher), for the weekly summary's most discussed videos.
CREATE TABLE projections.youtube_videos (
    video_id       text PRIMARY KEY,
    title          text,
    title_position bigint,
    views          double precision,
    views_read_at  timestamptz
);
COMMENT ON TABLE projections.youtube_videos IS
    'Per YouTube video, the title of its latest record in the log and its latest view count.';
