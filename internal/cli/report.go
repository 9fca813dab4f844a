package cli

import (
	"context"
	"fmt"
	"math"
	"strings"
	"text/tabwriter"
	"time"

	"supple/internal/store"
)

func formatFlag(fs interface {
	String(string, string, string) *string
}) *string {
	return fs.String("format", "text", "output format: text or json")
}

func checkFormat(f string) error {
	if f != "text" && f != "json" {
		return usageError("-format %q: use text or json", f)
	}
	return nil
}

type ratingRow struct {
	Slug         string  `json:"slug"`
	Title        string  `json:"title"`
	Status       string  `json:"status"`
	Average      float64 `json:"average"`
	Count        int     `json:"count"`
	Distribution [5]int  `json:"distribution"`
}

func runRatings(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("ratings", "", io)
	dbf := addDBFlags(fs)
	format := formatFlag(fs)
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	db, err := dbf.openExisting(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	rep, err := db.RatingReport(ctx)
	if err != nil {
		return err
	}
	rows := make([]ratingRow, 0, len(rep))
	for _, r := range rep {
		row := ratingRow{Slug: r.Slug, Title: r.Title, Status: r.Status, Count: r.Totals.Votes, Distribution: r.Totals.Dist}
		if r.Totals.Votes > 0 {
			row.Average = math.Round(float64(r.Totals.Sum)/float64(r.Totals.Votes)*10) / 10
		}
		rows = append(rows, row)
	}
	if *format == "json" {
		return writeJSON(io.Stdout, map[string]any{"articles": rows})
	}
	tw := tabwriter.NewWriter(io.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ARTICLE\tAVERAGE\tVOTES\t1★\t2★\t3★\t4★\t5★")
	for _, r := range rows {
		avg := "–"
		if r.Count > 0 {
			avg = fmt.Sprintf("%.1f", r.Average)
		}
		d := r.Distribution
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\n", r.Slug, avg, r.Count, d[0], d[1], d[2], d[3], d[4])
	}
	return tw.Flush()
}

type feedbackRow struct {
	ID        int64  `json:"id"`
	Article   string `json:"article"`
	Revision  int    `json:"revision"`
	Stars     *int   `json:"stars"`
	Section   string `json:"section"`
	Text      string `json:"text"`
	Status    string `json:"status"`
	CreatedAt string `json:"created_at"`
}

func runFeedback(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("feedback", "", io)
	dbf := addDBFlags(fs)
	format := formatFlag(fs)
	slug := fs.String("article", "", "only feedback on the article with this slug")
	limit := fs.Int("limit", 0, "show at most this many items, newest first (0: all)")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	if *limit < 0 {
		return usageError("-limit must be 0 or more")
	}
	db, err := dbf.openExisting(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	if *slug != "" {
		arts, err := db.Articles(ctx, false)
		if err != nil {
			return err
		}
		found := false
		for _, a := range arts {
			found = found || a.Slug == *slug
		}
		if !found {
			return usageError("no article has the slug %q", *slug)
		}
	}
	items, err := db.ListFeedback(ctx, store.FeedbackFilter{ArticleSlug: *slug, Limit: *limit})
	if err != nil {
		return err
	}
	rows := make([]feedbackRow, 0, len(items))
	for _, f := range items {
		row := feedbackRow{ID: f.ID, Article: f.ArticleSlug, Revision: f.Revision, Section: f.Section, Text: f.Text,
			Status: f.Status, CreatedAt: f.CreatedAt.UTC().Format(time.RFC3339)}
		if f.Stars > 0 {
			s := f.Stars
			row.Stars = &s
		}
		rows = append(rows, row)
	}
	if *format == "json" {
		return writeJSON(io.Stdout, map[string]any{"feedback": rows})
	}
	if len(rows) == 0 {
		fmt.Fprintln(io.Stdout, "No feedback yet.")
		return nil
	}
	for _, r := range rows {
		stars := "no rating"
		if r.Stars != nil {
			stars = fmt.Sprintf("%d★", *r.Stars)
		}
		section := "whole article"
		if r.Section != "" {
			section = "#" + r.Section
		}
		fmt.Fprintf(io.Stdout, "#%d  %s  %s (rev %d, %s)  %s  [%s]\n", r.ID, r.CreatedAt, r.Article, r.Revision, section, stars, r.Status)
		for _, line := range strings.Split(r.Text, "\n") {
			fmt.Fprintf(io.Stdout, "    %s\n", line)
		}
		fmt.Fprintln(io.Stdout)
	}
	return nil
}
