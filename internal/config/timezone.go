package config

import (
	"time"
	// The zone database is embedded because link expiry depends on it and
	// CI containers and some servers have no /usr/share/zoneinfo.
	_ "time/tzdata"
)

// Location returns the configured time zone, in which link expiry dates
// end at midnight. Load has validated it; for a Config built otherwise
// whose Timezone cannot be loaded, Location returns UTC.
func (c *Config) Location() *time.Location {
	if c.loc != nil {
		return c.loc
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.UTC
	}
	return loc
}
