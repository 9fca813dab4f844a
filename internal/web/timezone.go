package web

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"time"

	"supple/internal/account"
	"supple/internal/httpx"
	"supple/internal/validate"
)

// commonZones are the time zones the settings offer first, west to east
// (IANA names; the member's browser may suggest another, and the zone
// they chose is always listed).
var commonZones = []string{
	"Pacific/Honolulu", "America/Anchorage", "America/Los_Angeles", "America/Vancouver", "America/Denver",
	"America/Phoenix", "America/Chicago", "America/Mexico_City", "America/New_York", "America/Toronto",
	"America/Bogota", "America/Halifax", "America/Sao_Paulo", "America/Argentina/Buenos_Aires",
	"UTC", "Europe/London", "Europe/Dublin", "Europe/Lisbon", "Africa/Lagos", "Europe/Paris", "Europe/Berlin",
	"Europe/Madrid", "Europe/Rome", "Europe/Amsterdam", "Europe/Stockholm", "Europe/Warsaw", "Africa/Johannesburg",
	"Africa/Cairo", "Europe/Athens", "Europe/Helsinki", "Europe/Istanbul", "Africa/Nairobi", "Europe/Moscow",
	"Asia/Dubai", "Asia/Karachi", "Asia/Kolkata", "Asia/Dhaka", "Asia/Bangkok", "Asia/Jakarta", "Asia/Singapore",
	"Asia/Shanghai", "Asia/Hong_Kong", "Australia/Perth", "Asia/Seoul", "Asia/Tokyo", "Australia/Adelaide",
	"Australia/Brisbane", "Australia/Sydney", "Pacific/Auckland",
}

// zoneSettings is the settings page's "Time zone" section.
type zoneSettings struct {
	Current string   // the zone chosen, "" for none (UTC)
	Zones   []Option // value: IANA name; label: with the time there now
	Error   string
	Done    string
}

// zoneSettingsFor lists the zones with the member's one selected.
func (s *Site) zoneSettingsFor(r *http.Request, u *account.User) zoneSettings {
	d := zoneSettings{}
	loc, err := s.Accounts.TimeZone(r.Context(), u.ID)
	if err != nil {
		s.Log.Error("time zone not read", "err", err, "request_id", httpx.RequestID(r.Context()))
	} else if loc != time.UTC {
		d.Current = loc.String()
	}
	names := commonZones
	if d.Current != "" && !slices.Contains(names, d.Current) {
		names = append([]string{d.Current}, names...)
	}
	now := s.Now()
	for _, n := range names {
		l, err := time.LoadLocation(n)
		if err != nil {
			continue
		}
		d.Zones = append(d.Zones, Option{n, n + " (" + now.In(l).Format("15:04") + " now)"})
	}
	if r.URL.Query().Get("done") == "zone" {
		d.Done = "Your time zone is saved: your days now begin and end at midnight in " + cmp.Or(d.Current, "UTC") + "."
	}
	return d
}

// setTimeZone stores the member's time zone (account.SetTimeZone checks
// the name) and shows the settings again.
func (s *Site) setTimeZone(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	err = s.Accounts.SetTimeZone(r.Context(), v.User.ID, r.PostForm.Get(account.TimeZoneField))
	var ve validate.Errors
	switch {
	case errors.As(err, &ve):
		d := s.settingsFor(r, v.User)
		d.Zone.Error = "Please choose your time zone from the list."
		if r.PostForm.Get(account.TimeZoneField) != "" {
			d.Zone.Error = "Please choose your time zone from the list: " + ve.For(account.TimeZoneField) + "."
		}
		w.Header().Set("Cache-Control", "no-store")
		return s.render(w, r, http.StatusUnprocessableEntity, "settings", &Page{Title: "Settings", NoIndex: true,
			Alert: d.Zone.Error, AlertLink: "#tz", Data: d})
	case err != nil:
		return err
	}
	http.Redirect(w, r, "/me/settings?done=zone#time-zone", http.StatusSeeOther)
	return nil
}

// zoneOf is the signed-in member's time zone, or UTC for a visitor.
func (s *Site) zoneOf(r *http.Request) (*time.Location, error) {
	if u := visitorOf(r).User; u != nil {
		return s.Accounts.TimeZone(r.Context(), u.ID)
	}
	return time.UTC, nil
}
