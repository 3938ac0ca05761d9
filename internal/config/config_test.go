package config

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/problem"
)

// specExample is the config.yaml of SPEC §2.
const specExample = `company:                      # shown on every page
  name: Malerbetrieb Beispiel GmbH
  contact: "info@example.de · 0251 123456"
  logo: site/logo.svg         # optional, copied into each link folder
content: site                 # the content folder
templates: ""                 # optional folder overriding built-in templates file by file
locale: de                    # default page language: de | en
timezone: Europe/Berlin
base_url: https://projekte.example.de   # where the bucket/prefix is served (CDN)
prefix: p                     # storage key prefix that holds the link folders; vitrine owns it
storage:
  type: dir                   # dir | s3
  dir: public                 # type dir: output folder
  s3:                         # type s3
    bucket: kundenlinks
    region: eu-central-1
    endpoint: ""              # S3-compatible endpoint; empty = AWS
    path_style: false
    acl: ""                   # e.g. public-read, where the bucket relies on ACLs
cdn:
  cloudfront_distribution: "" # optional: invalidate changed and deleted paths
cache_control:
  pages: "public, no-cache"                     # everything under a link folder
defaults:
  sections: [overview, progress, times, schedule, notes, photos, files]
publish:
  concurrency: 16
`

// minimal sets only what has no default.
const minimal = "company: {name: Maler}\nbase_url: https://x.example/\n"

