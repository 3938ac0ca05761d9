package config

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/safefile"
)

var (
	// safeSegment is a storage key segment that needs no escaping, cannot
	// climb out of its parent, and does not begin with "_", which marks
	// vitrine's own keys beside the link folders.
	safeSegment = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
	// bucketName follows the S3 naming rules.
	bucketName = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
	// distributionID is a CloudFront distribution id such as E2QWRUHAPOMQZL.
	distributionID = regexp.MustCompile(`^[A-Z0-9]+$`)
)

// cannedACLs are the canned ACLs S3 accepts for objects.
var cannedACLs = []string{
	"private", "public-read", "public-read-write", "authenticated-read",
	"aws-exec-read", "bucket-owner-read", "bucket-owner-full-control",
}

// Validate checks every setting and returns all faults at once as a
// problem.List (nil when there are none). Each problem names the key path,
// such as "storage.type", and its line when c was loaded from a file. The
// settings of the storage type not selected are not checked, so that a
// config can keep both.
func (c *Config) Validate() error {
	return c.validate(nil).Err()
}

// validate returns the faults of c, leaving out fields that already have
// one of known: a value that could not be decoded should be reported once.
func (c *Config) validate(known problem.List) problem.List {
	var probs problem.List
	add := func(field, msg, hint string) {
		for _, p := range known {
			if p.Field == field {
				return
			}
		}
		probs = append(probs, &problem.Problem{File: c.File, Line: c.line(field), Field: field, Msg: msg, Hint: hint})
	}
	if c.Company.Name == "" {
		add("company.name", "is required", "it is shown on every customer page")
	}
	if c.Content == "" {
		add("content", "is required", `name the folder holding projects/, or "." for the folder of this file`)
	}
	if c.Locale != "de" && c.Locale != "en" {
		add("locale", fmt.Sprintf("%q is not a page language", c.Locale), "use de or en")
	}
	if msg := checkTimezone(c.Timezone); msg != "" {
		add("timezone", msg, "use a zone name such as Europe/Berlin or UTC")
	}
	if msg := checkURL(c.BaseURL); msg != "" {
		add("base_url", msg, "give the public address customers open, e.g. https://projekte.example.de")
	}
	unportable := safefile.Unportable(c.Prefix)
	switch {
	case c.Prefix == "":
		add("prefix", "is required", "vitrine deletes what it does not publish under it, so it must not be the whole bucket; use e.g. p")
	case !safeSegment.MatchString(c.Prefix):
		add("prefix", fmt.Sprintf("%q is not a safe storage folder name", c.Prefix),
			"use lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, and no '/'")
	case unportable != "":
		// storage.dir may lie on a Windows disk.
		add("prefix", unportable, "use another name, e.g. p")
	}
	c.Storage.validate(add)
	if id := c.CDN.CloudFrontDistribution; id != "" && !distributionID.MatchString(id) {
		add("cdn.cloudfront_distribution", fmt.Sprintf("%q is not a CloudFront distribution id", id),
			"give the id, e.g. E2QWRUHAPOMQZL, not the domain name")
	}
	if strings.ContainsFunc(c.CacheControl.Pages, unicode.IsControl) {
		add("cache_control.pages", "must be one line of text", "write the header value, e.g. public, no-cache")
	}
	if _, err := project.ParseSections(c.Defaults.Sections); err != nil {
		add("defaults.sections", err.Error(), "")
	}
	if n := c.Publish.Concurrency; n < 1 || n > 256 {
		add("publish.concurrency", fmt.Sprintf("%d is out of range", n), "use 1 to 256; 16 suits most connections")
	}
	if n := c.NewDays; n < 0 || n > maxNewDays {
		add("new_days", fmt.Sprintf("%d is out of range", n), fmt.Sprintf("use 0 to %d days; 0 marks nothing as new", maxNewDays))
	}
	for _, u := range []struct{ field, value, page string }{
		{"company.imprint_url", c.Company.ImprintURL, "impressum"},
		{"company.privacy_url", c.Company.PrivacyURL, "datenschutz"},
	} {
		if msg := checkPageURL(u.value); u.value != "" && msg != "" {
			add(u.field, msg, "give the full address of the page, e.g. https://www.maler-schmitz.de/"+u.page+", or leave it empty")
		}
	}
	return probs
}

