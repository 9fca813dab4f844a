package account

import (
	"context"
	"errors"
	"fmt"
	"time"
	_ "time/tzdata" // the IANA database inside the binary: a host without tzdata still knows every zone

	"supple/internal/store"
	"supple/internal/validate"
)

// TimeZoneField is the field a time-zone error is reported on.
const TimeZoneField = "time_zone"

// ParseTimeZone checks an IANA time-zone name (such as Europe/Berlin)
// and loads it. "Local" (the server's own zone) and names of files
// outside the database are refused.
func ParseTimeZone(name string) (*time.Location, error) {
	var e validate.Errors
	switch {
	case name == "":
		e.Add(TimeZoneField, "choose a time zone")
	case len(name) > 64 || name == "Local":
		e.Add(TimeZoneField, fmt.Sprintf("%q is not a time zone name such as Europe/Berlin", name))
	}
	if len(e) > 0 {
		return nil, e
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		e.Add(TimeZoneField, fmt.Sprintf("%q is not a time zone name such as Europe/Berlin", name))
		return nil, e
	}
	return loc, nil
}

// TimeZone is the member's time zone: the one they chose, or UTC.
func (s *Service) TimeZone(ctx context.Context, userID int64) (*time.Location, error) {
	name, err := s.db.UserTimeZone(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("account: time zone: %w", err)
	}
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil { // a name this build's database no longer has
		return time.UTC, nil
	}
	return loc, nil
}

// SetTimeZone stores the member's time zone, an IANA name checked by
// ParseTimeZone (validate.Errors on the field "time_zone").
func (s *Service) SetTimeZone(ctx context.Context, userID int64, name string) error {
	loc, err := ParseTimeZone(name)
	if err != nil {
		return err
	}
	err = s.db.SetUserTimeZone(ctx, userID, loc.String())
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}
