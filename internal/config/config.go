// Package config reads config.yaml: defaults, then a strict decode that
// names unknown keys with their line, then Validate.
package config

import "time"

// Config is the content of config.yaml (SPEC §2).
type Config struct {
	Company      Company      `yaml:"company"`
	Content      string       `yaml:"content"`
	Templates    string       `yaml:"templates"`
	Locale       string       `yaml:"locale"`
	Timezone     string       `yaml:"timezone"`
	BaseURL      string       `yaml:"base_url"`
	Prefix       string       `yaml:"prefix"`
	Storage      Storage      `yaml:"storage"`
	CDN          CDN          `yaml:"cdn"`
	CacheControl CacheControl `yaml:"cache_control"`
	Defaults     Defaults     `yaml:"defaults"`
	Publish      Publish      `yaml:"publish"`
	// NewDays is how many days, the publish day included, reports, photos
	// and time entries are marked new on the page; 0 marks nothing.
	NewDays int `yaml:"new_days"`

	// Dir is the folder holding config.yaml; relative paths in the file
	// (content, templates, storage.dir, company.logo) are resolved against it.
	Dir string `yaml:"-"`
	// File is the path of config.yaml as given, for error messages.
	File string `yaml:"-"`

	// lines maps each key path read from the file ("storage.type") to its
	// line, so that Validate can point at it.
	lines map[string]int
	// loc is the parsed Timezone, set by Load.
	loc *time.Location
}

// Company is shown on every page.
type Company struct {
	Name    string `yaml:"name"`
	Contact string `yaml:"contact"`
	Logo    string `yaml:"logo"`
	// ImprintURL and PrivacyURL are the company's Impressum and privacy
	// policy pages, linked in the footer of every page; "" or an absolute
	// http(s) address.
	ImprintURL string `yaml:"imprint_url"`
	PrivacyURL string `yaml:"privacy_url"`
}

// Storage selects where publish writes.
type Storage struct {
	Type string `yaml:"type"` // dir | s3
	Dir  string `yaml:"dir"`
	S3   S3     `yaml:"s3"`
}

// S3 configures the s3 storage type.
type S3 struct {
	Bucket string `yaml:"bucket"`
	// Region is required for Amazon S3, where a wrong guess costs a
	// redirect or an error. With an Endpoint, S3-compatible servers mostly
	// ignore it but request signing needs one, so Load sets "us-east-1",
	// the value they expect, when it is empty.
	Region    string `yaml:"region"`
	Endpoint  string `yaml:"endpoint"`
	PathStyle bool   `yaml:"path_style"`
	ACL       string `yaml:"acl"`
}

// CDN configures cache invalidation after publishing.
type CDN struct {
	CloudFrontDistribution string `yaml:"cloudfront_distribution"`
}

// CacheControl sets Cache-Control headers of published objects.
type CacheControl struct {
	Pages string `yaml:"pages"`
}

// Defaults apply to new links.
type Defaults struct {
	Sections []string `yaml:"sections"`
}

// Publish tunes publishing.
type Publish struct {
	Concurrency int `yaml:"concurrency"`
}
