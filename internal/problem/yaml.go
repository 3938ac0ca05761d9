package problem

import (
	"regexp"
	"strconv"
	"strings"
)

// yamlLine finds the line in yaml.v3's syntax errors, which carry it only
// in the message.
var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// YAMLSyntax turns a yaml.v3 syntax error in file into a Problem naming its
// line. offset is the number of lines before the YAML text (e.g. the "---"
// opening a note's front matter).
func YAMLSyntax(file string, offset int, err error) *Problem {
	p := &Problem{
		File: file,
		Msg:  "invalid YAML: " + strings.TrimPrefix(err.Error(), "yaml: "),
		Hint: `check the indentation, and put quotes around text that contains ": " or starts with [, {, * or &`,
	}
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		// yaml.v3 counts lines from 0 in parser errors (all "did not find
		// expected …") and from 1 in scanner errors.
		if strings.HasPrefix(m[2], "did not find expected") {
			line++
		}
		p.Line, p.Msg = line+offset, "invalid YAML: "+m[2]
	}
	return p
}