func write(t *testing.T, yaml string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.yaml")
	if err := os.WriteFile(path, []byte(yaml), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestLoadSpecExample(t *testing.T) {
	path := write(t, specExample)
	c, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	want := Default()
	want.Company = Company{Name: "Malerbetrieb Beispiel GmbH", Contact: "info@example.de · 0251 123456", Logo: "site/logo.svg"}
	want.BaseURL = "https://projekte.example.de"
	want.Storage.S3 = S3{Bucket: "kundenlinks", Region: "eu-central-1"}
	want.File, want.Dir = path, filepath.Dir(path)
	want.lines, want.loc = c.lines, c.loc
	if !reflect.DeepEqual(c, want) {
		t.Errorf("Load(SPEC example) =\n%+v\nwant\n%+v", c, want)
	}
	if c.Location().String() != "Europe/Berlin" {
		t.Errorf("Location() = %v", c.Location())
	}
	if got := c.Path(c.Content); got != filepath.Join(filepath.Dir(path), "site") {
		t.Errorf("Path(content) = %s", got)
	}
	if got := c.Path("/srv/site"); got != "/srv/site" {
		t.Errorf("Path(absolute) = %s", got)
	}
}

func TestDefaults(t *testing.T) {
	c, err := Load(write(t, minimal))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		field string
		got   any
		want  any
	}{
		{"content", c.Content, "site"},
		{"templates", c.Templates, ""},
		{"locale", c.Locale, "de"},
		{"timezone", c.Timezone, "Europe/Berlin"},
		{"prefix", c.Prefix, "p"},
		{"storage.type", c.Storage.Type, "dir"},
		{"storage.dir", c.Storage.Dir, "public"},
		{"cache_control.pages", c.CacheControl.Pages, "public, no-cache"},
		{"defaults.sections", strings.Join(c.Defaults.Sections, ","), "overview,progress,times,schedule,notes,photos,files"},
		{"publish.concurrency", c.Publish.Concurrency, 16},
		{"new_days", c.NewDays, 7},
		{"company.imprint_url", c.Company.ImprintURL, ""},
		{"company.privacy_url", c.Company.PrivacyURL, ""},
		{"base_url without trailing slash", c.BaseURL, "https://x.example"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %v, want %v", tt.field, tt.got, tt.want)
		}
	}
	c, err = Load(write(t, minimal+"storage: {type: s3, s3: {bucket: links, endpoint: 'http://127.0.0.1:9000'}}\n"))
	if err != nil || c.Storage.S3.Region != "us-east-1" {
		t.Errorf("region with endpoint = %q, %v; want us-east-1", c.Storage.S3.Region, err)
	}
}

func TestLoadFileProblems(t *testing.T) {
	tests := []struct {
		name, yaml string // yaml "-" = no file
		line       int
		field, msg string
	}{
		{"missing file", "-", 0, "", "run vitrine init"},
		{"empty file", "", 0, "", "run vitrine init"},
		{"only comments", "# nothing\n", 0, "", "run vitrine init"},
		{"not a mapping", "- a\n", 1, "", "group of keys"},
		{"syntax", "company: [\n", 2, "", "did not find"},
		{"unknown top key", minimal + "colour: red\n", 3, "colour", `unknown key "colour"; valid keys here are company, content, templates, locale`},
		{"unknown nested key", minimal + "storage:\n  s3:\n    bukket: x\n", 5, "storage.s3.bukket", "valid keys here are bucket, region, endpoint, path_style, acl"},
		{"repeated key", minimal + "locale: en\nlocale: de\n", 4, "locale", "repeated (first on line 3)"},
		{"int type", minimal + "publish:\n  concurrency: many\n", 4, "publish.concurrency", `must be a whole number, not "many"`},
		{"float into int", minimal + "publish: {concurrency: 1.5}\n", 3, "publish.concurrency", `must be a whole number, not "1.5"`},
		{"bool type", minimal + "storage: {s3: {path_style: sometimes}}\n", 3, "storage.s3.path_style", "must be true or false"},
		{"list type", minimal + "defaults: {sections: {a: b}}\n", 3, "defaults.sections", "must be a list like [a, b], not a group of keys"},
		{"string type", minimal + "locale: [de]\n", 3, "locale", "must be a single value, not a list"},
		{"struct type", minimal + "storage: dir\n", 3, "storage", "must be a group of keys"},
		{"new_days text", minimal + "new_days: eine Woche\n", 3, "new_days", `must be a whole number, not "eine Woche"`},
	}
	for _, tt := range tests {
		path := filepath.Join(t.TempDir(), "config.yaml")
		if tt.yaml != "-" {
			path = write(t, tt.yaml)
		}
		_, err := Load(path)
		checkProblem(t, tt.name, err, path, tt.line, tt.field, tt.msg)
	}
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name, yaml string // added to minimal, or replacing it when it sets company
		line       int
		field, msg string
	}{
		{"company name", "company: {contact: x}\nbase_url: https://x.example\n", 1, "company.name", "is required"},
		{"content", "content: ''\n", 3, "content", "is required"},
		{"locale", "locale: fr\n", 3, "locale", `"fr" is not a page language; use de or en`},
		{"timezone unknown", "timezone: Europe/Münster\n", 3, "timezone", "unknown time zone"},
		{"timezone empty", "timezone: ''\n", 3, "timezone", "is required"},
		{"timezone Local", "timezone: Local\n", 3, "timezone", "depends on the machine"},
		{"base_url missing", "company: {name: x}\n", 0, "base_url", "is required"},
		{"base_url relative", "company: {name: x}\nbase_url: projekte.example.de\n", 2, "base_url", "https://"},
		{"base_url ftp", "company: {name: x}\nbase_url: ftp://x.example\n", 2, "base_url", "https://"},
		{"base_url query", "company: {name: x}\nbase_url: https://x.example/?a=1\n", 2, "base_url", "without query or fragment"},
		{"base_url user", "company: {name: x}\nbase_url: https://admin:geheim@x.example/\n", 2, "base_url", "must not contain a user name or password"},
		{"prefix empty", "prefix: ''\n", 3, "prefix", "is required"},
		{"prefix underscore", "prefix: _p\n", 3, "prefix", "not a safe storage folder name"},
		{"prefix slash", "prefix: a/b\n", 3, "prefix", "not a safe storage folder name"},
		{"prefix upper case", "prefix: P\n", 3, "prefix", "not a safe storage folder name"},
		{"prefix dots", "prefix: ..\n", 3, "prefix", "not a safe storage folder name"},
		{"prefix with a trailing dot", "prefix: p.\n", 3, "prefix", "ends with a dot"},
		{"prefix a Windows device", "prefix: con\n", 3, "prefix", "device name on Windows"},
		{"prefix a Windows port", "prefix: lpt1.links\n", 3, "prefix", "device name on Windows"},
		{"storage type", "storage: {type: ftp}\n", 3, "storage.type", `"ftp" is not a storage type`},
		{"storage dir", "storage:\n  dir: ''\n", 4, "storage.dir", "required for storage type dir"},
		{"s3 bucket", "storage: {type: s3, s3: {region: eu-central-1}}\n", 3, "storage.s3.bucket", "is required"},
		{"s3 bucket name", "storage: {type: s3, s3: {bucket: links/p, region: eu-central-1}}\n", 3, "storage.s3.bucket", "not a bucket name"},
		{"s3 region", "storage: {type: s3, s3: {bucket: links}}\n", 3, "storage.s3.region", "required for Amazon S3"},
		{"s3 endpoint", "storage: {type: s3, s3: {bucket: links, endpoint: minio:9000}}\n", 3, "storage.s3.endpoint", "https://"},
		{"s3 acl", "storage: {type: s3, s3: {bucket: links, region: x, acl: public}}\n", 3, "storage.s3.acl", "not a canned ACL"},
		{"cloudfront", "cdn: {cloudfront_distribution: d1.cloudfront.net}\n", 3, "cdn.cloudfront_distribution", "not a CloudFront distribution id"},
		{"cache control", "cache_control: {pages: \"no-cache\\nX-Evil: 1\"}\n", 3, "cache_control.pages", "one line"},
		{"sections", "defaults: {sections: [overview, prices]}\n", 3, "defaults.sections", `unknown section "prices": valid sections are overview`},
		{"concurrency 0", "publish: {concurrency: 0}\n", 3, "publish.concurrency", "out of range"},
		{"concurrency 257", "publish: {concurrency: 257}\n", 3, "publish.concurrency", "out of range"},
		{"new_days negative", "new_days: -1\n", 3, "new_days", "-1 is out of range; use 0 to 365 days"},
		{"new_days over a year", "new_days: 366\n", 3, "new_days", "366 is out of range"},
		{"imprint_url without scheme", "company:\n  name: x\n  imprint_url: www.maler-schmitz.de/impressum\nbase_url: https://x.example\n", 3, "company.imprint_url", "must start with https://"},
		{"privacy_url with a space", "company:\n  name: x\n  privacy_url: https://maler-schmitz.de/daten schutz\nbase_url: https://x.example\n", 3, "company.privacy_url", "is not a URL"},
		{"privacy_url mailto", "company:\n  name: x\n  privacy_url: mailto:datenschutz@maler-schmitz.de\nbase_url: https://x.example\n", 3, "company.privacy_url", "must start with https://"},
		{"imprint_url with a password", "company: {name: x, imprint_url: 'https://a:b@maler-schmitz.de/'}\nbase_url: https://x.example\n", 1, "company.imprint_url", "must not contain a user name"},
	}
	for _, tt := range tests {
		yaml := tt.yaml
		if !strings.HasPrefix(yaml, "company:") {
			yaml = minimal + yaml
		}
		path := write(t, yaml)
		_, err := Load(path)
		checkProblem(t, tt.name, err, path, tt.line, tt.field, tt.msg)
		// Saved by Notepad, the same line is named.
		path = write(t, "\ufeff"+strings.ReplaceAll(yaml, "\n", "\r\n"))
		_, err = Load(path)
		checkProblem(t, tt.name+" (CRLF)", err, path, tt.line, tt.field, tt.msg)
	}
}