// line returns the line of the key path field, or of its nearest ancestor
// in the file, so that a missing key points at the group it belongs in.
func (c *Config) line(field string) int {
	for {
		if line, ok := c.lines[field]; ok {
			return line
		}
		i := strings.LastIndexByte(field, '.')
		if i < 0 {
			return 0
		}
		field = field[:i]
	}
}

func (s *Storage) validate(add func(field, msg, hint string)) {
	switch s.Type {
	case "dir":
		if s.Dir == "" {
			add("storage.dir", "is required for storage type dir", "name the output folder, e.g. public")
		}
	case "s3":
		s.S3.validate(add)
	default:
		add("storage.type", fmt.Sprintf("%q is not a storage type", s.Type), "use dir or s3")
	}
}

func (s *S3) validate(add func(field, msg, hint string)) {
	switch {
	case s.Bucket == "":
		add("storage.s3.bucket", "is required for storage type s3", "name the bucket; the folder inside it is set by prefix")
	case !bucketName.MatchString(s.Bucket):
		add("storage.s3.bucket", fmt.Sprintf("%q is not a bucket name", s.Bucket),
			"use 3 to 63 lower-case letters, digits, '.' and '-'; the folder inside it is set by prefix")
	}
	if s.Endpoint == "" && s.Region == "" {
		add("storage.s3.region", "is required for Amazon S3", "name the bucket's region, e.g. eu-central-1")
	}
	if s.Endpoint != "" {
		if msg := checkURL(s.Endpoint); msg != "" {
			add("storage.s3.endpoint", msg, "give the provider's address, e.g. https://s3.example.com, or leave it empty for Amazon S3")
		}
	}
	if s.ACL != "" && !slices.Contains(cannedACLs, s.ACL) {
		add("storage.s3.acl", fmt.Sprintf("%q is not a canned ACL", s.ACL),
			"use one of "+strings.Join(cannedACLs, ", ")+", or leave it empty")
	}
}

// checkTimezone returns what is wrong with name as a time zone, or "".
func checkTimezone(name string) string {
	switch name {
	case "":
		return "is required"
	case "Local":
		// Expiry must not depend on the machine: the office and CI differ.
		return `"Local" depends on the machine running vitrine`
	}
	if _, err := time.LoadLocation(name); err != nil {
		return fmt.Sprintf("unknown time zone %q", name)
	}
	return ""
}

// maxNewDays bounds new_days: a year of "Neu" marks marks everything.
const maxNewDays = 365

// checkURL returns what is wrong with s as an absolute http(s) URL
// without query or fragment, or "".
func checkURL(s string) string {
	if msg := checkPageURL(s); msg != "" {
		return msg
	}
	if strings.ContainsAny(s, "?#") {
		return fmt.Sprintf("%q must be a plain address without query or fragment", s)
	}
	return ""
}

// checkPageURL returns what is wrong with s as an absolute http(s) URL a
// page may link to, or "". Query and fragment are allowed: a company's
// Impressum may be https://firma.de/?page_id=3 or …/rechtliches#impressum.
func checkPageURL(s string) string {
	if s == "" {
		return "is required"
	}
	u, err := url.Parse(s)
	switch {
	case err != nil || strings.ContainsFunc(s, unicode.IsSpace):
		return fmt.Sprintf("%q is not a URL", s)
	case u.Scheme != "https" && u.Scheme != "http":
		return fmt.Sprintf("%q must start with https:// or http://", s)
	case u.Host == "":
		return fmt.Sprintf("%q has no host name", s)
	case u.User != nil:
		return fmt.Sprintf("%q must not contain a user name or password", s)
	}
	return ""
}
