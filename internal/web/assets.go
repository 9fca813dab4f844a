package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"path"
	"strings"
	"time"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/js"

	"supple/internal/delivery"
)

// asset is a static file as served: minified, with the hash that versions
// its URL, compressed once the first time a client asks for a coding.
type asset struct {
	hash string
	rep  *delivery.Representation
}

// assetTypes are the files under static/ and their Content-Type.
var assetTypes = map[string]string{
	".css": "text/css; charset=utf-8",
	".js":  "text/javascript; charset=utf-8",
	".svg": "image/svg+xml",
}

// loadAssets minifies the CSS and JavaScript under static/ (tdewolff/minify)
// and hashes every file. modified is their Last-Modified (the server's
// start: embedded files have no time of their own).
func loadAssets(fsys fs.FS, modified time.Time) (map[string]asset, error) {
	m := minify.New()
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("text/javascript", js.Minify)
	out := map[string]asset{}
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		ctype, ok := assetTypes[path.Ext(p)]
		if !ok {
			return fmt.Errorf("web: static file %s: unknown type", p)
		}
		b, err := fs.ReadFile(fsys, p)
		if err != nil {
			return err
		}
		if mt, _, _ := strings.Cut(ctype, ";"); mt != "image/svg+xml" {
			var buf bytes.Buffer
			if err := m.Minify(mt, &buf, bytes.NewReader(b)); err != nil {
				return fmt.Errorf("web: minify %s: %w", p, err)
			}
			b = buf.Bytes()
		}
		h := sha256.Sum256(b)
		out[strings.TrimPrefix(p, "static/")] = asset{
			hash: hex.EncodeToString(h[:6]),
			rep:  delivery.New(b, ctype, modified, delivery.Static),
		}
		return nil
	})
	return out, err
}

// areaSheets names the stylesheet each page loads after base.css. A page
// that is not listed loads base.css only.
var areaSheets = map[string]string{
	"home": "articles.css", "articles": "articles.css", "article": "articles.css",
	"search": "articles.css", "notfound": "articles.css",
	"start": "coach.css", "referral": "coach.css", "plan": "coach.css", "today": "coach.css",
	"activity": "coach.css", "checkin": "coach.css", "rescreen": "coach.css",
	"exercise": "coach.css", "exercises": "coach.css", "plan-change": "coach.css",
	"editor": "editor.css", "editor-articles": "editor.css", "editor-audit": "editor.css",
	"editor-edit": "editor.css", "editor-feedback": "editor.css", "editor-revision": "editor.css",
	"progress": "progress.css", "summary": "progress.css",
	"plans": "coach.css",
}

// stylesFor lists the stylesheets of page template name, in order.
func stylesFor(name string) []string {
	if s, ok := clinicSheets[name]; ok {
		return append([]string{"base.css"}, s...)
	}
	if s, ok := areaSheets[name]; ok {
		return []string{"base.css", s}
	}
	return []string{"base.css"}
}
