-- +goose Up
-- Fixed-window counters for abuse limits shared by every instance. The
-- bucket holds a keyed hash of a client network, never an address.
CREATE TABLE rate_counts (
    bucket       TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    n            INTEGER NOT NULL,
    PRIMARY KEY (bucket, window_start)
);

-- +goose Down
DROP TABLE rate_counts;
