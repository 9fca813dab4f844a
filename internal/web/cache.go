package web

import (
	"net/http"
	"time"

	"supple/internal/delivery"
)

// cacheEntry is one rendered page kept in memory, and the version of its
// inputs it was made from.
type cacheEntry struct {
	version any // comparable: a string, or a struct of what the page shows
	rep     *delivery.Representation
}

const htmlType = "text/html; charset=utf-8"

// serveCached answers r from the cache entry id when its version matches;
// otherwise it renders the body, keeps it and serves it. The body is
// compressed once per coding per version (delivery.Representation), and
// carries a strong ETag per coding and a Last-Modified.
//
// A new body made in the same second as the one it replaces keeps that
// second as Last-Modified but is marked weak, so If-Modified-Since cannot
// answer 304 for a copy of the older body; the ETag still can. A render
// that gives the same bytes keeps the old representation (and its
// compressed forms and validators).
func (s *Site) serveCached(w http.ResponseWriter, r *http.Request, id string, version any, ctype, cacheControl string, render func() ([]byte, error)) error {
	s.cacheMu.RLock()
	c, ok := s.cache[id]
	s.cacheMu.RUnlock()
	if !ok || c.version != version {
		b, err := render()
		if err != nil {
			return err
		}
		c = s.newEntry(c, ok, version, b, ctype, cacheControl)
		s.cacheMu.Lock()
		s.cache[id] = c
		s.cacheMu.Unlock()
	}
	c.rep.Serve(w, r)
	return nil
}

func (s *Site) newEntry(old cacheEntry, hadOld bool, version any, b []byte, ctype, cacheControl string) cacheEntry {
	now := s.Now().UTC().Truncate(time.Second)
	rep := delivery.New(b, ctype, now, delivery.Pages)
	rep.CacheControl = cacheControl
	if hadOld {
		if old.rep.ETag(delivery.Identity) == rep.ETag(delivery.Identity) {
			return cacheEntry{version: version, rep: old.rep}
		}
		if !now.After(old.rep.Modified()) {
			rep.SetModified(old.rep.Modified(), true)
		}
	}
	return cacheEntry{version: version, rep: rep}
}

// public serves page name for a visitor without a session from the cache,
// keyed by the page's canonical path and version (what its content depends
// on; the year in the footer is added here). Signed-in members get it
// rendered for them, with their menu and form token.
func (s *Site) public(w http.ResponseWriter, r *http.Request, name, version string, p *Page) error {
	if visitorOf(r).User != nil {
		return s.render(w, r, http.StatusOK, name, p)
	}
	v := struct {
		of   string
		year int
	}{version, s.Now().Year()}
	return s.serveCached(w, r, name+" "+p.Path, v, htmlType, "no-cache", func() ([]byte, error) {
		return s.renderBytes(name, p)
	})
}
