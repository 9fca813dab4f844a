package progress

import (
	"cmp"
	"context"
	"slices"
	"sync"

	"supple/internal/coach"
	"supple/internal/store"
)

// maxCachedPlans bounds the log cache; when it is full it starts again.
const maxCachedPlans = 2048

// maxChangedRows is the most new or changed logs read by id; with more,
// all of the plan's logs are read again (one IN list stays short).
const maxChangedRows = 200

// logCache keeps decoded logs per plan. Every read first asks the
// database for the logs' version (one small aggregate query), so a log
// added or changed through any instance is seen at once: the cache saves
// reading and decoding, never freshness. When the version has moved on,
// only the logs that are new or changed are read again (each row carries
// its own version), so a member who logs a session does not pay for
// three years of logs.
type logCache struct {
	mu sync.Mutex
	m  map[int64]*cachedLogs // by plan id
}

// cachedLogs is a plan's logs as the database held them at version; an
// entry is never changed once stored.
type cachedLogs struct {
	version  store.LogsVersion
	logs     []coach.Log     // by date, then id
	versions map[int64]int64 // each log's row version, by id
}

// logs returns the plan's logs, oldest first. The slice and the logs in
// it are shared and must not be changed; appending to it copies it.
func (s *Service) logs(ctx context.Context, userID, planID int64) ([]coach.Log, error) {
	v, err := s.db.LogsVersion(ctx, userID, planID)
	if err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	c := s.cache.m[planID]
	s.cache.mu.Unlock()
	if c != nil && c.version == v {
		return slices.Clip(c.logs), nil
	}
	if c, err = s.refresh(ctx, userID, planID, c); err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	if s.cache.m == nil || len(s.cache.m) >= maxCachedPlans {
		s.cache.m = map[int64]*cachedLogs{}
	}
	s.cache.m[planID] = c
	s.cache.mu.Unlock()
	return slices.Clip(c.logs), nil
}

// refresh reads the plan's logs again, reusing the logs of old (nil: none)
// whose version has not changed. The entry's version is computed from the
// rows it holds, so it is right even when logs change while it is read.
func (s *Service) refresh(ctx context.Context, userID, planID int64, old *cachedLogs) (*cachedLogs, error) {
	var rows []store.SessionLog
	var keep []store.LogVersion // logs of old to keep as they are
	if old != nil {
		now, err := s.db.LogVersions(ctx, userID, planID)
		if err != nil {
			return nil, err
		}
		var changed []int64
		for _, lv := range now {
			if v, ok := old.versions[lv.ID]; ok && v == lv.Version {
				keep = append(keep, lv)
			} else {
				changed = append(changed, lv.ID)
			}
		}
		if len(changed) > maxChangedRows {
			old, keep = nil, nil // most of them: read them all
		} else if rows, err = s.db.LogsByID(ctx, userID, planID, changed); err != nil {
			return nil, err
		}
	}
	if old == nil {
		var err error
		if rows, err = s.db.Logs(ctx, userID, planID); err != nil {
			return nil, err
		}
	}
	c := &cachedLogs{logs: make([]coach.Log, 0, len(keep)+len(rows)), versions: make(map[int64]int64, len(keep)+len(rows))}
	if len(keep) > 0 {
		byID := make(map[int64]*coach.Log, len(old.logs))
		for i := range old.logs {
			byID[old.logs[i].ID] = &old.logs[i]
		}
		for _, lv := range keep {
			c.logs = append(c.logs, *byID[lv.ID])
			c.versions[lv.ID] = lv.Version
		}
	}
	for _, r := range rows {
		l, err := fromRow(r)
		if err != nil {
			return nil, err
		}
		c.logs = append(c.logs, l)
		c.versions[r.ID] = r.Version
	}
	if old != nil {
		slices.SortFunc(c.logs, func(a, b coach.Log) int { return cmp.Or(cmp.Compare(a.Date, b.Date), cmp.Compare(a.ID, b.ID)) })
	}
	c.version.Count = len(c.logs)
	for id, v := range c.versions {
		c.version.MaxID = max(c.version.MaxID, id)
		c.version.Changes += v
	}
	return c, nil
}