// TestLoadWindowsFile checks that config.yaml saved by Notepad (CRLF, a
// byte order mark) or an old Mac editor (CR) means what it says.
func TestLoadWindowsFile(t *testing.T) {
	want, err := Load(write(t, specExample))
	if err != nil {
		t.Fatal(err)
	}
	for style, src := range map[string]string{
		"CRLF with BOM": "\ufeff" + strings.ReplaceAll(specExample, "\n", "\r\n"),
		"CR":            strings.ReplaceAll(specExample, "\n", "\r"),
	} {
		path := write(t, src)
		c, err := Load(path)
		if err != nil {
			t.Errorf("%s: %v", style, err)
			continue
		}
		c.File, c.Dir = want.File, want.Dir
		if !reflect.DeepEqual(c, want) {
			t.Errorf("%s: Load =\n%+v\nwant\n%+v", style, c, want)
		}
	}
}

func TestValidateSkipsUnusedStorage(t *testing.T) {
	c, err := Load(write(t, minimal+"storage: {type: dir, s3: {bucket: 'Not Valid', acl: nonsense}}\n"))
	if err != nil || c.Storage.S3.Bucket != "Not Valid" {
		t.Errorf("s3 settings with type dir: %v", err)
	}
	for _, acl := range cannedACLs {
		if _, err := Load(write(t, minimal+"storage: {type: s3, s3: {bucket: links, region: eu-central-1, acl: "+acl+"}}\n")); err != nil {
			t.Errorf("acl %s: %v", acl, err)
		}
	}
}

