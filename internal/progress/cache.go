package progress

import (
	"context"
	"sync"

	"supple/internal/coach"
	"supple/internal/store"
)

// maxCachedPlans bounds the log cache; when it is full it starts again.
const maxCachedPlans = 2048

// logCache keeps decoded logs per plan. Every read first asks the
// database for the logs' version (one small aggregate query), so a log
// added or changed through any instance is seen at once: the cache saves
// reading and decoding, never freshness.
type logCache struct {
	mu sync.Mutex
	m  map[int64]cachedLogs // by plan id
}

type cachedLogs struct {
	version store.LogsVersion
	logs    []coach.Log
}

// logs returns the plan's logs, oldest first; the slice is the caller's
// own, the logs in it are shared and must not be changed.
func (s *Service) logs(ctx context.Context, userID, planID int64) ([]coach.Log, error) {
	v, err := s.db.LogsVersion(ctx, userID, planID)
	if err != nil {
		return nil, err
	}
	s.cache.mu.Lock()
	c, ok := s.cache.m[planID]
	s.cache.mu.Unlock()
	if ok && c.version == v {
		return append([]coach.Log(nil), c.logs...), nil
	}
	logs, err := s.readLogs(ctx, userID, planID)
	if err != nil {
		return nil, err
	}
	if len(logs) == v.Count { // nothing changed between the two reads
		s.cache.mu.Lock()
		if s.cache.m == nil || len(s.cache.m) >= maxCachedPlans {
			s.cache.m = map[int64]cachedLogs{}
		}
		s.cache.m[planID] = cachedLogs{version: v, logs: logs}
		s.cache.mu.Unlock()
	}
	return append([]coach.Log(nil), logs...), nil
}