func TestProblemsAllAtOnce(t *testing.T) {
	_, err := Load(write(t, "company: {name: [a]}\nlocale: fr\nprefix: _x\ncolour: red\n"))
	var l problem.List
	if !errors.As(err, &l) {
		t.Fatalf("Load = %v, want a problem.List", err)
	}
	var fields []string
	for _, p := range l {
		fields = append(fields, p.Field)
	}
	// company.name is reported once, for its type, not again as missing.
	if got, want := strings.Join(fields, " "), "company.name colour locale base_url prefix"; got != want {
		t.Errorf("problems for %s, want %s:\n%v", got, want, err)
	}
}

// TestLegalPagesAndNewDays: the footer's pages may be any address a
// browser opens, with query or fragment; new_days 0 turns the marks off
// rather than falling back to the default.
func TestLegalPagesAndNewDays(t *testing.T) {
	c, err := Load(write(t, "company:\n  name: x\n  imprint_url: https://www.maler-schmitz.de/?page_id=3\n"+
		"  privacy_url: http://maler-schmitz.de/rechtliches#datenschutz\nbase_url: https://x.example\nnew_days: 0\n"))
	if err != nil {
		t.Fatal(err)
	}
	if c.Company.ImprintURL != "https://www.maler-schmitz.de/?page_id=3" || c.Company.PrivacyURL != "http://maler-schmitz.de/rechtliches#datenschutz" || c.NewDays != 0 {
		t.Errorf("imprint_url %q, privacy_url %q, new_days %d", c.Company.ImprintURL, c.Company.PrivacyURL, c.NewDays)
	}
}

func TestKeyWithoutValueKeepsDefault(t *testing.T) {
	c, err := Load(write(t, minimal+"storage:\ntemplates:\npublish: {concurrency: }\nnew_days:\n"))
	if err != nil || c.Storage.Type != "dir" || c.Publish.Concurrency != 16 || c.NewDays != 7 {
		t.Errorf("Load = %+v, %v; want the defaults", c, err)
	}
}

func TestLinkURL(t *testing.T) {
	const id = "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21"
	tests := []struct{ base, prefix, want string }{
		{"https://projekte.example.de", "p", "https://projekte.example.de/p/" + id + "/"},
		{"https://projekte.example.de/", "p", "https://projekte.example.de/p/" + id + "/"},
		{"https://projekte.example.de//", "links", "https://projekte.example.de/links/" + id + "/"},
		{"https://cdn.example.de/kunden", "p", "https://cdn.example.de/kunden/p/" + id + "/"},
	}
	for _, tt := range tests {
		c := &Config{BaseURL: tt.base, Prefix: tt.prefix}
		if got := c.LinkURL(id); got != tt.want {
			t.Errorf("LinkURL with %q, %q = %s, want %s", tt.base, tt.prefix, got, tt.want)
		}
	}
}

func TestDefaultIsValidButIncomplete(t *testing.T) {
	c := Default()
	c.Company.Name, c.BaseURL = "Maler", "https://x.example"
	if err := c.Validate(); err != nil {
		t.Errorf("Default() with name and base_url: %v", err)
	}
	if c.Location().String() != "Europe/Berlin" {
		t.Errorf("Location() of Default() = %v", c.Location())
	}
}

func checkProblem(t *testing.T, name string, err error, path string, line int, field, msg string) {
	t.Helper()
	var p *problem.Problem
	var l problem.List
	switch {
	case errors.As(err, &l):
		p = l[0]
	case !errors.As(err, &p):
		t.Errorf("%s: Load = %v, want a problem", name, err)
		return
	}
	if p.File != path || p.Line != line || p.Field != field || !strings.Contains(p.Error(), msg) {
		t.Errorf("%s: got %q (line %d, field %q); want line %d, field %q, containing %q", name, p, p.Line, p.Field, line, field, msg)
	}
}
